/*
 * The value rules every string read from a file (snapshot, `cdk.tf.json`, plan JSON, expectations) passes: the
 * rules the client applies to API answers (lib/model/wire-schema.ts), the mapping shape, and valid IPs. Problems
 * name the field and never quote more than a short, terminal-escaped piece of the value.
 */
import { ABSURD_TOTAL_COUNT, MAX_TEXT_LENGTH, PRINTABLE } from '../model/wire-values';
import { canonicalIp, isMappableIp } from '../model/ip';
import { parsePlacement, type Placement } from '../model/mapping';
import { fromTerraformLiteral, terraformLiteral } from '../sinks/terraform';
import { forTerminal, quoteForMessage } from '../sinks/terminal';

/** Longest free-text value (a finding's message) read from a file. */
export const MAX_MESSAGE_LENGTH = 2_000;
/** Most mappings one zone may hold in a file: Cloudflare allows 3,500; far more is a broken file. */
export const MAX_MAPPINGS_PER_ZONE = ABSURD_TOTAL_COUNT;
const MAX_COLOS_PER_REGION = 100;
const MAX_KEY_IN_FIELD = 60;

/** What is wrong with a text value (non-empty, at most `max` characters, no control character), if anything. */
export function textProblem(value: unknown, max: number = MAX_TEXT_LENGTH): string | undefined {
  if (typeof value !== 'string') return `is ${describeType(value)}, not a string`;
  if (value === '') return 'is empty';
  if (value.length > max) return `is ${value.length.toLocaleString('en-US')} characters long, over the limit of ${max}`;
  if (!PRINTABLE.test(value)) {
    // eslint-disable-next-line no-control-regex -- finding the control character PRINTABLE refused
    const at = value.search(/[\u0000-\u001f\u007f-\u009f]/u);
    return `holds a control character (${forTerminal(value.charAt(at))} at position ${at + 1})`;
  }
  return undefined;
}

/** `name["key"]`, with the key escaped and cut so the field name stays short and inert. */
export function keyField(name: string, key: string): string {
  return `${name}["${quoteForMessage(key, MAX_KEY_IN_FIELD)}"]`;
}

/** A JSON type in words, for messages ("an object", "a list", "null"). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** How a reader reports a bad value: names the field and says what is wrong; the reader adds the fix. */
type ValueFailure = (field: string, problem: string) => never;

/** What a reader needs to check strings from one file. */
export interface ValueContext {
  /** Throws the reader's typed error for a bad value. */
  readonly fail: ValueFailure;
  /** Whether the strings are Terraform-escaped (`cdk.tf.json`): un-escaped, and an unescaped `${` or `%{` refused. */
  readonly terraformEscaped: boolean;
}

/** A string value checked against the rules (and un-escaped for `cdk.tf.json`); else `ctx.fail`. */
export function readText(ctx: ValueContext, field: string, raw: unknown, max: number = MAX_TEXT_LENGTH): string {
  if (typeof raw !== 'string') return ctx.fail(field, `is ${describeType(raw)}, not a string`);
  let value = raw;
  if (ctx.terraformEscaped) {
    if (terraformLiteral(fromTerraformLiteral(raw)) !== raw) {
      return ctx.fail(
        field,
        'holds a Terraform template sequence ("${" or "%{" not written as "$${" or "%%{"), which Terraform would evaluate instead of reading it as data',
      );
    }
    value = fromTerraformLiteral(raw);
  }
  const problem = textProblem(value, max);
  if (problem !== undefined) return ctx.fail(field, problem);
  return value;
}

/** A canonical origin IP from text already checked by {@link readText}; else `ctx.fail`. */
export function readIp(ctx: ValueContext, field: string, text: string): string {
  // The field names where the text is (a map key is in the field name); the text is not repeated.
  if (!isMappableIp(text)) return ctx.fail(field, 'is not an IPv4 or IPv6 address');
  return canonicalIp(text);
}

/** `vendor` and `region` from a `"<vendor>/<region>"` value, each checked; else `ctx.fail`. */
export function readPlacement(ctx: ValueContext, field: string, raw: unknown): Placement {
  const { vendor, region } = parsePlacement(readText(ctx, field, raw, 2 * MAX_TEXT_LENGTH + 1), field, ctx.fail);
  const problem = textProblem(vendor) ?? textProblem(region);
  if (problem !== undefined) return ctx.fail(field, `is "<vendor>/<region>" whose vendor or region ${problem}`);
  return { vendor, region };
}

/** A list of upper-tier colo codes, each checked by {@link readText}; else `ctx.fail`. */
export function readColos(ctx: ValueContext, field: string, raw: unknown): string[] {
  if (!Array.isArray(raw)) return ctx.fail(field, `is ${describeType(raw)}, not a list of colo codes`);
  if (raw.length > MAX_COLOS_PER_REGION) {
    return ctx.fail(field, `lists ${raw.length} colos, over the limit of ${MAX_COLOS_PER_REGION}`);
  }
  return raw.map((c: unknown, i) => readText(ctx, `${field}[${i}]`, c));
}

/**
 * Checks every string and object key in parsed JSON against the value rules, so that a file whose other fields
 * a schema checks (snapshots) cannot carry control characters or huge strings into a message. Iterative, with a
 * depth limit, so deeply nested input cannot exhaust the stack.
 */
export function checkAllStrings(data: unknown, fail: ValueFailure, maxDepth = 32): void {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value: data, field: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem !== undefined) fail(field || 'the document', problem);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) fail(field || 'the document', `is nested more than ${maxDepth} levels deep`);
    if (Array.isArray(value)) {
      value.forEach((v: unknown, i) => stack.push({ value: v, field: `${field}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const problem = textProblem(key);
      if (problem !== undefined) fail(`a key in ${field || 'the document'}`, problem);
      stack.push({
        value: v,
        field: /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (field ? `${field}.${key}` : key) : keyField(field, key),
        depth: depth + 1,
      });
    }
  }
}
