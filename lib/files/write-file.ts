import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeFolder } from './folder';

export interface WriteFileAtomicOptions {
  /** Called after each chunk reaches the temporary file (tests use it to kill a writer halfway). */
  readonly onProgress?: (bytesWritten: number, totalBytes: number) => void;
  /** The file's permissions. @default 0o644 */
  readonly mode?: number;
}

const CHUNK_BYTES = 64 * 1024;
// `.<name>.<pid>.<12 hex digits>.tmp`: the temporary files writeFileAtomic makes.
const TEMP_FILE = /^\.(.+)\.(\d{1,10})\.[0-9a-f]{12}\.tmp$/;

/**
 * Writes `bytes` to `file` atomically: a temporary file in the same folder, flushed, renamed over `file`, and the
 * folder flushed so the rename survives a power cut. A crash leaves the old file or the new one, never half of one;
 * a failed write removes its temporary file and throws the file system's own error, for the caller to word.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array, options: WriteFileAtomicOptions = {}): void {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  const tmp = path.join(
    dir,
    `${base.startsWith('.') ? '' : '.'}${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number | undefined;
  try {
    makeFolder(dir);
    fd = fs.openSync(tmp, 'wx', options.mode ?? 0o644);
    for (let offset = 0; offset < bytes.length;) {
      offset += fs.writeSync(fd, bytes, offset, Math.min(CHUNK_BYTES, bytes.length - offset));
      options.onProgress?.(offset, bytes.length);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) quietly(() => fs.closeSync(fd!));
    quietly(() => fs.rmSync(tmp, { force: true }));
    throw error;
  }
  syncDirectory(dir);
}

/**
 * Removes the temporary files {@link writeFileAtomic} left in `dir` for any of `names` when their writer was killed:
 * only files of that exact pattern whose process is gone, best effort. Returns the names removed.
 */
export function removeStaleTempFiles(dir: string, names: (name: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const m = TEMP_FILE.exec(entry);
    // The temporary name adds a dot in front of a name that has none.
    if (m === null || !(names(m[1]) || names(`.${m[1]}`)) || processAlive(Number(m[2]))) continue;
    quietly(() => {
      fs.rmSync(path.join(dir, entry), { force: true });
      removed.push(entry);
    });
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Makes the rename durable. Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic
// there, so a failure here is not worth failing the write for.
function syncDirectory(dir: string): void {
  quietly(() => {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** Runs a best-effort step (a clean-up), whose own failure must not hide the error being handled. */
export function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // already failing or best effort: the original error matters more
  }
}
