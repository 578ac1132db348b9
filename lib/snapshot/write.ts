import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { zoneSnapshotSchema, type ZoneSnapshot } from './format';
import { SnapshotWriteError } from './errors';

/** Options of {@link writeSnapshot}. */
export interface WriteSnapshotOptions {
  /**
   * Called after each chunk reaches the temporary file, with the bytes written so far and the
   * total. For progress display; tests use it to kill a writer halfway.
   */
  readonly onProgress?: (bytesWritten: number, totalBytes: number) => void;
}

/** Size of each write to the temporary file. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Serializes a snapshot the one way this package writes it: pretty JSON with a final newline.
 * The key order is the builder's, so the same snapshot always gives the same bytes.
 */
export function serializeSnapshot(snapshot: ZoneSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + '\n';
}

/**
 * Writes a snapshot atomically: the bytes go to a uniquely named temporary file in the same
 * folder, which is flushed to disk and then renamed over `file` (and the folder is flushed so the
 * rename survives a power cut). A crash at any point leaves either the previous file or the new
 * one, never a half-written file; at worst a stale `.<name>.*.tmp` file remains, which is safe to
 * delete. Creates the folder when missing. Synchronous, so a synchronous synth can call it.
 *
 * @throws {@link InvalidInputError} when `snapshot` is not a valid snapshot
 * @throws {@link SnapshotWriteError} when the file system refuses; the previous file is unchanged
 */
export function writeSnapshot(file: string, snapshot: ZoneSnapshot, options: WriteSnapshotOptions = {}): void {
  const checked = zoneSnapshotSchema.safeParse(snapshot);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InvalidInputError(
      'snapshot',
      `The snapshot to write is not valid (${issue.path.join('.') || 'root'}: ${issue.message}). Build it with snapshotFromLookup().`,
    );
  }
  const bytes = Buffer.from(serializeSnapshot(snapshot), 'utf8');
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
