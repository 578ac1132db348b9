import { InvalidInputError } from '../errors/base';
import { clip, forTerminal } from '../sinks/terminal';
import { SETTINGS, type SettingRow } from './table';

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where one setting's value may come from, in the order they win; `context` is `node.tryGetContext`. */
interface SettingSources {
  readonly prop?: unknown;
  readonly env?: Env;
  readonly context?: (key: string) => unknown;
  /** The name of the prop in messages, when it is not the row's (`client.perPage` for the construct). */
  readonly field?: string;
  /** The default instead of the row's (the rate budget is off for a loopback base URL). */
  readonly fallback?: unknown;
}

type Parsed<R> = R extends { kind: 'flag' }
  ? boolean
  : R extends { kind: 'integer' }
    ? number
    : R extends { values: readonly (infer V)[] }
      ? V
      : R extends { kind: 'value' }
        ? unknown
        : string;

/** What {@link resolveSetting} returns for a row: its parsed type, or its default's. */
export type SettingValue<R> = Parsed<R> | (R extends { default: infer D } ? D : undefined);

type Source = 'prop' | 'env' | 'context';

/**
 * The one precedence rule of every setting: the prop (or client option), else the environment variable, else the
 * cdktf context key, else the default.
 * @throws {@link InvalidInputError} naming the prop, variable or `context <key>` that holds a bad value
 */
export function resolveSetting<R extends SettingRow>(row: R, sources: SettingSources): SettingValue<R> {
  const tried: [unknown, string, Source][] = [[sources.prop, sources.field ?? row.prop ?? row.option ?? '', 'prop']];
  if (row.env !== undefined && sources.env !== undefined) {
    const variable = settingVariable(row, sources.env);
    tried.push([variable?.value, variable?.name ?? row.env, 'env']);
  }
  if (row.context !== undefined && sources.context !== undefined) {
    tried.push([sources.context(row.context), `context ${row.context}`, 'context']);
  }
  for (const [value, field, from] of tried) {
    const parsed = value === undefined ? undefined : parse(row, value, field, from);
    if (parsed !== undefined) return parsed as SettingValue<R>;
  }
  return ('fallback' in sources ? sources.fallback : row.default) as SettingValue<R>;
}

function spellings(row: SettingRow): readonly string[] {
  if (row.env === undefined) return [];
  return row.lowercaseFirst ? [row.env.toLowerCase(), row.env] : [row.env];
}

/** The variable of `env` that sets `row`, and the spelling it was found under (curl's, for a proxy variable). */
export function settingVariable(
  row: SettingRow,
  env: Env,
): { readonly name: string; readonly value: string } | undefined {
  for (const name of spellings(row)) {
    const value = env[name];
    if (value !== undefined && !(row.lowercaseFirst && value.trim() === '')) return { name, value };
  }
  return undefined;
}

/** The variables of `env` that set `rows` (every row by default), in every spelling: what the lookup worker gets. */
export function settingsIn(env: Env, rows: readonly SettingRow[] = Object.values(SETTINGS)): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of rows.flatMap(spellings)) {
    const value = env[name];
    if (value !== undefined) found[name] = value;
  }
  return found;
}

/** The credential variables of `env`: its API token, email and key, each `undefined` when unset. */
export function credentialsIn(env: Env): (string | undefined)[] {
  return [SETTINGS.apiToken, SETTINGS.apiEmail, SETTINGS.apiKey].map((row) => resolveSetting(row, { env }));
}

function parse(row: SettingRow, value: unknown, field: string, from: Source): unknown {
  switch (row.kind) {
    case 'flag':
      return parseFlag(value, field, from);
    case 'integer':
      return parseInteger(row, value, field, from);
    case 'oneOf':
      return from !== 'prop' && (value === null || value === '') ? undefined : checkOneOf(value, row.values!, field);
    case 'folder':
      return parseFolder(value, field);
    case 'trimmed':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    case 'text':
      return from !== 'prop' && value === '' ? undefined : value;
    case 'value':
      return value;
  }
}

// A prop must be a boolean; cdktf.json context may hold one too.
function parseFlag(value: unknown, field: string, from: Source): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (from === 'prop') throw new InvalidInputError(field, `${field} must be true or false, not ${typeof value}.`);
  if (value === null) return undefined;
  const text = (typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value))
    .trim()
    .toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '' || text === '0' || text === 'false') return false;
  throw new InvalidInputError(
    field,
    `${field} is ${forTerminal(JSON.stringify(value).slice(0, 80))}; use 1 or true to switch it on, 0 or false (or unset) to leave it off.`,
  );
}

// A prop must be a number; the environment and the context may hold digits (the environment nothing else).
function parseInteger(row: SettingRow, value: unknown, field: string, from: Source): number | undefined {
  let n = value;
  if (from !== 'prop' && typeof value === 'string') {
    if (value.trim() === '') return undefined;
    if (/^\s*\d+\s*$/.test(value)) n = Number(value.trim());
    else if (from === 'env') {
      throw new InvalidInputError(
        field,
        `Environment variable ${field}=${forTerminal(JSON.stringify(clip(value)))} is not a whole number. Set it to digits only, or unset it to use the default.`,
      );
    }
  }
  if (from !== 'prop' && n === null) return undefined;
  return validateInteger(n, field, row.min!, row.max!, row.hint!);
}

/** `value` when it is an integer within `[min, max]`; else an {@link InvalidInputError} ending with `hint`. */
export function validateInteger(value: unknown, field: string, min: number, max: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(
      field,
      `${field} must be an integer from ${min} to ${max}, got ${forTerminal(clip(JSON.stringify(value) ?? String(value)))}. ${hint}`,
    );
  }
  return value;
}

function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${forTerminal(value.slice(0, 80))}"` : typeof value;
  throw new InvalidInputError(field, `${field} is ${shown}, not one of ${allowed.join(', ')}. Pick one of them.`);
}

// No path is blank on purpose.
function parseFolder(value: unknown, field: string): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidInputError(field, `${field} must be a folder path (a string).`);
  }
  return value.trim() === '' ? undefined : value;
}
