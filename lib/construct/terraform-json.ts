/**
 * Every value the construct writes into `cdk.tf.json` passes through here: each string is made literal for
 * Terraform ({@link terraformLiteral}), and one that cannot be written safely even escaped is refused.
 */
import { UntrustedValueError } from '../errors';
import { engineUnsafeReason, terraformLiteral } from '../sinks/terraform';
import { forTerminal } from '../sinks/terminal';

/**
 * A deep copy of a JSON-like value with every string (object keys included) made literal for Terraform, and
 * `undefined` values left out. `where` names the value in errors, for example `output ocr_<zone>_mappings`.
 * @throws {@link UntrustedValueError} when a string cannot be written safely (see {@link engineUnsafeReason})
 */
export function terraformLiteralDeep<T>(value: T, where: string): T {
  if (typeof value === 'string') return terraformLiteral(checked(value, where)) as T;
  if (Array.isArray(value)) return value.map((v: unknown, i) => terraformLiteralDeep(v, `${where}[${i}]`)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      // The path is only spelled out for an error or a nested value (a large map has thousands of keys).
      const at = (): string => `${where}[${JSON.stringify(k)}]`;
      out[terraformLiteral(checked(k, at))] =
        typeof v === 'string' ? terraformLiteral(checked(v, at)) : terraformLiteralDeep(v, at());
    }
    return out as T;
  }
  return value;
}

/**
 * {@link terraformLiteralDeep} of a flat string map, built in one pass from `items` into `into` (for the maps that
 * grow with a zone: building a 3,500-key object and then copying it cost about twice as much).
 */
export function terraformLiteralMap<T>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => string,
  where: string,
  into: Record<string, unknown> = {},
): Record<string, string> {
  const out = into as Record<string, string>;
  for (const item of items) {
    const k = key(item);
    const v = value(item);
    // The path is only spelled out for an error (a large map has thousands of entries).
    if (engineUnsafeReason(k) !== undefined || engineUnsafeReason(v) !== undefined) {
      const at = `${where}[${JSON.stringify(k)}]`;
      checked(k, at);
      checked(v, at);
    }
    out[terraformLiteral(k)] = terraformLiteral(v);
  }
  return out;
}

function checked(value: string, where: string | (() => string)): string {
  const reason = engineUnsafeReason(value);
  if (reason === undefined) return value;
  if (typeof where === 'function') where = where();
  throw new UntrustedValueError(
    where,
    `${forTerminal(where.slice(0, 200))}: a value (from the API, a snapshot, or a prop such as label) ${reason} and cannot be written into the synthesized stack. ` +
      "Nothing was emitted. Check the zone's mappings and supported_regions (or the snapshot file) for tampering, and fix them.",
  );
}
