import { OriginCloudRegionsError } from '../errors';
import { checkedForWriting, serializeSnapshot, type ZoneSnapshot } from './format';
import { readSnapshot } from './read';
import { SnapshotWriteError } from '../errors/snapshot';
import { writeFileAtomic } from '../files/write-file';

/** Options of {@link writeSnapshot}. */
export interface WriteSnapshotOptions {
  /**
   * Called after each chunk reaches the temporary file, with the bytes written so far and the
   * total. For progress display; tests use it to kill a writer halfway.
   */
  readonly onProgress?: (bytesWritten: number, totalBytes: number) => void;
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
 * Writes a snapshot, unless the file already holds the same data; then the file is not touched at all
 * (same bytes, same modification time), so refreshing snapshots on every synth never dirties git when
 * nothing changed. "The same data" is the zone, the label, the mappings, the supported regions and the IP range
 * verdicts with their feed versions, when recorded; `changedAt` does not count, and the file's own `changedAt` is kept (a version-1 file is kept as it is,
 * too). A previous file that cannot be read as a snapshot is replaced.
 *
 * The write is atomic: the bytes go to a uniquely named temporary file in the same
 * folder, which is flushed to disk and then renamed over `file` (and the folder is flushed so the
 * rename survives a power cut). A crash at any point leaves either the previous file or the new
 * one, never a half-written file; a failed write removes its temporary file, and only a killed writer can leave a
 * stale `.<name>.*.tmp` file, which is safe to delete (`refresh` removes those of dead processes). Creates the folder when missing. Synchronous, so a synchronous synth can call it.
 *
 * @returns whether the file was written, and the snapshot it holds now
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

/** Whether two snapshots hold the same data: everything but `changedAt` (what decides whether a write happens). */
export function sameSnapshotData(a: ZoneSnapshot, b: ZoneSnapshot): boolean {
  return serializeSnapshot({ ...a, changedAt: '' }) === serializeSnapshot({ ...b, changedAt: '' });
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e && typeof e.code === 'string' ? `${e.code} (${e.syscall ?? 'fs'})` : String(error);
}
