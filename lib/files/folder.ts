import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The file that stands where a folder on the way to `folder` (or `folder` itself) should be, if any: lets a reader
 * or writer say "`main.ts` is a file, not a folder" instead of a missing file or a failed `mkdir`.
 */
export function fileInFolderPath(folder: string): string | undefined {
  for (let at = path.resolve(folder); ; at = path.dirname(at)) {
    const stats = statOf(at);
    if (stats !== undefined) return stats.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Creates `folder` and its parents when missing. When a file stands in the way, throws `ENOTDIR` naming that file
 * (where `mkdir` names the folder it could not make), so a caller's message can name the file to move.
 */
export function makeFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const file = code === 'EEXIST' || code === 'ENOTDIR' ? fileInFolderPath(folder) : undefined;
    if (file === undefined) throw error;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${file}'`), {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: file,
      cause: error,
    });
  }
}

/** `stat` (or `lstat`) of `at`, `undefined` when it cannot be read. */
export function statOf(at: string, stat: (at: string) => fs.Stats = fs.statSync): fs.Stats | undefined {
  try {
    return stat(at);
  } catch {
    return undefined;
  }
}
