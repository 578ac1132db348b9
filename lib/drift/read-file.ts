/**
 * Reading input files safely: only regular files (checked with fstat on the opened descriptor, so a
 * link to /dev/zero or a FIFO never hangs or exhausts memory), up to a size limit, and, inside a
 * folder the user gave, never through a symbolic link that leads out of that folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Largest input file read (64 MiB): a snapshot of 3,500 mappings is well under 1 MiB; a plan of a big stack, a few MiB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Why a file could not be read, in words ending with the fix, and the errno code when there is one. */
export interface FileReadFailure {
  /** `missing` (ENOENT), `not-regular`, `too-large` or `unreadable`. */
  readonly reason: 'missing' | 'not-regular' | 'too-large' | 'unreadable';
  /** What is wrong and what to do, as a clause that follows "it" or the file name ("is a FIFO, not a regular file. …"), without a final period. */
  readonly problem: string;
  /** The underlying error, when there is one. */
  readonly cause?: unknown;
}

/**
 * Reads a whole regular file, refusing anything else.
 *
 * @param maxBytes - the size limit; defaults to {@link MAX_INPUT_BYTES}
 * @param onFailure - builds the caller's typed error
 */
export function readRegularFile(
  file: string,
  onFailure: (failure: FileReadFailure) => Error,
  maxBytes: number = MAX_INPUT_BYTES,
): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw onFailure(openFailure(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw onFailure({
        reason: 'not-regular',
        problem: `is ${kindOf(stat)}, not a regular file. Give a JSON file`,
      });
    }
    if (stat.size > maxBytes) throw onFailure(tooLarge(stat.size, maxBytes));
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(1, stat.size + 1)));
    for (;;) {
      const n = readChunk(fd, chunk, onFailure);
      if (n === 0) break;
      total += n;
      // The file may grow while it is read: the limit holds for what is read, not what fstat said.
      if (total > maxBytes) throw onFailure(tooLarge(total, maxBytes));
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

function readChunk(fd: number, chunk: Buffer, onFailure: (failure: FileReadFailure) => Error): number {
  try {
    return fs.readSync(fd, chunk, 0, chunk.length, null);
  } catch (error) {
    throw onFailure({
      reason: 'unreadable',
      problem: `cannot be read (${errnoOf(error)}). Check the file`,
      cause: error,
    });
  }
}

function tooLarge(size: number, maxBytes: number): FileReadFailure {
  const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return {
    reason: 'too-large',
    problem: `is ${mib(size)}, over the ${mib(maxBytes)} limit for an input file (a snapshot of 3,500 mappings is under 1 MiB). Check that this is the file you meant: a snapshot, a cdk.tf.json, plan JSON or an expectations file`,
  };
}

function openFailure(error: unknown): FileReadFailure {
  const code = errnoOf(error);
  if (code === 'ENOENT') return { reason: 'missing', problem: 'does not exist', cause: error };
  if (code === 'ELOOP')
    return { reason: 'unreadable', problem: 'is a symbolic link loop. Fix or remove the link', cause: error };
  return { reason: 'unreadable', problem: `cannot be opened (${code}). Check its permissions`, cause: error };
}

function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'I/O error';
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Resolves `p` (a path inside the folder `root`) and checks that it stays inside `root` once every
 * symbolic link is followed. Links that stay inside are followed; links out are refused, because a
 * committed folder could otherwise make the tool read any file on the machine (a CI runner's
 * secrets) or a device. Returns the real path, to read instead of `p`.
 *
 * @param realRoot - `fs.realpathSync(root)`
 * @param onEscape - builds the caller's typed error for a link that leads out (or a dangling link)
 */
export function realPathInside(p: string, realRoot: string, onEscape: (problem: string) => Error): string {
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') throw onEscape('is a symbolic link to a file that does not exist. Fix or remove the link');
    throw onEscape(`cannot be resolved (${code}). Check the file`);
  }
  const rel = path.relative(realRoot, real);
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))) return real;
  throw onEscape(
    'is a symbolic link that leads out of the folder given to diff, and links out of that folder are not followed. ' +
      'Replace the link with a copy of the file, or give the file itself as the argument',
  );
}
