import { validateHeaderName, validateHeaderValue } from 'node:http';
import { InvalidInputError } from '../errors';
import type { FaultKind, FaultRule } from './types';

const KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'malformed',
  'html',
  'truncate',
  'reset',
  'delay',
  'oversize',
  'envelope',
  'mutate',
];

interface Entry {
  readonly rule: FaultRule;
  readonly path: RegExp | undefined;
  seen: number;
  applied: number;
}

/** What a request looks like to fault matching. */
export interface FaultRequest {
  /** HTTP method (upper case). */
  readonly method: string;
  /** URL path without the query string. */
  readonly path: string;
  /** The `page` query parameter; 1 when absent or not a number. */
  readonly page: number;
}

/**
 * The active fault rules, in the order they were added.
 *
 * Every rule whose `match` fits a request counts it; the first rule that is past its `after` count
 * and has `times` left applies, and only that one.
 */
export class FaultBook {
  private entries: Entry[] = [];

  /** Validates and appends rules. @throws {@link InvalidInputError} on an unknown kind or a bad regex */
  public add(...rules: FaultRule[]): void {
    const checked = rules.map((rule) => checkRule(rule));
    this.entries.push(...checked);
  }

  /** Removes every rule. */
  public clear(): void {
    this.entries = [];
  }

  /** Counts `request` against the rules and returns the rule to apply, if any. */
  public pick(request: FaultRequest): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const entry of this.entries) {
      if (!matches(entry, request)) continue;
      entry.seen += 1;
      if (chosen) continue;
      const after = entry.rule.after ?? 0;
      const times = entry.rule.times ?? Number.POSITIVE_INFINITY;
      if (entry.seen > after && entry.applied < times) {
        entry.applied += 1;
        chosen = entry.rule;
      }
    }
    return chosen;
  }
}

function matches(entry: Entry, request: FaultRequest): boolean {
  const m = entry.rule.match;
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== request.method) return false;
  if (entry.path && !entry.path.test(request.path)) return false;
  if (m.page !== undefined && m.page !== request.page) return false;
  return true;
}

function checkRule(rule: FaultRule): Entry {
  if (typeof rule !== 'object' || rule === null || !KINDS.includes(rule.kind)) {
    throw new InvalidInputError(
      'kind',
      `fault kind ${JSON.stringify((rule as { kind?: unknown } | null)?.kind)} is unknown. Use one of ${KINDS.join(', ')}.`,
    );
  }
  let path: RegExp | undefined;
  if (rule.match?.path !== undefined) {
    try {
      path = new RegExp(rule.match.path);
    } catch (error) {
      throw new InvalidInputError(
        'match.path',
        `fault match.path is not a valid regular expression (${String(error)}). Fix the pattern.`,
      );
    }
  }
  for (const field of ['after', 'times', 'delayMs', 'bytes', 'status'] as const) {
    const v = rule[field];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new InvalidInputError(
        field,
        `fault ${field} must be a non-negative integer, got ${String(v)}. Fix the rule.`,
      );
    }
  }
  const checked = structuredClone(rule);
  if (rule.headers !== undefined) checked.headers = checkHeaders(rule.headers);
  return { rule: checked, path, seen: 0, applied: 0 };
}

// Headers Node itself computes from the body: a rule setting them would only break the framing.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

function checkHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new InvalidInputError('headers', 'fault headers must be an object of header names to strings. Fix the rule.');
  }
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    try {
      if (typeof value !== 'string') throw new TypeError('not a string');
      validateHeaderName(lower);
      validateHeaderValue(lower, value);
    } catch (error) {
      throw new InvalidInputError(
        'headers',
        `fault header ${JSON.stringify(name)} cannot be sent (${(error as Error).message}). Use a token name and a Latin-1 value without control characters other than U+0080–U+009F.`,
      );
    }
    if (FRAMING_HEADERS.has(lower)) {
      throw new InvalidInputError('headers', `fault header ${lower} is computed by the emulator. Leave it out.`);
    }
    out[lower] = value;
  }
  return out;
}
