/**
 * The Terraform JSON sink: every string this package writes into `cdk.tf.json` passes through here.
 *
 * Terraform evaluates `${…}` and `%{…}` inside every string of a JSON configuration (outputs and
 * resource arguments included), so a value from outside (the API, a snapshot) would otherwise become
 * code: `${file("/etc/passwd")}` reads a local file into the plan. `$${` and `%%{` are Terraform's own
 * escapes for a literal `${` and `%{`.
 */

/** A string Terraform reads back literally: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(value: string): string {
  return value.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

/** What {@link terraformLiteral} undoes: the string Terraform sees when it reads an escaped one. */
export function fromTerraformLiteral(value: string): string {
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/**
 * A deep copy of a JSON-like value with every string (object keys included) made literal for Terraform.
 * Objects come back as plain objects (keys set with defineProperty, so `__proto__` stays a key), which cdktf can synthesize.
 */
export function terraformLiteralDeep<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => terraformLiteralDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      Object.defineProperty(out, terraformLiteral(k), {
        value: terraformLiteralDeep(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return value;
}
