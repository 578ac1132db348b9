import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_MAX_INPUT_BYTES,
  readRegularFile,
  readRegularTextFile,
  realPathInside,
} from '../../lib/files/read-regular-file';
import {
  OriginCloudRegionsError,
  InputFileError,
  FolderIsAFileError,
  InputFileNotFoundError,
  InputFileNotUtf8Error,
  InputFileOutsideFolderError,
  InputFileTooLargeError,
  InputFileUnreadableError,
  NotARegularFileError,
} from '../../lib/errors';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-files-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const isWindows = process.platform === 'win32';

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Runs `read` and returns how long it took; fails if it took longer than `ms` (it must not block or stream). */
function quickly<T>(ms: number, read: () => T): T {
  const start = process.hrtime.bigint();
  const result = read();
  const took = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(took < ms, `took ${took.toFixed(0)} ms`);
  return result;
}

function refusedAs(kind: string, p: string) {
  return (e: unknown) =>
    e instanceof NotARegularFileError &&
    e instanceof InputFileError &&
    e instanceof OriginCloudRegionsError &&
    e.code === 'OCR_FILE_NOT_REGULAR' &&
    e.kind === kind &&
    e.path === p &&
    e.message.startsWith(`Test input ${p}: it is a`);
}

describe('readRegularFile', () => {
  test('reads a regular file whole, up to exactly the limit', () => {
    const p = file('ok.json', '{"a": 1}');
    assert.equal(readRegularFile(p, { what: 'test input' }).toString(), '{"a": 1}');
    assert.equal(readRegularFile(p, { what: 'test input', maxBytes: 8 }).toString(), '{"a": 1}');
    assert.equal(readRegularFile(file('empty', ''), { what: 'test input' }).length, 0);
    assert.equal(DEFAULT_MAX_INPUT_BYTES, 64 * 1024 * 1024);
  });

  test('a file one byte over the limit is refused, naming the path, the size, the limit and the fix', () => {
    const p = file('nine.json', '123456789');
    assert.throws(
      () => readRegularFile(p, { what: 'test input', maxBytes: 8 }),
      (e: unknown) =>
        e instanceof InputFileTooLargeError &&
        e.code === 'OCR_FILE_TOO_LARGE' &&
        e.sizeBytes === 9 &&
        e.maxBytes === 8 &&
        e.message ===
          `Test input ${p}: it is 9 bytes, over the limit of 8 bytes for a test input. Check that it is the test input you meant; a real one is far smaller.`,
    );
    assert.throws(
      () => readRegularFile(p, { what: 'plan', maxBytes: 1024 * 1024 * 0, tooLargeFix: 'Give the cdktf.out folder.' }),
      /over the limit of 0 MiB \(0 bytes\) for a plan\. Give the cdktf\.out folder\.$/,
    );
  });

  test('a huge sparse file is refused from its size, without reading it', { skip: isWindows }, () => {
    const p = path.join(dir, 'huge.json');
    const fd = fs.openSync(p, 'w');
    fs.ftruncateSync(fd, 20 * 1024 * 1024 * 1024); // 20 GiB of holes
    fs.closeSync(fd);
    const before = process.memoryUsage().rss;
    quickly(500, () =>
      assert.throws(
        () => readRegularFile(p, { what: 'test input' }),
        (e: unknown) =>
          e instanceof InputFileTooLargeError &&
          e.sizeBytes === 20 * 1024 * 1024 * 1024 &&
          /over the limit of 64 MiB \(67108864 bytes\)/.test(e.message),
      ),
    );
    assert.ok(process.memoryUsage().rss - before < 32 * 1024 * 1024, 'nothing of it was read into memory');
  });

  test('a file whose stat size is 0 but that holds more than the limit is stopped while reading', () => {
    // procfs files report size 0: the limit must hold while reading, not only from fstat.
    const p = '/proc/self/status';
    if (!fs.existsSync(p)) return;
    assert.ok(readRegularFile(p, { what: 'test input' }).length > 16);
    assert.throws(
      () => readRegularFile(p, { what: 'test input', maxBytes: 16 }),
      (e: unknown) =>
        e instanceof InputFileTooLargeError &&
        e.sizeBytes === undefined &&
        /it is larger than the limit of 16 bytes/.test(e.message),
    );
  });

  test('a folder is refused', () => {
    assert.throws(() => readRegularFile(dir, { what: 'test input' }), refusedAs('folder', dir));
  });

  test('a FIFO is refused at once, even with no writer (opening it must not block)', { skip: isWindows }, () => {
    const p = path.join(dir, 'fifo');
    execFileSync('mkfifo', [p]);
    quickly(1000, () =>
      assert.throws(() => readRegularFile(p, { what: 'test input' }), refusedAs('FIFO (named pipe)', p)),
    );
  });

  test('/dev/zero and a symbolic link to it are refused without reading', { skip: isWindows }, () => {
    quickly(1000, () =>
      assert.throws(
        () => readRegularFile('/dev/zero', { what: 'test input' }),
        refusedAs('character device', '/dev/zero'),
      ),
    );
    const link = path.join(dir, 'zero-link.json');
    fs.symlinkSync('/dev/zero', link);
    quickly(1000, () =>
      assert.throws(() => readRegularFile(link, { what: 'test input' }), refusedAs('character device', link)),
    );
    quickly(1000, () =>
      assert.throws(
        () => readRegularFile(link, { what: 'test input', followSymlinks: false }),
        refusedAs('symbolic link', link),
      ),
    );
  });

  test('a symbolic link to a regular file is followed by default, refused with followSymlinks: false', () => {
    const target = file('target.json', 'target bytes');
    const link = path.join(dir, 'link.json');
    fs.symlinkSync(target, link);
    assert.equal(readRegularFile(link, { what: 'test input' }).toString(), 'target bytes');
    assert.throws(
      () => readRegularFile(link, { what: 'test input', followSymlinks: false }),
      (e: unknown) =>
        refusedAs('symbolic link', link)(e) &&
        (e as Error).message.includes('symbolic link, which is not followed here') &&
        !(e as Error).message.includes('target bytes'),
    );
    // Links in the folders above the file are followed either way.
    const linkedDir = path.join(dir, 'linked-dir');
    fs.symlinkSync(dir, linkedDir);
    assert.equal(
      readRegularFile(path.join(linkedDir, 'target.json'), { what: 'test input', followSymlinks: false }).toString(),
      'target bytes',
    );
  });

  test('missing paths and dangling links are "not found"; a path through a file names the file', () => {
    const dangling = path.join(dir, 'dangling.json');
    fs.symlinkSync(path.join(dir, 'nowhere'), dangling);
    const plain = file('plain', 'x');
    for (const through of [path.join(plain, 'child.json'), path.join(plain, 'sub', 'child.json')]) {
      assert.throws(
        () => readRegularFile(through, { what: 'test input' }),
        (e: unknown) =>
          e instanceof FolderIsAFileError &&
          e.code === 'OCR_FOLDER_IS_A_FILE' &&
          e.folder === plain &&
          e.message ===
            `Test input ${through}: ${plain} is a file, not a folder. Give the path of a folder instead, or remove or rename the file ${plain}.`,
      );
    }
    for (const p of [path.join(dir, 'absent.json'), dangling]) {
      assert.throws(
        () => readRegularFile(p, { what: 'test input' }),
        (e: unknown) =>
          e instanceof InputFileNotFoundError &&
          e.code === 'OCR_FILE_NOT_FOUND' &&
          e.message === `Test input ${p}: it does not exist. Check the path.`,
      );
    }
  });

  test('a file the system refuses to open is "unreadable", with the system code', { skip: isWindows }, () => {
    const loop = path.join(dir, 'loop-a');
    fs.symlinkSync(path.join(dir, 'loop-b'), loop);
    fs.symlinkSync(loop, path.join(dir, 'loop-b'));
    assert.throws(
      () => readRegularFile(loop, { what: 'test input' }),
      (e: unknown) =>
        e instanceof InputFileUnreadableError &&
        e.code === 'OCR_FILE_UNREADABLE' &&
        e.systemCode === 'ELOOP' &&
        /cannot be read \(ELOOP\)/.test(e.message),
    );
    if (process.getuid?.() === 0) return; // root reads mode-000 files
    const locked = file('locked.json', '{}');
    fs.chmodSync(locked, 0o000);
    assert.throws(
      () => readRegularFile(locked, { what: 'test input' }),
      (e: unknown) => e instanceof InputFileUnreadableError && e.systemCode === 'EACCES',
    );
  });

  test('a path with control characters is shown escaped in the message', { skip: isWindows }, () => {
    const p = path.join(dir, 'evil-\u001b[2J-\u202e.json');
    fs.mkdirSync(p);
    assert.throws(
      () => readRegularFile(p, { what: 'test input' }),
      (e: unknown) =>
        e instanceof NotARegularFileError &&
        e.path === p &&
        e.message.includes('evil-\\x1b[2J-\\u{202e}.json') &&
        !e.message.includes('\u001b') &&
        !e.message.includes('\u202e'),
    );
  });

  test('refuses a negative or fractional limit', () => {
    const p = file('limit.json', '{}');
    assert.throws(() => readRegularFile(p, { what: 'test input', maxBytes: -1 }), RangeError);
    assert.throws(() => readRegularFile(p, { what: 'test input', maxBytes: 1.5 }), RangeError);
  });
});

