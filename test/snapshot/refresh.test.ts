/**
 * Quiet refreshes: a snapshot changes only when its data does, so refreshing on every synth never dirties git.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError, SnapshotInvalidError } from '../../lib/errors';
import { CloudflareApiEmulator } from '../../lib/emulator/server';
import { lookupZones } from '../../lib/lookup/lookup-zones';
import type { SupportedRegions } from '../../lib/model/supported-regions';
import { lookupFromSnapshot } from '../../lib/snapshot';
import { readSnapshot } from '../../lib/snapshot/read';
import { serializeSnapshot, snapshotFromLookup, snapshotPath, type SnapshotSource } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { testSeed } from '../support/seed';
import { generateZone, ZONE } from '../support/generate-zones';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-refresh-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const supportedRegions: SupportedRegions = {
  obtainedCodes: true,
  vendors: { aws: [{ name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] }] },
};

function source(fetchedAt: string, extra: Partial<SnapshotSource> = {}): SnapshotSource {
  return { zoneId: ZONE, mappings: generateZone(40, 3), supportedRegions, fetchedAt, ...extra };
}

/** The file's bytes and identity: unchanged means not rewritten, not even with the same bytes. */
function fingerprint(file: string): { bytes: Buffer; mtimeMs: number; ino: number } {
  const stat = fs.statSync(file);
  return { bytes: fs.readFileSync(file), mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/** Sets the file's times an hour back, so a rewrite within the same clock tick still shows. */
function ageFile(file: string): void {
  const past = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, past, past);
}

describe('quiet refreshes', () => {
  test('writing the same data again leaves the file byte-identical, with the same mtime and inode', () => {
    const file = snapshotPath(path.join(dir, 'same'), ZONE);
    const first = writeSnapshot(file, snapshotFromLookup(source('2026-01-01T00:00:00Z')));
    assert.equal(first.written, true);
    ageFile(file);
    const before = fingerprint(file);

    const second = writeSnapshot(file, snapshotFromLookup(source('2026-03-01T09:30:00Z')));
    assert.equal(second.written, false);
    assert.equal(second.snapshot.changedAt, '2026-01-01T00:00:00.000Z', 'the file’s changedAt is kept');
    assert.deepEqual(fingerprint(file), before);
    // The mappings in another order and notation are the same data.
    const shuffled = [...generateZone(40, 3)].reverse().map((m) => ({ ...m, originIp: m.originIp.toUpperCase() }));
    assert.equal(
      writeSnapshot(file, snapshotFromLookup(source('2026-04-01T00:00:00Z', { mappings: shuffled }))).written,
      false,
    );
    assert.deepEqual(fingerprint(file), before);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [`${ZONE}.json`], 'no temporary file either');
  });

  test('changed data rewrites the file and moves changedAt; each kind of change counts', () => {
    const file = snapshotPath(path.join(dir, 'changed'), ZONE);
    writeSnapshot(file, snapshotFromLookup(source('2026-01-01T00:00:00Z')));
    const moved = generateZone(40, 3).map((m, i) => (i === 7 ? { ...m, region: 'eu-west-1', vendor: 'aws' } : m));
    const changes: [string, Partial<SnapshotSource>][] = [
      ['a mapping', { mappings: moved }],
      ['modified_on', { mappings: moved.map((m, i) => (i === 0 ? { ...m, modifiedOn: '2026-02-01T00:00:00Z' } : m)) }],
      [
        'supported regions',
        {
          supportedRegions: { obtainedCodes: true, vendors: { aws: [{ name: 'us-east-1', upperTierColos: ['IAD'] }] } },
        },
      ],
      ['supported regions gone', { supportedRegions: null }],
      ['the label', { supportedRegions: null, label: 'shop (production)' }],
    ];
    let previous = { ...source('2026-01-01T00:00:00Z') };
    changes.forEach(([what, change], i) => {
      const when = `2026-0${i + 2}-01T00:00:00Z`;
      previous = { ...previous, ...change, fetchedAt: when };
      ageFile(file);
      const before = fingerprint(file);
      const result = writeSnapshot(file, snapshotFromLookup(previous));
      assert.equal(result.written, true, what);
      const after = fingerprint(file);
      assert.notDeepEqual(after.bytes, before.bytes, what);
      assert.ok(after.mtimeMs > before.mtimeMs, what);
      assert.equal(readSnapshot(file).changedAt, new Date(when).toISOString(), what);
    });
  });

  test('a version-1 file with the same data is left as it is; with changed data it becomes version 2', () => {
    const file = snapshotPath(path.join(dir, 'v1'), ZONE);
    const current = snapshotFromLookup(source('2026-05-01T00:00:00Z'));
    const { changedAt: _c, ...rest } = current;
    const v1 = JSON.stringify({ ...rest, version: 1, fetchedAt: '2025-12-24T18:00:00.000Z' }, null, 2) + '\n';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, v1);
    ageFile(file);
    const before = fingerprint(file);

    const read = readSnapshot(file, ZONE);
    assert.equal(read.version, 2);
    assert.equal(read.changedAt, '2025-12-24T18:00:00.000Z', 'a version-1 fetchedAt reads as changedAt');
    assert.deepEqual(lookupFromSnapshot(read).mappings, lookupFromSnapshot(current).mappings);

    assert.equal(writeSnapshot(file, current).written, false);
    assert.deepEqual(fingerprint(file), before);

    const changed = snapshotFromLookup(source('2026-06-01T00:00:00Z', { mappings: generateZone(41, 3) }));
    assert.equal(writeSnapshot(file, changed).written, true);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text, serializeSnapshot(changed));
    assert.match(text, /"version": 2,\n {2}"zoneId": "[0-9a-f]+",\n {2}"changedAt": "2026-06-01T00:00:00.000Z"/);
    assert.doesNotMatch(text, /fetchedAt/);
  });

  test('a previous file that is not a usable snapshot is replaced, a FIFO included (without blocking)', () => {
    const conflicted = snapshotPath(path.join(dir, 'replace'), ZONE);
    fs.mkdirSync(path.dirname(conflicted), { recursive: true });
    fs.writeFileSync(conflicted, '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> x\n');
    assert.equal(writeSnapshot(conflicted, snapshotFromLookup(source('2026-01-01T00:00:00Z'))).written, true);
    assert.equal(readSnapshot(conflicted).mappings.length, 40);
    if (process.platform === 'win32') return;
    const fifo = path.join(dir, 'replace', 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    assert.equal(writeSnapshot(fifo, snapshotFromLookup(source('2026-01-01T00:00:00Z'))).written, true);
    assert.ok(fs.lstatSync(fifo).isFile());
  });

  test('a real lookup that refreshes twice against an unchanged zone leaves the file untouched', async () => {
    const emulator = await CloudflareApiEmulator.start({ seed: testSeed() });
    try {
      const folder = path.join(dir, 'lookup');
      const request = {
        zoneId: DEMO_ZONE,
        client: { apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0, env: {} },
        offline: false,
        snapshot: true,
        snapshotDir: folder,
      };
      const [first] = await lookupZones([request], { env: {} });
      const file = first.snapshotPath!;
      ageFile(file);
      const before = fingerprint(file);
      await new Promise((r) => setTimeout(r, 20)); // a later fetch time
      await lookupZones([request], { env: {} });
      assert.deepEqual(fingerprint(file), before, 'byte-identical, not rewritten');

      const mappings = emulator.getMappings(DEMO_ZONE);
      emulator.setMappings(DEMO_ZONE, [{ ...mappings[0], region: 'us-west-2' }, ...mappings.slice(1)]);
      await lookupZones([request], { env: {} });
      const after = fingerprint(file);
      assert.notDeepEqual(after.bytes, before.bytes);
      assert.ok(readSnapshot(file).changedAt > JSON.parse(before.bytes.toString()).changedAt, 'changedAt moved');
    } finally {
      await emulator.close();
    }
  });
});

