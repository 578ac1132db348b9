import * as path from 'node:path';
import { OriginCloudRegionsError } from './base';
import { forTerminal } from '../sinks/terminal';

/** Base class of the errors lib/files throws; callers wanting their own wording wrap it, reusing `problem` and `fix`. */
export class InputFileError extends OriginCloudRegionsError {
  /** The path as given (not resolved). */
  public readonly path: string;
  /** What the file was read as, for example `snapshot` or `plan`. */
  public readonly what: string;
  /** What is wrong, without the path or the fix, for example `it is a FIFO (named pipe), not a regular file`. */
  public readonly problem: string;
  /** What to do, as the sentence that ends the message, for example `Give the path of a regular file.` */
  public readonly fix: string;

  public constructor(code: string, file: string, what: string, problem: string, fix: string, options?: ErrorOptions) {
    super(code, `${capitalize(what)} ${forTerminal(file)}: ${problem}. ${fix}`, options);
    this.path = file;
    this.what = what;
    this.problem = problem;
    this.fix = fix;
  }
}

/** The file does not exist, or (read with `insideFolder`) it is a symbolic link to nothing. */
export class InputFileNotFoundError extends InputFileError {
  public constructor(file: string, what: string, options?: ErrorOptions & { readonly danglingLink?: boolean }) {
    const dangling = options?.danglingLink === true;
    super(
      'OCR_FILE_NOT_FOUND',
      file,
      what,
      dangling ? 'it is a symbolic link to a file that does not exist' : 'it does not exist',
      dangling ? 'Fix or remove the link.' : 'Check the path.',
      options,
    );
  }
}

/** A symbolic link leads out of the folder read, which could otherwise expose a CI runner's secrets; nothing was read. */
export class InputFileOutsideFolderError extends InputFileError {
  public constructor(file: string, what: string, options?: ErrorOptions) {
    super(
      'OCR_FILE_OUTSIDE_FOLDER',
      file,
      what,
      'it is a symbolic link that leads out of the folder given, and links out of that folder are not followed',
      'Replace the link with a copy of the file, or give the file itself as the argument.',
      options,
    );
  }
}

/** The operating system refused to open or read the file. */
export class InputFileUnreadableError extends InputFileError {
  /** The system error code, for example `EACCES`. */
  public readonly systemCode: string;

  public constructor(file: string, what: string, systemCode: string, options?: ErrorOptions) {
    super(
      'OCR_FILE_UNREADABLE',
      file,
      what,
      `it cannot be read (${systemCode})`,
      'Check that it is readable by this user.',
      options,
    );
    this.systemCode = systemCode;
  }
}

function folderFix(file: string): string {
  return `Give the path of a folder instead, or remove or rename the file ${forTerminal(file)}`;
}

/** A file stands where a folder on the file's path should be (a snapshot folder setting naming `main.ts`). */
export class FolderIsAFileError extends InputFileError {
  /** The file that stands where a folder should be. */
  public readonly folder: string;

  public constructor(file: string, what: string, folder: string, setting?: string, options?: ErrorOptions) {
    super(
      'OCR_FOLDER_IS_A_FILE',
      file,
      what,
      `${forTerminal(folder)} is a file, not a folder`,
      `${folderFix(folder)}${setting === undefined ? '' : ` (${setting})`}.`,
      options,
    );
    this.folder = folder;
  }
}

/** What a path held instead of a regular file. */
export type NonRegularFileKind =
  'folder' | 'FIFO (named pipe)' | 'character device' | 'block device' | 'socket' | 'symbolic link' | 'special file';

/** The path is not a regular file; nothing was read, so a FIFO or device can neither block nor stream forever. */
export class NotARegularFileError extends InputFileError {
  /** What the path held. */
  public readonly kind: NonRegularFileKind;

  public constructor(file: string, what: string, kind: NonRegularFileKind, options?: ErrorOptions) {
    super(
      'OCR_FILE_NOT_REGULAR',
      file,
      what,
      kind === 'symbolic link'
        ? 'it is a symbolic link, which is not followed here'
        : `it is a ${kind}, not a regular file`,
      kind === 'symbolic link'
        ? 'Give the path of the file it points to, or replace the link with a copy of that file.'
        : 'Give the path of a regular file.',
      options,
    );
    this.kind = kind;
  }
}

/** The file is larger than the reader's limit; none of it was parsed. */
export class InputFileTooLargeError extends InputFileError {
  /** The limit in bytes. */
  public readonly maxBytes: number;
  /** The file's size in bytes, when known (a file that grows past the limit while being read has none). */
  public readonly sizeBytes?: number;

  public constructor(
    file: string,
    what: string,
    sizeBytes: number | undefined,
    maxBytes: number,
    fix?: string,
    options?: ErrorOptions,
  ) {
    super(
      'OCR_FILE_TOO_LARGE',
      file,
      what,
      `it is ${sizeBytes === undefined ? 'larger than' : `${sizeBytes} bytes, over`} the limit of ${describeBytes(maxBytes)} for ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`,
      fix ?? `Check that it is the ${what} you meant; a real one is far smaller.`,
      options,
    );
    this.maxBytes = maxBytes;
    if (sizeBytes !== undefined) this.sizeBytes = sizeBytes;
  }
}

