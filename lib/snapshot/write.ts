import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { OriginCloudRegionsError } from '../errors';
import { checkedForWriting, serializeSnapshot, type ZoneSnapshot } from './format';
import { readSnapshot } from './read';
import { SnapshotWriteError } from '../errors/snapshot';

/** Options of {@link writeSnapshot}. */
export interface WriteSnapshotOptions {
  /**
   * Called after each chunk reaches the temporary file, with the bytes written so far and the
   * total. For progress display; tests use it to kill a writer halfway.
   */
  readonly onProgress?: (bytesWritten: number, totalBytes: number) => void;
}

/** What {@link writeSnapshot} did. */
export interface SnapshotWriteResult {
  /** `false` when the file already held the same data and was left untouched. */
  readonly written: boolean;
  /** The snapshot the file holds now: the one given, or the file's own when nothing changed (its `changedAt` kept). */
  readonly snapshot: ZoneSnapshot;
}

/** Size of each write to the temporary file. */
const CHUNK_BYTES = 64 * 1024;

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
 * one, never a half-written file; at worst a stale `.<name>.*.tmp` file remains, which is safe to
 * delete. Creates the folder when missing. Synchronous, so a synchronous synth can call it.
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
  if (previous !== undefined && sameData(previous, checked)) return { written: false, snapshot: previous };
  const bytes = Buffer.from(serializeSnapshot(checked), 'utf8');
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(tmp, 'wx', 0o644);
    for (let offset = 0; offset < bytes.length;) {
      offset += fs.writeSync(fd, bytes, offset, Math.min(CHUNK_BYTES, bytes.length - offset));
      options.onProgress?.(offset, bytes.length);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(tmp);
    throw new SnapshotWriteError(file, describe(error), { cause: error });
  }
  syncDirectory(dir);
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

function sameData(a: ZoneSnapshot, b: ZoneSnapshot): boolean {
  return serializeSnapshot({ ...a, changedAt: '' }) === serializeSnapshot({ ...b, changedAt: '' });
}

function syncDirectory(dir: string): void {
  // Makes the rename durable. Some platforms (Windows) cannot open or fsync a folder; the rename
  // is still atomic there, so a failure here is not worth failing the write for.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // see above
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already failing; the original error matters more
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // already failing; the original error matters more
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e && typeof e.code === 'string' ? `${e.code} (${e.syscall ?? 'fs'})` : String(error);
}
