import { OriginCloudRegionsError } from '../errors';
import { checkedForWriting, serializeSnapshot } from './format';
import type { ZoneSnapshot } from './rules';
import { readSnapshot } from './read';
import { SnapshotWriteError } from '../errors/snapshot';
import { writeFileAtomic, type WriteFileAtomicOptions } from '../files/write-file';

/** Options of {@link writeSnapshot}. */
export interface WriteSnapshotOptions extends WriteFileAtomicOptions {
  /**
   * Called once the file is known to change, before anything is written, with the snapshot the file holds now
   * (`undefined` when there is none, or none that can be read). `refresh` journals it there, so a run killed after
   * the write still reports the change. What it throws fails the write, and nothing is written.
   */
  readonly beforeReplace?: (previous: ZoneSnapshot | undefined) => void;
}

/** What {@link writeSnapshot} did. */
export interface SnapshotWriteResult {
  /** `false` when the file already held the same data and was left untouched. */
  readonly written: boolean;
  /** The snapshot the file holds now: the one given, or the file's own when nothing changed (its `changedAt` kept). */
  readonly snapshot: ZoneSnapshot;
}

/**
 * Writes a snapshot atomically (see `writeFileAtomic`), unless the file already holds the same data (all but
 * `changedAt`): then the file is not touched at all, so refreshing snapshots on every synth never dirties git when
 * nothing changed. A previous file that cannot be read as a snapshot is replaced. Synchronous (a synth is).
 *
 * @throws {@link InvalidInputError} when `snapshot` breaks the snapshot rules (the ones {@link readSnapshot} applies)
 * @throws {@link SnapshotWriteError} when the file system refuses; the previous file is unchanged
 */
export function writeSnapshot(
  file: string,
  snapshot: ZoneSnapshot,
  options: WriteSnapshotOptions = {},
): SnapshotWriteResult {
  const checked = checkedForWriting(snapshot);
  const previous = previousSnapshot(file);
  if (previous !== undefined && sameSnapshotData(previous, checked)) return { written: false, snapshot: previous };
  options.beforeReplace?.(previous);
  try {
    writeFileAtomic(file, Buffer.from(serializeSnapshot(checked), 'utf8'), options);
  } catch (error) {
    throw new SnapshotWriteError(file, describe(error), { cause: error });
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

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e && typeof e.code === 'string' ? `${e.code} (${e.syscall ?? 'fs'})` : String(error);
}
