import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { nonBlankValue } from '../settings/env-value';
import { CONTEXT, ENV } from '../settings/names';
import { forTerminal } from '../sinks/terminal';
import { DEFAULT_SNAPSHOT_DIR } from '../snapshot/constants';

/** Environment variables the lookup and the construct read (besides the client's); named in `lib/settings/names.ts`. */
export const LOOKUP_ENV = Object.freeze({
  offline: ENV.offline,
  snapshotDir: ENV.snapshotDir,
  snapshot: ENV.snapshot,
  marker: ENV.marker,
  strict: ENV.strict,
  quiet: ENV.quiet,
  debug: ENV.debug,
  verifyIpRanges: ENV.verifyIpRanges,
  perPage: ENV.perPage,
});

/** cdktf context keys the construct reads (set them under `context` in cdktf.json); the environment wins over them. */
export const LOOKUP_CONTEXT = CONTEXT;

/** The default of each setting the lookup and the construct resolve (when no prop, variable or context key sets it). */
export const SETTING_DEFAULTS = Object.freeze({
  offline: false,
  snapshot: false,
  snapshotDir: DEFAULT_SNAPSHOT_DIR,
  marker: 'null_resource',
  strict: false,
  outputs: 'full',
  quiet: false,
  verifyIpRanges: false,
} as const);

/**
 * The one precedence rule of every setting: the prop, else the environment variable, else the cdktf
 * context key, else the default. Each source is parsed by `parse`, which names the source in its errors.
 */
export function pickSetting<T>(
  sources: { readonly prop: T | undefined; readonly env: unknown; readonly context: unknown },
  names: { readonly env: string; readonly context: string },
  parse: (value: unknown, field: string) => T | undefined,
  fallback: T,
): T {
  if (sources.prop !== undefined) return sources.prop;
  return parse(sources.env, names.env) ?? parse(sources.context, `context ${names.context}`) ?? fallback;
}

/** Parses a folder path setting: a non-blank string, or `undefined` when unset or blank. */
export function parseFolderSetting(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidInputError(field, `${field} must be a folder path (a string).`);
  }
  return value.trim() === '' ? undefined : value;
}

/**
 * Parses an on/off switch (offline, snapshot, quiet) from the environment or cdktf context: `1`/`true` → true,
 * `0`/`false`/empty → false. Booleans pass through (cdktf.json context may hold `true`).
 *
 * @throws {@link InvalidInputError} for any other value, naming `field`
 */
export function parseFlag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
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

/**
 * Whether a lookup reads its snapshot instead of the API: the request's `offline`, else
 * `ORIGIN_CLOUD_REGIONS_OFFLINE`, else false.
 *
 * @throws {@link InvalidInputError} when the environment variable is not a boolean word
 */
export function resolveOffline(
  request: { readonly offline?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  // The construct's rule (see resolveConstructSettings) without the cdktf context, which a plain lookup has not.
  return pickSetting(
    { prop: request.offline, env: env[LOOKUP_ENV.offline], context: undefined },
    { env: LOOKUP_ENV.offline, context: LOOKUP_CONTEXT.offline },
    parseFlag,
    SETTING_DEFAULTS.offline,
  );
}

/**
 * Whether a lookup checks its mappings against the published IP ranges: the request's `verifyIpRanges`, else
 * `ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES`, else false.
 *
 * @throws {@link InvalidInputError} when the environment variable is not a boolean word
 */
export function resolveVerifyIpRanges(
  request: { readonly verifyIpRanges?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return pickSetting(
    { prop: request.verifyIpRanges, env: env[LOOKUP_ENV.verifyIpRanges], context: undefined },
    { env: LOOKUP_ENV.verifyIpRanges, context: LOOKUP_CONTEXT.verifyIpRanges },
    parseFlag,
    SETTING_DEFAULTS.verifyIpRanges,
  );
}

/** What {@link resolveSnapshotSettings} returns: the resolved offline switch and snapshot file of one zone. */
export interface SnapshotSettings {
  /** Read the snapshot instead of the API. */
  readonly offline: boolean;
  /** Absolute path of the zone's snapshot file (read when offline, written when `write`). */
  readonly file: string;
  /** Whether an online lookup writes the snapshot. */
  readonly write: boolean;
}

/**
 * Resolves where a zone's snapshot lives and whether it is read or written. Pure given its inputs.
 *
 * Precedence for offline and the folder: the explicit option, then the environment, then the default.
 */
export function resolveSnapshotSettings(
  zoneId: string,
  request: { readonly snapshot?: boolean | string; readonly offline?: boolean; readonly snapshotDir?: string },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): SnapshotSettings {
  if (request.snapshot !== undefined && typeof request.snapshot !== 'boolean' && typeof request.snapshot !== 'string') {
    throw new InvalidInputError(
      'snapshot',
      'snapshot must be true (write <snapshotDir>/<zoneId>.json), a file path, or false.',
    );
  }
  if (typeof request.snapshot === 'string' && request.snapshot.trim() === '') {
    throw new InvalidInputError(
      'snapshot',
      'snapshot is an empty path; give a file path such as .origin-cloud-regions/<zoneId>.json, or true.',
    );
  }
  const offline = resolveOffline(request, env);
  const dir = resolveSnapshotDir(request.snapshotDir, env);
  const file =
    typeof request.snapshot === 'string'
      ? path.resolve(cwd, request.snapshot)
      : path.resolve(cwd, dir, `${zoneId}.json`);
  return { offline, file, write: !offline && request.snapshot !== undefined && request.snapshot !== false };
}

/**
 * The folder of the snapshot files: the option, else `ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR` (blank counts as
 * unset), else `.origin-cloud-regions`; relative to the working directory. The one rule for the lookup and `refresh`.
 */
export function resolveSnapshotDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return option ?? nonBlankValue(env[LOOKUP_ENV.snapshotDir]) ?? SETTING_DEFAULTS.snapshotDir;
}