describe('label', () => {
  test('is written after zoneId when given, read back, and carried into the lookup shape', () => {
    const file = snapshotPath(path.join(dir, 'label'), ZONE);
    const label = 'Shop — production ${not a template} @team';
    writeSnapshot(file, snapshotFromLookup(source('2026-01-01T00:00:00Z', { label })));
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(data), [
      'format',
      'version',
      'zoneId',
      'label',
      'changedAt',
      'mappings',
      'supportedRegions',
    ]);
    assert.equal(data.label, label);
    assert.equal(readSnapshot(file).label, label);
    assert.equal(lookupFromSnapshot(readSnapshot(file)).label, label);
    assert.equal('label' in lookupFromSnapshot(snapshotFromLookup(source('2026-01-01T00:00:00Z'))), false);
  });

  test('must be printable and at most 200 characters, when writing and when reading', () => {
    for (const bad of ['', 'x'.repeat(201), 'a\u001b[31mred', 'tab\there']) {
      assert.throws(
        () => snapshotFromLookup(source('2026-01-01T00:00:00Z', { label: bad })),
        (e: unknown) => e instanceof InvalidInputError && e.field === 'label',
        JSON.stringify(bad),
      );
      const text = serializeSnapshot(snapshotFromLookup(source('2026-01-01T00:00:00Z', { label: 'ok' }))).replace(
        '"label": "ok"',
        `"label": ${JSON.stringify(bad)}`,
      );
      const file = path.join(dir, 'bad-label.json');
      fs.writeFileSync(file, text);
      assert.throws(
        () => readSnapshot(file),
        (e: unknown) => e instanceof SnapshotInvalidError && e.field === 'label',
        JSON.stringify(bad),
      );
    }
    assert.equal(snapshotFromLookup(source('2026-01-01T00:00:00Z', { label: 'x'.repeat(200) })).label?.length, 200);
  });
});
