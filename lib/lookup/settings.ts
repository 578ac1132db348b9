import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

// A lookup's switches: the request's option, else the environment variable, else false (the construct's rule without
// the cdktf context, which a plain lookup has not). Each throws InvalidInputError when the variable is not a boolean word.

/** Whether a lookup reads its snapshot instead of the API. */
export function resolveOffline(request: { readonly offline?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.offline, { prop: request.offline, env });
}

/** Whether a lookup checks its mappings against the published IP ranges. */
export function resolveVerifyIpRanges(request: { readonly verifyIpRanges?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.verifyIpRanges, { prop: request.verifyIpRanges, env });
}

/** Whether a lookup reports the zone's coverage (origins without a mapping, mappings without an origin). */
export function resolveCoverage(request: { readonly coverage?: boolean }, env: Env): boolean {
  return resolveSetting(SETTINGS.coverage, { prop: request.coverage, env });
}

/** The offline switch of one zone, and its snapshot file: absolute, read when offline, written when `write`. */
export function resolveSnapshotSettings(
  zoneId: string,
  request: { readonly snapshot?: boolean | string; readonly offline?: boolean; readonly snapshotDir?: string },
  env: Env,
  cwd: string,
) {
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

/** The folder of the snapshot files, relative to the working directory: the one rule for the lookup and `refresh`. */
export function resolveSnapshotDir(option: string | undefined, env: Env): string {
  return option ?? resolveSetting(SETTINGS.snapshotDir, { env });
}