describe('readRegularFile with insideFolder (a folder being scanned)', { skip: isWindows }, () => {
  // Merged from the drift reader (lib/drift/read-file.ts): links are followed only while they stay inside.
  let root: string;
  before(() => {
    root = path.join(dir, 'scanned');
    fs.mkdirSync(path.join(root, 'archive'), { recursive: true });
    fs.writeFileSync(path.join(root, 'archive', 'b.json'), 'inside bytes');
    fs.writeFileSync(path.join(dir, 'outside-secret.json'), 'SECRET bytes');
    fs.symlinkSync(path.join('archive', 'b.json'), path.join(root, 'inner-link.json'));
    fs.symlinkSync('archive', path.join(root, 'inner-dir'));
    fs.symlinkSync(path.join(dir, 'outside-secret.json'), path.join(root, 'out-link.json'));
    fs.symlinkSync(dir, path.join(root, 'out-dir'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.json'));
    fs.symlinkSync('nowhere.json', path.join(root, 'dangling.json'));
  });
  const read = (name: string, options: { followSymlinks?: boolean } = {}) =>
    readRegularFile(path.join(root, name), { what: 'test input', insideFolder: root, ...options }).toString();

  test('reads plain files, and follows links (to a file or through a folder) that stay inside', () => {
    assert.equal(read(path.join('archive', 'b.json')), 'inside bytes');
    assert.equal(read('inner-link.json'), 'inside bytes');
    assert.equal(read(path.join('inner-dir', 'b.json')), 'inside bytes');
    // The folder may be given through a link, or relative: what counts is where the file really is.
    const viaLink = path.join(dir, 'scanned-link');
    fs.symlinkSync(root, viaLink);
    assert.equal(
      readRegularFile(path.join(root, 'inner-link.json'), { what: 'test input', insideFolder: viaLink }).toString(),
      'inside bytes',
    );
  });

  test('refuses a link out of the folder (to a file, through a folder, to /dev/zero) without opening it', () => {
    for (const name of ['out-link.json', path.join('out-dir', 'outside-secret.json'), 'zero.json']) {
      const p = path.join(root, name);
      quickly(1000, () =>
        assert.throws(
          () => read(name),
          (e: unknown) =>
            e instanceof InputFileOutsideFolderError &&
            e instanceof InputFileError &&
            e.code === 'OCR_FILE_OUTSIDE_FOLDER' &&
            e.path === p &&
            e.message ===
              `Test input ${p}: it is a symbolic link that leads out of the folder given, and links out of that folder are not followed. Replace the link with a copy of the file, or give the file itself as the argument.` &&
            !e.message.includes('SECRET'),
        ),
      );
    }
  });

  test('a link to nothing and a missing file are "not found", worded apart', () => {
    assert.throws(
      () => read('dangling.json'),
      (e: unknown) =>
        e instanceof InputFileNotFoundError &&
        e.problem === 'it is a symbolic link to a file that does not exist' &&
        e.fix === 'Fix or remove the link.',
    );
    assert.throws(
      () => read('absent.json'),
      (e: unknown) => e instanceof InputFileNotFoundError && e.problem === 'it does not exist',
    );
  });

  test('with followSymlinks: false, a link is refused even when it stays inside', () => {
    assert.throws(
      () => read('inner-link.json', { followSymlinks: false }),
      refusedAs('symbolic link', path.join(root, 'inner-link.json')),
    );
    assert.equal(read(path.join('archive', 'b.json'), { followSymlinks: false }), 'inside bytes');
  });

  test('a FIFO inside the folder is still refused at once', () => {
    const fifo = path.join(root, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    quickly(1000, () => assert.throws(() => read('fifo.json'), refusedAs('FIFO (named pipe)', fifo)));
  });

  test('realPathInside checks a sub-folder the same way', () => {
    assert.equal(
      realPathInside(path.join(root, 'inner-dir'), root, 'stack folder'),
      fs.realpathSync(path.join(root, 'archive')),
    );
    assert.equal(realPathInside(root, root, 'stack folder'), fs.realpathSync(root));
    assert.throws(() => realPathInside(path.join(root, 'out-dir'), root, 'stack folder'), InputFileOutsideFolderError);
    assert.throws(() => realPathInside(path.join(root, '..'), root, 'stack folder'), InputFileOutsideFolderError);
  });
});

describe('readRegularTextFile', () => {
  test('decodes UTF-8 and drops a leading byte-order mark', () => {
    const p = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"é": "\u202e"}')]));
    assert.equal(readRegularTextFile(p, { what: 'test input' }), '{"é": "\u202e"}');
  });

  test('refuses bytes that are not UTF-8', () => {
    const p = file('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    assert.throws(
      () => readRegularTextFile(p, { what: 'snapshot' }),
      (e: unknown) =>
        e instanceof InputFileNotUtf8Error &&
        e.code === 'OCR_FILE_NOT_UTF8' &&
        e.message === `Snapshot ${p}: it is not UTF-8 text. Check that it is the snapshot you meant, saved as UTF-8.`,
    );
  });
});
