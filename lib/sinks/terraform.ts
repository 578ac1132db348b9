// Every string this package writes into `cdk.tf.json` passes through here: Terraform evaluates `${…}` and `%{…}` in
// every string of a JSON configuration, so a value from outside would otherwise become code (`${file("/etc/passwd")}`
// reads a local file into the plan). `$${` and `%%{` are Terraform's own escapes for a literal `${` and `%{`.

// cdktf (and cdktn) encode their own tokens as `${TfToken[…]}`, `#{TfToken[…]}` and `&{TfToken[…]}` inside
// strings and resolve them at synth: no escape exists that hides them from cdktf and still reads literally
// in Terraform, so such a value is refused rather than written.
const ENGINE_TOKEN = /[$#&]\{TfToken\[/;

/** Why `value` cannot be written into a synthesized stack even escaped, or `undefined` when it can. */
export function engineUnsafeReason(value: string): string | undefined {
  if (value.includes('{') && ENGINE_TOKEN.test(value)) return 'holds a cdktf token marker ("{TfToken[")';
  if (value === '__proto__') return 'is "__proto__", which cdktf silently drops as an object key';
  return undefined;
}

/** A string Terraform reads back literally: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(value: string): string {
  // Most values (IPs, ids) hold no brace: skip the two replacements (a large zone writes ~10,000 strings).
  if (!value.includes('{')) return value;
  return value.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

/** What {@link terraformLiteral} undoes: the string Terraform sees when it reads an escaped one. */
export function fromTerraformLiteral(value: string): string {
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
