import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

/**
 * Whether a lookup reads its snapshot instead of the API: the request's `offline`, else
 * `ORIGIN_CLOUD_REGIONS_OFFLINE`, else false. (The construct's rule without the cdktf context, which a plain
 * lookup has not.)
 *
 * @throws {@link InvalidInputError} when the environment variable is not a boolean word
 */
export function resolveOffline(request: { readonly offline?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.offline, { prop: request.offline, env });
}

/**
 * Whether a lookup checks its mappings against the published IP ranges: the request's `verifyIpRanges`, else
 * `ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES`, else false.
 *
 * @throws {@link InvalidInputError} when the environment variable is not a boolean word
 */
export function resolveVerifyIpRanges(request: { readonly verifyIpRanges?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.verifyIpRanges, { prop: request.verifyIpRanges, env });
}

/**
 * Whether a lookup reports the zone's coverage (origins without a mapping, mappings without an origin): the
 * request's `coverage`, else `ORIGIN_CLOUD_REGIONS_COVERAGE`, else false.
 *
 * @throws {@link InvalidInputError} when the environment variable is not a boolean word
 */
export function resolveCoverage(request: { readonly coverage?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.coverage, { prop: request.coverage, env });
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
  env: Env,
  cwd: string,
): SnapshotSettings {
  checkSnapshotOption(request.snapshot);
  const offline = resolveOffline(request, env);
  const dir = resolveSnapshotDir(request.snapshotDir, env);
  const file =
    typeof request.snapshot === 'string'
      ? path.resolve(cwd, request.snapshot)
      : path.resolve(cwd, dir, `${zoneId}.json`);
  return { offline, file, write: !offline && request.snapshot !== undefined && request.snapshot !== false };
}

/**
 * Checks the `snapshot` prop or option: `true`, `false` or a file path.
 * @throws {@link InvalidInputError} (field `snapshot`) for anything else, an empty path included
 */
export function checkSnapshotOption(value: unknown): boolean | string | undefined {
  if (typeof value === 'string' && value.trim() === '') {
    throw new InvalidInputError(
      'snapshot',
      'snapshot is an empty path; give a file path such as .origin-cloud-regions/<zoneId>.json, or true.',
    );
  }
  if (value === undefined || typeof value === 'boolean' || typeof value === 'string') return value;
  throw new InvalidInputError(
    'snapshot',
    'snapshot must be true (write <snapshotDir>/<zoneId>.json), a file path, or false.',
  );
}

/**
 * The folder of the snapshot files: the option, else `ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR` (blank counts as
 * unset), else `.origin-cloud-regions`; relative to the working directory. The one rule for the lookup and `refresh`.
 */
export function resolveSnapshotDir(option: string | undefined, env: Env): string {
  return option ?? resolveSetting(SETTINGS.snapshotDir, { env });
}
