import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lookupFromSnapshot } from '../../lib/snapshot';
import { readSnapshot } from '../../lib/snapshot/read';
import { serializeSnapshot, snapshotFromLookup, snapshotPath } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { type ZoneSnapshot } from '../../lib/snapshot/rules';
import {
  InvalidInputError,
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotZoneMismatchError,
} from '../../lib/errors';
import type { SupportedRegions } from '../../lib/model/supported-regions';
import { ZONE, ZONE_B } from '../support/generate-zones';

const supportedRegions: SupportedRegions = {
  obtainedCodes: true,
  vendors: {
    gcp: [{ name: 'us-central1', upperTierColos: ['ORD'] }],
    aws: [{ name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] }],
  },
};
const mappings = [
  { originIp: '2001:DB8:0::1', vendor: 'gcp', region: 'us-central1', modifiedOn: '2026-01-01T00:00:00Z' },
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '192.0.2.9', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-01-02T00:00:00Z' },
];

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-snapshot-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function sample(): ZoneSnapshot {
  return snapshotFromLookup({ zoneId: ZONE, mappings, supportedRegions, fetchedAt: new Date('2026-03-01T12:00:00Z') });
}

describe('snapshotFromLookup', () => {
  test('sorts mappings, canonicalizes IPs, keeps modified_on and sorts vendors', () => {
    const snap = sample();
    assert.equal(snap.format, 'origin-cloud-regions-snapshot');
    assert.equal(snap.version, 2);
    assert.equal(snap.changedAt, '2026-03-01T12:00:00.000Z');
    assert.equal('label' in snap, false, 'no label unless one is given');
    assert.deepEqual(snap.mappings, [
      { origin_ip: '192.0.2.9', vendor: 'aws', region: 'us-east-1', modified_on: '2026-01-02T00:00:00Z' },
      { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
      { origin_ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1', modified_on: '2026-01-01T00:00:00Z' },
    ]);
    assert.deepEqual(Object.keys(snap.supportedRegions!.vendors), ['aws', 'gcp']);
    assert.deepEqual(snap.supportedRegions!.vendors.aws, [{ name: 'us-east-1', upper_tier_colos: ['IAD', 'EWR'] }]);
  });

  test('gives the same bytes whatever the input order', () => {
    const reversed = snapshotFromLookup({
      zoneId: ZONE,
      mappings: [...mappings].reverse(),
      supportedRegions,
      fetchedAt: '2026-03-01T12:00:00Z',
    });
    assert.equal(serializeSnapshot(reversed), serializeSnapshot(sample()));
  });

  test('round-trips through lookupFromSnapshot', () => {
    const back = lookupFromSnapshot(sample());
    assert.equal(back.zoneId, ZONE);
    assert.deepEqual(
      back.mappings.map((m) => m.originIp),
      ['192.0.2.9', '192.0.2.10', '2001:db8::1'],
    );
    assert.deepEqual(back.supportedRegions?.vendors.gcp, [{ name: 'us-central1', upperTierColos: ['ORD'] }]);
    assert.equal(lookupFromSnapshot({ ...sample(), supportedRegions: null }).supportedRegions, null);
  });

  test('lookupFromSnapshot writes a hand-edited snapshot canonical and in order, and refuses a text that is no IP', () => {
    const edited = {
      ...sample(),
      mappings: [
        { origin_ip: '2001:DB8:0::1', vendor: 'aws', region: 'us-east-1' },
        { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        { origin_ip: '::FFFF:192.0.2.1', vendor: 'gcp', region: 'us-central1' },
        { origin_ip: '192.0.2.9', vendor: 'aws', region: 'us-east-1' },
      ],
    };
    assert.deepEqual(
      lookupFromSnapshot(edited).mappings.map((m) => m.originIp),
      ['192.0.2.9', '192.0.2.10', '::ffff:192.0.2.1', '2001:db8::1'],
    );
    assert.throws(
      () => lookupFromSnapshot({ ...edited, mappings: [{ origin_ip: 'origin.example', vendor: 'aws', region: 'x' }] }),
      (e: unknown) =>
        e instanceof InvalidInputError && /"origin\.example" is not an IPv4 or IPv6 address/.test(e.message),
    );
  });

  test('rejects a bad zone id or date', () => {
    assert.throws(
      () => snapshotFromLookup({ zoneId: '../etc', mappings: [], supportedRegions: null, fetchedAt: new Date() }),
      InvalidInputError,
    );
    assert.throws(
      () => snapshotFromLookup({ zoneId: ZONE, mappings: [], supportedRegions: null, fetchedAt: 'yesterday' }),
      /fetchedAt/,
    );
  });
});

describe('snapshotPath', () => {
  test('puts the zone file in the folder and refuses ids that could escape it', () => {
    assert.equal(snapshotPath('.origin-cloud-regions', ZONE), path.join('.origin-cloud-regions', `${ZONE}.json`));
    for (const bad of ['../x', 'a/b', '', 'a b']) assert.throws(() => snapshotPath('d', bad), InvalidInputError);
  });
});

describe('writeSnapshot and readSnapshot', () => {
  test('write creates the folder, read returns the same snapshot, no temp file is left', () => {
    const file = snapshotPath(path.join(dir, 'new', 'deeper'), ZONE);
    writeSnapshot(file, sample());
    assert.deepEqual(readSnapshot(file, ZONE), sample());
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [`${ZONE}.json`]);
    assert.equal(fs.readFileSync(file, 'utf8'), serializeSnapshot(sample()));
  });

  test('the file holds only the documented fields (no credentials)', () => {
    const file = snapshotPath(dir, ZONE);
    writeSnapshot(file, sample());
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(data), ['format', 'version', 'zoneId', 'changedAt', 'mappings', 'supportedRegions']);
  });

  test('write refuses an invalid snapshot', () => {
    const bad = { ...sample(), mappings: [{ origin_ip: 'nope', vendor: 'aws', region: 'x' }] };
    assert.throws(
      () => writeSnapshot(path.join(dir, 'bad.json'), bad),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.field === 'mappings[0].origin_ip' &&
        /mappings\[0\]\.origin_ip "nope" is not an IPv4 or IPv6 address/.test(e.message),
    );
    assert.equal(fs.existsSync(path.join(dir, 'bad.json')), false);
  });

  test('missing: names the expected file and how to write it (snapshot writing on, online)', () => {
    const absent = path.join(dir, 'absent.json');
    assert.throws(
      () => readSnapshot(absent, ZONE),
      (e: unknown) =>
        e instanceof SnapshotMissingError &&
        e.code === 'OCR_SNAPSHOT_MISSING' &&
        e.zoneId === ZONE &&
        e.path === absent &&
        e.message.startsWith(`No snapshot at ${absent} for zone ${ZONE}. To write it, run one online synth`) &&
        e.message.includes('`snapshot: true` on the construct, or ORIGIN_CLOUD_REGIONS_SNAPSHOT=1') &&
        e.message.includes('ORIGIN_CLOUD_REGIONS_OFFLINE unset') &&
        e.message.includes(`it writes ${absent}; then commit it`),
    );
  });

  test('invalid: not JSON, not a snapshot, newer version, bad shape, duplicate origin, unreadable', () => {
    const cases: [string, RegExp][] = [
      ['{"format": "origin-cloud-regions-snap', /not valid JSON \(line 1, column 38: a string is not closed\)/],
      ['{"hello": 1}', /no "format": "origin-cloud-regions-snapshot" field. Check that the path names a snapshot/],
      [
        JSON.stringify({ ...sample(), version: 3 }),
        /version is 3: the file was written by a newer cdktf-origin-cloud-regions.*Upgrade cdktf-origin-cloud-regions/,
      ],
      [
        JSON.stringify({ ...sample(), mappings: [{ origin_ip: '192.0.2.1', vendor: 'aws' }] }),
        /mappings\[0\]\.region is missing. Correct mappings\[0\]\.region/,
      ],
      [JSON.stringify({ ...sample(), changedAt: 'soon' }), /changedAt is not an RFC 3339 date-time/],
      [
        JSON.stringify({
          ...sample(),
          mappings: [
            { origin_ip: '2001:db8::1', vendor: 'aws', region: 'x' },
            { origin_ip: '2001:DB8::1', vendor: 'aws', region: 'x' },
          ],
        }),
        /mappings\[1\]\.origin_ip is 2001:db8::1, which mappings\[0\] holds already/,
      ],
    ];
    for (const [text, pattern] of cases) {
      const file = path.join(dir, 'invalid.json');
      fs.writeFileSync(file, text);
      assert.throws(
        () => readSnapshot(file),
        (e: unknown) =>
          e instanceof SnapshotInvalidError &&
          e.code === 'OCR_SNAPSHOT_INVALID' &&
          pattern.test(e.message) &&
          /write it again: run one online synth with snapshot writing on/i.test(e.message),
        `expected ${pattern} for ${text.slice(0, 40)}`,
      );
    }
    assert.throws(
      () => readSnapshot(dir),
      (e: unknown) =>
        e instanceof SnapshotInvalidError && e.reason === 'file' && /is not usable: it is a folder/.test(e.message),
    );
  });

  test('other zone: names both zones', () => {
    const file = snapshotPath(dir, ZONE);
    writeSnapshot(file, sample());
    assert.throws(
      () => readSnapshot(file, ZONE_B),
      (e: unknown) =>
        e instanceof SnapshotZoneMismatchError &&
        e.actualZoneId === ZONE &&
        e.expectedZoneId === ZONE_B &&
        e.message.includes(`holds zone ${ZONE}, not zone ${ZONE_B}`) &&
        e.message.includes("The construct's `snapshot` path is shared with zone") &&
        e.message.includes(`to write zone ${ZONE_B}'s snapshot, run one online synth with snapshot writing on`),
    );
  });

  test('other zone in a file named for the wanted zone: says to move it, not to delete it', () => {
    const file = snapshotPath(path.join(dir, 'renamed'), ZONE_B);
    writeSnapshot(file, sample());
    assert.throws(
      () => readSnapshot(file, ZONE_B),
      (e: unknown) =>
        e instanceof SnapshotZoneMismatchError &&
        e.message.includes(`named for zone ${ZONE_B}, so it was copied or renamed`) &&
        e.message.includes(`move it to ${snapshotPath(path.join(dir, 'renamed'), ZONE)}`) &&
        !/delete/i.test(e.message),
    );
  });
});
