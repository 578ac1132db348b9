import * as path from 'node:path';
import { parseJsonOrUndefined } from '../files/json-text';
import { readHintTextFile } from '../files/read-regular-file';
import { FileWriteError } from '../errors/files';
import { writeFileAtomic } from '../files/write-file';
import { compareCodeUnits } from '../model/order';
import { ZONE_ID } from '../client/validate-input';
import { isRecord } from '../model/record';

// When each zone's snapshot was last refreshed, for the order of the next run: an unchanged snapshot keeps its bytes
// and its `changedAt`, so snapshots alone cannot tell.

/** File name of the refresh state inside the snapshot folder. */
export const REFRESH_STATE_FILE = '.refresh-state.json';
const REFRESH_STATE_FORMAT = 'origin-cloud-regions-refresh-state';
/** Largest state file read (500 zones take about 40 KB). */
const MAX_STATE_BYTES = 4 * 1024 * 1024;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/;

/** Zone id → when its snapshot was last refreshed (RFC 3339). */
type RefreshState = ReadonlyMap<string, string>;

/**
 * Reads the state file of `dir`, only an ordering hint: a broken one (hand-edited, merge conflict) is `ignored`, with
 * a reason for a warning, instead of failing the job; an entry that is not a zone id with an RFC 3339 time is dropped.
 */
export function readRefreshState(dir: string): { readonly state: RefreshState; readonly ignored?: string } {
  const file = path.join(dir, REFRESH_STATE_FILE);
  const read = readHintTextFile(file, { what: 'refresh state', maxBytes: MAX_STATE_BYTES, followSymlinks: false });
  if (read.text === undefined) return { state: new Map(), ...read };
  const data = parseJsonOrUndefined(read.text);
  if (data === undefined) return { state: new Map(), ignored: `${file} is not JSON` };
  const zones = isRecord(data) && data.format === REFRESH_STATE_FORMAT ? data.zones : undefined;
  if (!isRecord(zones)) return { state: new Map(), ignored: `${file} is not a refresh state file` };
  const state = new Map<string, string>();
  for (const [zoneId, at] of Object.entries(zones)) {
    if (ZONE_ID.test(zoneId) && typeof at === 'string' && RFC3339.test(at) && !Number.isNaN(Date.parse(at))) {
      state.set(zoneId, at);
    }
  }
  return { state };
}

/** Writes the state file atomically. @throws {@link FileWriteError} naming the cause and the fix */
export function writeRefreshState(dir: string, state: RefreshState): void {
  const file = path.join(dir, REFRESH_STATE_FILE);
  // Zones sorted by id, one per line, so a committed file diffs well.
  const zones: Record<string, string> = {};
  for (const zoneId of [...state.keys()].sort()) zones[zoneId] = state.get(zoneId)!;
  try {
    writeFileAtomic(
      file,
      Buffer.from(JSON.stringify({ format: REFRESH_STATE_FORMAT, version: 1, zones }, null, 2) + '\n', 'utf8'),
    );
  } catch (error) {
    throw new FileWriteError(file, 'refresh state', error);
  }
}

/** Zones never refreshed first, then the least recently refreshed; ties by id. */
export function refreshOrder(zoneIds: readonly string[], state: RefreshState): string[] {
  const unique = [...new Set(zoneIds)];
  const when = (id: string): number => {
    const at = state.get(id);
    return at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(at);
  };
  return unique.sort((a, b) => when(a) - when(b) || compareCodeUnits(a, b));
}
