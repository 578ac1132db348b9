import { InvalidInputError } from '../errors';
import {
  LOOKUP_CONTEXT,
  LOOKUP_ENV,
  parseFlag,
  parseFolderSetting,
  pickSetting,
  SETTING_DEFAULTS,
} from '../lookup/settings';
import { forTerminal } from '../sinks/terminal';
import { validatePerPage } from '../client/validate-input';
import { OUTPUT_SETS, type OutputSet } from './outputs';
import { MARKER_KINDS, type MarkerKind, type OriginCloudRegionsProps } from './props';

/**
 * The construct's settings, resolved once per lookup by one rule (see `pickSetting`): the prop, else the
 * environment variable, else the cdktf context key, else the default. Pure: the caller passes the
 * environment and a context reader, so the same function serves any engine and any test.
 */
export interface ConstructSettings {
  /** Read the snapshot instead of the API. */
  readonly offline: boolean;
  /** Write the snapshot after an online lookup: `true`, a file path, or `undefined` for no snapshot. */
  readonly snapshot: boolean | string | undefined;
  /** The snapshot folder, when one is set anywhere (else the lookup's default). */
  readonly snapshotDir: string | undefined;
  /** The drift marker kind. */
  readonly marker: MarkerKind;
  /** Findings are error annotations (the synth fails), not warnings. */
  readonly strict: boolean;
  /** Which outputs to emit. */
  readonly outputs: OutputSet;
  /** Print no summary line on success. */
  readonly quiet: boolean;
  /** Check the mappings against the clouds' published IP ranges. */
  readonly verifyIpRanges: boolean;
  /** Mappings per page asked for, when set anywhere (else the client's default). */
  readonly perPage: number | undefined;
}

/**
 * Resolves every setting of one lookup.
 *
 * @param props - the construct's props
 * @param env - the environment (`props.client.env` when given, else `process.env`)
 * @param context - reads a cdktf context key (`node.tryGetContext`)
 * @throws {@link InvalidInputError} naming the prop, variable or context key that holds a bad value
 */
export function resolveConstructSettings(
  props: OriginCloudRegionsProps,
  env: Readonly<Record<string, string | undefined>>,
  context: (key: string) => unknown,
): ConstructSettings {
  const pick = <T>(
    key: 'offline' | 'snapshot' | 'snapshotDir' | 'marker' | 'strict' | 'quiet' | 'verifyIpRanges' | 'perPage',
    prop: T | undefined,
    parse: (value: unknown, field: string) => T | undefined,
    fallback: T,
  ): T =>
    pickSetting(
      { prop, env: env[LOOKUP_ENV[key]], context: context(LOOKUP_CONTEXT[key]) },
      { env: LOOKUP_ENV[key], context: LOOKUP_CONTEXT[key] },
      parse,
      fallback,
    );
  const offline = pick('offline', checkBoolean(props.offline, 'offline'), parseFlag, SETTING_DEFAULTS.offline);
  const snapshot = pick<boolean | string>(
    'snapshot',
    checkSnapshotProp(props.snapshot),
    parseFlag,
    SETTING_DEFAULTS.snapshot,
  );
  // A blank prop counts as unset, as a blank variable does; a non-string is refused, naming the prop.
  const snapshotDir = pick<string | undefined>(
    'snapshotDir',
    parseFolderSetting(props.snapshotDir, 'snapshotDir'),
    parseFolderSetting,
    undefined,
  );
  const marker = pick<MarkerKind>(
    'marker',
    checkOneOf(props.marker, MARKER_KINDS, 'marker'),
    parseMarker,
    SETTING_DEFAULTS.marker,
  );
  const strict = pick('strict', checkBoolean(props.strict, 'strict'), parseFlag, SETTING_DEFAULTS.strict);
  const quiet = pick('quiet', checkBoolean(props.quiet, 'quiet'), parseFlag, SETTING_DEFAULTS.quiet);
  const outputs = checkOneOf(props.outputs, OUTPUT_SETS, 'outputs') ?? SETTING_DEFAULTS.outputs;
  const verifyIpRanges = pick(
    'verifyIpRanges',
    checkBoolean(props.verifyIpRanges, 'verifyIpRanges'),
    parseFlag,
    SETTING_DEFAULTS.verifyIpRanges,
  );
  // The prop is client.perPage, where every client option lives; the client reads the variable too, but not the context.
  const perPage = pick<number | undefined>(
    'perPage',
    parsePerPageSetting(props.client?.perPage, 'client.perPage'),
    parsePerPageSetting,
    undefined,
  );
  const base = { offline, snapshot: snapshot === false ? undefined : snapshot, snapshotDir, marker, outputs, quiet };
  return { ...base, strict, verifyIpRanges, perPage };
}

/**
 * Parses a page size from a prop, variable or context key: a whole number 1..100 (a string of digits from the
 * environment or cdktf.json), or `undefined` when unset or blank.
 */
function parsePerPageSetting(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const n = typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
  return validatePerPage(n, field);
}

function parseMarker(value: unknown, field: string): MarkerKind | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return checkOneOf(value, MARKER_KINDS, field);
}

function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${forTerminal(value.slice(0, 80))}"` : typeof value;
  throw new InvalidInputError(field, `${field} is ${shown}, not one of ${allowed.join(', ')}. Pick one of them.`);
}

function checkBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InvalidInputError(field, `${field} must be true or false, not ${typeof value}.`);
}

function checkSnapshotProp(value: unknown): boolean | string | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new InvalidInputError(
    'snapshot',
    'snapshot must be true (write <snapshotDir>/<zoneId>.json), a file path, or false.',
  );
}
