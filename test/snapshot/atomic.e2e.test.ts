import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSnapshot } from '../../lib/snapshot/read';
import { snapshotFromLookup, snapshotPath } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { generateZone, seededRandom, ZONE } from '../support/generate-zones';
import { SnapshotWriteError } from '../../lib/errors/snapshot';

const CHILD = path.join(__dirname, 'fixtures', 'writer-child.ts');
const ROOT = path.join(__dirname, '..', '..');

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-atomic-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`child exited (${code}) before printing ${line}; it printed ${JSON.stringify(seen)}`)),
    );
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('writeSnapshot atomicity', () => {
  test('a writer SIGKILLed halfway leaves the previous snapshot intact', async () => {
    const file = snapshotPath(dir, ZONE);
    const good = snapshotFromLookup({
      zoneId: ZONE,
      mappings: generateZone(50, 1),
      supportedRegions: null,
      fetchedAt: '2026-01-01T00:00:00Z',
    });
    writeSnapshot(file, good);
    const goodBytes = fs.readFileSync(file);

    const child = startChild(['halfway', file, '6000']);
    await waitForLine(child, 'HALF');
    // The temporary file is half written right now.
    const temps = fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    assert.equal(temps.length, 1);
    assert.ok(fs.statSync(path.join(dir, temps[0])).size > 0);
    child.kill('SIGKILL');
    await killed(child);
    assert.equal(child.signalCode, 'SIGKILL');

    assert.deepEqual(fs.readFileSync(file), goodBytes);
    assert.deepEqual(readSnapshot(file, ZONE), good);
  });

  test('a writer killed at random points always leaves a whole snapshot', async () => {
    const file = path.join(dir, 'loop', `${ZONE}.json`);
    const random = seededRandom(7);
    for (let i = 0; i < 3; i += 1) {
      const child = startChild(['loop', file, '4000']);
      await waitForLine(child, 'READY');
      await new Promise((r) => setTimeout(r, 50 + Math.floor(random() * 300)));
      child.kill('SIGKILL');
      await killed(child);
      if (fs.existsSync(file)) {
        const snap = readSnapshot(file, ZONE);
        assert.equal(snap.mappings.length, 4000);
      }
    }
    assert.ok(fs.existsSync(file), 'the loop never finished one write; give the children more time');
  });

  test('a failed write removes its temporary file and keeps the previous snapshot', () => {
    const file = path.join(dir, 'fail', `${ZONE}.json`);
    const good = snapshotFromLookup({
      zoneId: ZONE,
      mappings: generateZone(5, 1),
      supportedRegions: null,
      fetchedAt: '2026-01-01T00:00:00Z',
    });
    writeSnapshot(file, good);
    const bigger = snapshotFromLookup({
      zoneId: ZONE,
      mappings: generateZone(5000, 2),
      supportedRegions: null,
      fetchedAt: '2026-01-02T00:00:00Z',
    });
    assert.throws(
      () =>
        writeSnapshot(file, bigger, {
          onProgress: () => {
            throw Object.assign(new Error('disk full'), { code: 'ENOSPC', syscall: 'write' });
          },
        }),
      (e: unknown) =>
        e instanceof SnapshotWriteError &&
        e.code === 'OCR_SNAPSHOT_WRITE_FAILED' &&
        e.errno === 'ENOSPC' &&
        /the disk is full \(ENOSPC\)\. Any previous snapshot there is unchanged\. Free space on the disk/.test(
          e.message,
        ),
    );
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [`${ZONE}.json`]);
    assert.deepEqual(readSnapshot(file), good);
  });
});
