/**
 * Preloaded (`node --import tsx --import <this file>`) into a child CLI when no real small file system can be
 * mounted: every file opened for writing under OCR_TEST_SMALL_DISK_DIR shares OCR_TEST_SMALL_DISK_BYTES bytes, and a
 * write past them fails with ENOSPC, as on a full disk. Test support only; the product has no such switch.
 */
import fs from 'node:fs';
import * as path from 'node:path';

const dir = path.resolve(process.env.OCR_TEST_SMALL_DISK_DIR ?? '.');
let left = Number(process.env.OCR_TEST_SMALL_DISK_BYTES ?? '0');
const watched = new Set<number>();
const { openSync, writeSync, closeSync } = fs;

// The module object itself is patched: the package's code reads `fs.openSync` from it at each call.
Object.assign(fs, {
  openSync(file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode): number {
    const fd = openSync(file, flags ?? 'r', mode);
    if (typeof file === 'string' && path.resolve(file).startsWith(dir + path.sep) && flags !== 'r') watched.add(fd);
    return fd;
  },
  writeSync(fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null): number {
    if (watched.has(fd)) {
      const size = length ?? buffer.byteLength;
      if (size > left) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          errno: -28,
          code: 'ENOSPC',
          syscall: 'write',
        });
      }
      left -= size;
    }
    return writeSync(fd, buffer, offset, length, position);
  },
  closeSync(fd: number): void {
    watched.delete(fd);
    closeSync(fd);
  },
});
