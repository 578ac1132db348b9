import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { isUtf8 } from 'node:buffer';
import {
  FolderIsAFileError,
  InputFileNotFoundError,
  InputFileNotUtf8Error,
  InputFileOutsideFolderError,
  InputFileTooLargeError,
  InputFileUnreadableError,
  NotARegularFileError,
  type NonRegularFileKind,
} from '../errors/files';
import { OriginCloudRegionsError } from '../errors/base';
import { fileInFolderPath, statOf } from './folder';

/** Default limit of {@link readRegularFile}: a `terraform show -json` plan of a large stack is tens of megabytes. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface ReadRegularFileOptions {
  /** What the file is read as, in lower case, for messages: `snapshot`, `plan`, `expectations file`. */
  readonly what: string;
  /** Largest file accepted, in bytes; a larger file is refused before any of it is read. @default 64 MiB */
  readonly maxBytes?: number;
  /**
   * Whether a symbolic link at `path` itself is followed (links above it always are). `false` for the entries of
   * a folder being scanned, so that a link committed to a repository cannot make the reader open a file outside it.
   * @default true
   */
  readonly followSymlinks?: boolean;
  /**
   * The folder the user gave that `path` was found in: links, at `path` or in the folders between, are then
   * followed only while they stay inside it ({@link InputFileOutsideFolderError} otherwise).
   * @default no folder: links are followed wherever they lead
   */
  readonly insideFolder?: string;
  /** The fix sentence of {@link InputFileTooLargeError}, when the caller knows a better one. */
  readonly tooLargeFix?: string;
}

// Opened non-blocking: opening a FIFO for reading otherwise blocks until a writer appears, before fstat
// could refuse it. O_NOCTTY: opening a terminal device must not make it the controlling terminal. Both
// are absent on Windows (0 then), where neither problem exists.
const BASE_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Largest single read: a file growing while read cannot exceed the limit. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads a file given from outside (a snapshot, a plan, an expectations file): only a regular file, and only up to
 * a size limit. Synchronous, so a synchronous synth can call it.
 *
 * The path is checked with `stat` (or `lstat`), then opened non-blocking and checked again with `fstat` on the open
 * descriptor, which is what decides (a file swapped between the two checks is still caught). A folder, a FIFO, a
 * device, a socket (or a link when not followed) is refused without reading a byte.
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions): Buffer {
  const what = options.what;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative integer, not ${String(maxBytes)}`);
  }
  const follow = options.followSymlinks ?? true;
  const folder = options.insideFolder;
  if (!follow && folder !== undefined) {
    const link = systemCall(path, what, false, () => fs.lstatSync(path));
    refuseUnlessRegular(path, what, link);
  }
  // Inside a folder, the file's real path is opened: no link is left in it to follow (a link swapped in
  // after the check is refused by O_NOFOLLOW). Messages still name `path`, as the user knows it.
  const opened = folder === undefined ? path : realPathInside(path, folder, what);
  const noFollow = !follow || folder !== undefined;

  // Refuses a device or FIFO before opening it at all (opening some devices has side effects).
  const call = <T>(run: () => T): T => systemCall(path, what, !noFollow, run);
  const before = call(() => (noFollow ? fs.lstatSync(opened) : fs.statSync(opened)));
  refuseUnlessRegular(path, what, before);

  const fd = call(() => fs.openSync(opened, BASE_FLAGS | (noFollow ? NOFOLLOW : 0)));
  try {
    const stats = call(() => fs.fstatSync(fd));
    refuseUnlessRegular(path, what, stats);
    if (stats.size > maxBytes) throw new InputFileTooLargeError(path, what, stats.size, maxBytes, options.tooLargeFix);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte more than the limit allows is enough to know the file is too large.
      const buffer = Buffer.allocUnsafe(
        Math.min(CHUNK_BYTES, maxBytes + 1 - total, stats.size > 0 ? stats.size + 1 : CHUNK_BYTES),
      );
      const read = call(() => fs.readSync(fd, buffer, 0, buffer.length, null));
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw new InputFileTooLargeError(path, what, undefined, maxBytes, options.tooLargeFix);
      chunks.push(buffer.subarray(0, read));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * {@link readRegularFile} decoded as UTF-8 ({@link InputFileNotUtf8Error} otherwise), a leading byte-order mark
 * dropped (some editors write one, and `JSON.parse` refuses it).
 */
export function readRegularTextFile(path: string, options: ReadRegularFileOptions): string {
  const bytes = readRegularFile(path, options);
  if (!isUtf8(bytes)) throw new InputFileNotUtf8Error(path, options.what);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a file that is only a hint (refresh's state and journal): a missing file is no text, and one this package
 * refuses to read is ignored with the reason, fit for a warning, instead of failing the job.
 */
export function readHintTextFile(
  path: string,
  options: ReadRegularFileOptions,
): { readonly text?: string; readonly ignored?: string } {
  try {
    return { text: readRegularTextFile(path, options) };
  } catch (error) {
    if (error instanceof InputFileNotFoundError) return {};
    if (error instanceof OriginCloudRegionsError) return { ignored: error.message };
    throw error;
  }
}

/**
 * The real path of `path`, checked to lie inside `folder`, so that a folder committed to a repository cannot make
 * a reader open a file elsewhere on the machine (a CI runner's secrets) or a device. Nothing is opened. A link to
 * nothing is {@link InputFileNotFoundError}.
 */
export function realPathInside(path: string, folder: string, what: string): string {
  const realFolder = systemCall(folder, what, true, () => fs.realpathSync(folder));
  let real: string;
  try {
    real = fs.realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' && statOf(path, fs.lstatSync)?.isSymbolicLink() === true) {
      throw new InputFileNotFoundError(path, what, { danglingLink: true, cause: error });
    }
    return systemCall(path, what, true, () => {
      throw error;
    });
  }
  const rel = nodePath.relative(realFolder, real);
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(rel))) return real;
  throw new InputFileOutsideFolderError(path, what);
}

function refuseUnlessRegular(path: string, what: string, stats: fs.Stats): void {
  if (!stats.isFile()) throw new NotARegularFileError(path, what, kindOf(stats));
}

function kindOf(stats: fs.Stats): NonRegularFileKind {
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSocket()) return 'socket';
  if (stats.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

function systemCall<T>(path: string, what: string, follow: boolean, call: () => T): T {
  try {
    return call();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw error;
    const folder = code === 'ENOTDIR' ? fileInFolderPath(nodePath.dirname(path)) : undefined;
    if (folder !== undefined) throw new FolderIsAFileError(path, what, folder, undefined, { cause: error });
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputFileNotFoundError(path, what, { cause: error });
    // O_NOFOLLOW on a link fails with ELOOP (EMLINK on FreeBSD); when following, ELOOP is a loop of links.
    if (!follow && (code === 'ELOOP' || code === 'EMLINK'))
      throw new NotARegularFileError(path, what, 'symbolic link', { cause: error });
    if (code === 'EISDIR') throw new NotARegularFileError(path, what, 'folder', { cause: error });
    throw new InputFileUnreadableError(path, what, code, { cause: error });
  }
}
