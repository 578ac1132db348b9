import { OriginCloudRegionsError } from '../errors';
import { checkedForWriting, serializeSnapshot } from './format';
import type { ZoneSnapshot } from './rules';
import { readSnapshot } from './read';
import { SnapshotWriteError } from '../errors/snapshot';
import { writeFileAtomic, type WriteFileAtomicOptions } from '../files/write-file';

/**
 * Writes a snapshot atomically, unless the file already holds the same data (all but `changedAt`): then it is not
 * touched, so refreshing snapshots on every synth never dirties git when nothing changed. Returns whether it wrote,
 * and the snapshot the file holds now. `beforeReplace` gets the snapshot the file holds once it is known to change,
 * before anything is written: `refresh` journals it there, so a run killed after the write still reports the change.
 */
export function writeSnapshot(
  file: string,
  snapshot: ZoneSnapshot,
  options: WriteFileAtomicOptions & { readonly beforeReplace?: (previous: ZoneSnapshot | undefined) => void } = {},
): { readonly written: boolean; readonly snapshot: ZoneSnapshot } {
  const checked = checkedForWriting(snapshot);
  const previous = previousSnapshot(file);
  if (previous !== undefined && sameSnapshotData(previous, checked)) return { written: false, snapshot: previous };
  options.beforeReplace?.(previous);
  try {
    writeFileAtomic(file, Buffer.from(serializeSnapshot(checked), 'utf8'), options);
  } catch (error) {
    // A system error gives its own words (see SnapshotWriteError); anything else is named as it is.
    throw new SnapshotWriteError(file, String(error), { cause: error });
  }
  return { written: true, snapshot: checked };
}

function previousSnapshot(file: string): ZoneSnapshot | undefined {
  try {
    return readSnapshot(file);
  } catch (error) {
    // Missing, unreadable, not a regular file, not a valid snapshot: it is replaced (if the path cannot be
    // replaced, such as a folder, the rename fails with a SnapshotWriteError).
    if (error instanceof OriginCloudRegionsError) return undefined;
    throw error;
  }
}

function sameSnapshotData(a: ZoneSnapshot, b: ZoneSnapshot): boolean {
  return serializeSnapshot({ ...a, changedAt: '' }) === serializeSnapshot({ ...b, changedAt: '' });
}