/** The file holds bytes that are not UTF-8 text. */
export class InputFileNotUtf8Error extends InputFileError {
  public constructor(file: string, what: string, options?: ErrorOptions) {
    super(
      'OCR_FILE_NOT_UTF8',
      file,
      what,
      'it is not UTF-8 text',
      `Check that it is the ${what} you meant, saved as UTF-8.`,
      options,
    );
  }
}

/** The file's text is not valid JSON; the message never quotes the file beyond one escaped character. */
export class InvalidJsonError extends InputFileError {
  /** 1-based line of the first error, when it was located. */
  public readonly line?: number;
  /** 1-based column (UTF-16 code units) of the first error, when it was located. */
  public readonly column?: number;
  /** Whether the error is a merge-conflict marker (`<<<<<<<`, `=======`, `>>>>>>>` at the start of a line). */
  public readonly conflictMarker: boolean;
  /** Whether the text ends while a value is still open (the file was cut short). */
  public readonly truncated: boolean;

  public constructor(
    file: string,
    what: string,
    detail:
      | {
          line: number;
          column: number;
          problem: string;
          conflictMarker: boolean;
          truncated?: boolean;
          byteOrderMark?: boolean;
        }
      | undefined,
    options?: ErrorOptions,
  ) {
    super(
      'OCR_FILE_NOT_JSON',
      file,
      what,
      detail === undefined
        ? 'it is not valid JSON'
        : `it is not valid JSON (line ${detail.line}, column ${detail.column}: ${detail.problem})`,
      detail?.conflictMarker === true
        ? 'Resolve the merge conflict in it, then try again.'
        : detail?.byteOrderMark === true
          ? 'Save it as UTF-8 without a byte-order mark.'
          : `Check that it is the ${what} you meant and that it was not cut short or edited by hand.`,
      options,
    );
    if (detail !== undefined) {
      this.line = detail.line;
      this.column = detail.column;
    }
    this.conflictMarker = detail?.conflictMarker === true;
    this.truncated = detail?.truncated === true;
  }
}

/** The `errno`, words and a fix for a failed write of `file`, so no raw `ENOSPC` or `EISDIR` reaches the user. */
export function describeWriteFailure(error: unknown, file: string) {
  const e = error as NodeJS.ErrnoException | undefined;
  const errno = e !== null && typeof e === 'object' && typeof e.code === 'string' ? e.code : undefined;
  const dir = forTerminal(path.dirname(file));
  const at = (problem: string, fix: string) => ({
    ...(errno === undefined ? {} : { errno }),
    problem: `${problem} (${errno ?? 'unknown error'})`,
    fix,
  });
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return at(
        'the disk is full',
        `Free space on the disk that holds ${dir} (or use a folder on another disk), then run again.`,
      );
    case 'EACCES':
    case 'EPERM':
      return at('permission denied', `Make ${dir} and the files in it writable by this user, then run again.`);
    case 'EROFS':
      return at('the file system is read-only', `Use a folder on a writable file system, then run again.`);
    case 'EISDIR':
      return at(
        'a folder stands where the file goes',
        `Remove or rename the folder ${forTerminal(file)}, then run again.`,
      );
    case 'ENOTDIR': {
      const blocker = typeof e?.path === 'string' ? e.path : undefined;
      return blocker === undefined
        ? at('a part of the path is a file, not a folder', `Check the path ${forTerminal(file)}, then run again.`)
        : at(`${forTerminal(blocker)} is a file, not a folder`, folderFix(blocker) + ', then run again.');
    }
    default:
      return at(
        errno === undefined ? String(error) : `the ${e?.syscall ?? 'write'} call failed`,
        `Check that ${dir} exists and is writable, then run again.`,
      );
  }
}

/** A file this package keeps (the refresh state or journal) could not be written. */
export class FileWriteError extends OriginCloudRegionsError {
  /** The path that was being written. */
  public readonly path: string;
  /** What the file is, for example `refresh state`. */
  public readonly what: string;
  /** The system error's code (`ENOSPC`, `EACCES`, `EISDIR`, …), when it has one. */
  public readonly errno?: string;

  public constructor(file: string, what: string, error: unknown) {
    const failure = describeWriteFailure(error, file);
    super(
      'OCR_FILE_WRITE_FAILED',
      `Could not write the ${what} ${forTerminal(file)}: ${failure.problem}. ${failure.fix}`,
      { cause: error },
    );
    this.path = file;
    this.what = what;
    if (failure.errno !== undefined) this.errno = failure.errno;
  }
}

// `67108864` → `64 MiB (67108864 bytes)`.
function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

/** `text` with its first letter in upper case, to open a message. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
