/**
 * A snapshot committed to a repository can be edited in a pull request: every value in it is hostile.
 * Each one either is refused with a SnapshotInvalidError naming the file and the field, or comes back
 * literally — never a crash, a vanished key, a terminal escape in a message, or file content quoted.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { isPrintableText } from '../../lib/model/wire-values';
import {
  InvalidInputError,
  InputFileTooLargeError,
  NotARegularFileError,
  SnapshotInvalidError,
} from '../../lib/errors';
import { hasUnsafeCharacters, quoteForMessage } from '../../lib/sinks/terminal';
import { lookupFromSnapshot, parseSnapshot, snapshotUpperTierColos } from '../../lib/snapshot';
import { MAX_SNAPSHOT_BYTES, type ZoneSnapshot } from '../../lib/snapshot/rules';
import { readSnapshot } from '../../lib/snapshot/read';
import { serializeSnapshot, snapshotFromLookup } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { ZONE } from '../support/generate-zones';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-hostile-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const isWindows = process.platform === 'win32';

const SPECIALS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  'r${file("/etc/passwd")}',
  '%{ if true }x%{ endif }',
  '$${x}',
  '\u202eevil\u202c',
  '\u2066iso\u2069',
  '\u200b',
  '\u001b[2J',
  '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007',
  '\u001b]0;title\u0007',
  'a\u0000b',
  'line\r\nbreak',
  '\u0085',
  '\u0007',
  '@org/team',
  '[x](https://example.com) :tada: ~~s~~ $x$',
  '<script>alert(1)</script>',
  '| a | b |',
  'a/b',
  '/',
  'AWS',
  '\ud800',
  'é',
  '<<<<<<< HEAD',
];

/** Strings from every corner that matters: control and bidi characters, templates, lengths around the limit. */
const hostile = fc.oneof(
  fc.constantFrom(...SPECIALS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...SPECIALS), fc.string({ maxLength: 10 }))
    .map(([a, b, c]) => a + b + c),
  fc.integer({ min: 195, max: 205 }).map((n) => 'x'.repeat(n)),
  fc.constant('x'.repeat(300_000)),
);

type Place = 'vendor' | 'region' | 'supported vendor' | 'supported region' | 'colo' | 'label';
const PLACES: Place[] = ['vendor', 'region', 'supported vendor', 'supported region', 'colo', 'label'];

/** A valid snapshot (as a plain JSON object) with `value` at `place`, and the field path of that place. */
function snapshotWith(place: Place, value: string): { data: Record<string, unknown>; field: string } {
  const mapping = { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' };
  const region = { name: 'us-east-1', upper_tier_colos: ['IAD'] };
  let vendors: Record<string, unknown> = { aws: [region] };
  let field = '';
  let label: string | undefined;
  switch (place) {
    case 'vendor':
      mapping.vendor = value;
      field = 'mappings[0].vendor';
      break;
    case 'region':
      mapping.region = value;
      field = 'mappings[0].region';
      break;
    case 'supported vendor':
      vendors = { aws: [region], [value]: [{ name: 'r1', upper_tier_colos: [] }] };
      field = `supportedRegions.vendors["${quoteForMessage(value, 40)}"]`;
      break;
    case 'supported region':
      region.name = value;
      field = 'supportedRegions.vendors["aws"][0].name';
      break;
    case 'colo':
      region.upper_tier_colos = ['IAD', value];
      field = 'supportedRegions.vendors["aws"][0].upper_tier_colos[1]';
      break;
    case 'label':
      label = value;
      field = 'label';
      break;
  }
  const data: Record<string, unknown> = {
    format: 'origin-cloud-regions-snapshot',
    version: 2,
    zoneId: ZONE,
    ...(label === undefined ? {} : { label }),
    changedAt: '2026-01-01T00:00:00.000Z',
    mappings: [mapping],
    supportedRegions: { obtained_codes: true, vendors },
  };
  return { data, field };
}

/** The rule: the API's printable text rule, and a vendor never holds `/`. */
function allowed(place: Place, value: string): boolean {
  return isPrintableText(value) && !((place === 'vendor' || place === 'supported vendor') && value.includes('/'));
}

/** The value at `place` in a snapshot that was read back. */
function valueAt(snapshot: ZoneSnapshot, place: Place, value: string): string | undefined {
  const vendors = snapshot.supportedRegions!.vendors;
  switch (place) {
    case 'vendor':
      return snapshot.mappings[0].vendor;
    case 'region':
      return snapshot.mappings[0].region;
    case 'supported vendor':
      return Object.keys(vendors).find((k) => k === value);
    case 'supported region':
      return vendors.aws[0].name;
    case 'colo':
      return vendors.aws[0].upper_tier_colos[1];
    case 'label':
      return snapshot.label;
  }
}

/** A clean refusal: the typed error, naming the file and the field, with no raw control characters or long quotes. */
function assertCleanRefusal(error: unknown, file: string, field: string, value: string): void {
  assert.ok(error instanceof SnapshotInvalidError, `expected SnapshotInvalidError, got ${String(error)}`);
  assert.equal(error.code, 'OCR_SNAPSHOT_INVALID');
  assert.equal(error.path, file);
  assert.equal(error.field, field);
  assert.equal(error.reason, 'content');
  assert.ok(error.message.startsWith(`Snapshot ${file} is not usable: ${field} `), error.message);
  assert.ok(error.message.includes(', or write it again: run one online synth with snapshot writing on'));
  assert.ok(!hasUnsafeCharacters(error.message), 'the message holds no raw control or bidi characters');
  assert.ok(error.message.length < 1200, `a short message (${error.message.length} characters)`);
  if (value.length > 80) assert.ok(!error.message.includes(value.slice(0, 80)), 'long values are not quoted');
}

describe('hostile snapshot values', () => {
  test('each value at each place is refused naming file and field, or round-trips literally', () => {
    const file = path.join(dir, `${ZONE}.json`);
    fc.assert(
      fc.property(fc.constantFrom(...PLACES), hostile, (place, value) => {
        const { data, field } = snapshotWith(place, value);
        const text = JSON.stringify(data, null, 2);
        let snapshot: ZoneSnapshot;
        try {
          snapshot = parseSnapshot(text, file);
        } catch (error) {
          assert.ok(!allowed(place, value), `${place} ${JSON.stringify(value)} was refused: ${String(error)}`);
          assertCleanRefusal(error, file, field, value);
          return;
        }
        assert.ok(allowed(place, value), `${place} ${JSON.stringify(value.slice(0, 80))} should have been refused`);
        assert.equal(valueAt(snapshot, place, value), value);
        // Written and read again, and carried into the lookup shape, it is still the same string.
        const again = parseSnapshot(serializeSnapshot(snapshot), file);
        assert.deepEqual(again, snapshot);
        const lookup = lookupFromSnapshot(snapshot);
        if (place === 'vendor') assert.equal(lookup.mappings[0].vendor, value);
        if (place === 'supported vendor')
          assert.ok(Object.prototype.hasOwnProperty.call(lookup.supportedRegions!.vendors, value));
        if (place === 'label') assert.equal(lookup.label, value);
      }),
      { numRuns: 1500 },
    );
  });

  test('the same rules guard writing: a refused value never reaches a file', () => {
    fc.assert(
      fc.property(fc.constantFrom<Place>('vendor', 'region', 'supported vendor', 'label'), hostile, (place, value) => {
        const vendors: Record<string, { name: string; upperTierColos: string[] }[]> = {
          aws: [{ name: 'us-east-1', upperTierColos: ['IAD'] }],
        };
        if (place === 'supported vendor') vendors[value] = [{ name: 'r1', upperTierColos: [] }];
        const build = () =>
          snapshotFromLookup({
            zoneId: ZONE,
            ...(place === 'label' ? { label: value } : {}),
            mappings: [
              { originIp: '192.0.2.9', vendor: 'aws', region: 'us-east-1' },
              {
                originIp: '192.0.2.1',
                vendor: place === 'vendor' ? value : 'aws',
                region: place === 'region' ? value : 'us-east-1',
              },
            ],
            supportedRegions: { obtainedCodes: true, vendors },
            fetchedAt: '2026-01-01T00:00:00Z',
          });
        if (allowed(place, value)) {
          const built = build();
          assert.equal(parseSnapshot(serializeSnapshot(built), 'x.json').mappings[0].origin_ip, '192.0.2.1');
          return;
        }
        assert.throws(build, (e: unknown) => {
          assert.ok(e instanceof InvalidInputError, String(e));
          // The caller's own index (the second mapping), not the index after sorting.
          if (place === 'vendor' || place === 'region') assert.equal(e.field, `mappings[1].${place}`);
          if (place === 'label') assert.equal(e.field, 'label');
          assert.ok(!hasUnsafeCharacters(e.message));
          return true;
        });
      }),
      { numRuns: 500 },
    );
  });

  test('vendor names like JavaScript built-ins round-trip through a file and never crash a lookup', () => {
    const file = path.join(dir, 'builtins.json');
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const snapshot = snapshotFromLookup({
      zoneId: ZONE,
      mappings: names.map((vendor, i) => ({ originIp: `192.0.2.${i + 1}`, vendor, region: 'r1' })),
      supportedRegions: {
        obtainedCodes: true,
        // `toString` is listed, the others are not.
        vendors: Object.fromEntries([
          ['toString', [{ name: 'r1', upperTierColos: ['AMS'] }]],
          ['aws', []],
        ]),
      },
      fetchedAt: '2026-01-01T00:00:00Z',
    });
    writeSnapshot(file, snapshot);
    const text = fs.readFileSync(file, 'utf8');
    const read = readSnapshot(file, ZONE);
    assert.deepEqual(
      read.mappings.map((m) => m.vendor),
      names,
    );
    assert.equal(Object.getPrototypeOf(read.supportedRegions!.vendors), null);
    assert.deepEqual(Object.keys(read.supportedRegions!.vendors), ['aws', 'toString']);
    assert.deepEqual(snapshotUpperTierColos(read, 'toString', 'r1'), ['AMS']);
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      assert.equal(snapshotUpperTierColos(read, name, 'r1'), undefined, name);
    }
    // A `__proto__` key written by hand in the file is data, not a prototype.
    const edited = text.replace('"toString": [', '"__proto__": [');
    fs.writeFileSync(file, edited);
    const withProto = readSnapshot(file);
    assert.deepEqual(Object.keys(withProto.supportedRegions!.vendors), ['aws', '__proto__']);
    assert.deepEqual(snapshotUpperTierColos(withProto, '__proto__', 'r1'), ['AMS']);
    assert.equal(snapshotUpperTierColos(withProto, 'toString', 'r1'), undefined);
    const lookup = lookupFromSnapshot(withProto);
    assert.equal(Object.getPrototypeOf(lookup.supportedRegions!.vendors), null);
    assert.deepEqual(lookup.supportedRegions!.vendors['__proto__'], [{ name: 'r1', upperTierColos: ['AMS'] }]);
    // And written again, it stays.
    writeSnapshot(file, { ...withProto, changedAt: '2026-02-01T00:00:00.000Z', label: 'relabelled' });
    assert.deepEqual(Object.keys(readSnapshot(file).supportedRegions!.vendors), ['aws', '__proto__']);
  });

  test('broken shapes name the field', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case edits a different part of the JSON
    const cases: [(d: Record<string, any>) => void, string, RegExp][] = [
      [
        (d) => (d.mappings[0].origin_ip = '192.0.2.1\u001b[2J'),
        'mappings[0].origin_ip',
        /"192\.0\.2\.1\\x1b\[2J" is not an IPv4/,
      ],
      [(d) => (d.mappings[0].origin_ip = 'fe80::1%eth0'), 'mappings[0].origin_ip', /is not an IPv4 or IPv6 address/],
      [
        (d) =>
          d.mappings.push(
            { ...d.mappings[0], origin_ip: '2001:db8::1' },
            { ...d.mappings[0], origin_ip: '2001:0DB8:0:0::1' },
          ),
        'mappings[2].origin_ip',
        /is 2001:db8::1, which mappings\[1\] holds already \(an origin has one mapping\)/,
      ],
      [(d) => (d.mappings[0] = 'aws/us-east-1'), 'mappings[0]', /must be an object/],
      [(d) => (d.mappings[0].vendor = 42), 'mappings[0].vendor', /must be a string/],
      [(d) => (d.mappings[0].modified_on = 'yesterday'), 'mappings[0].modified_on', /not an RFC 3339/],
      [(d) => (d.mappings = {}), 'mappings', /must be a list/],
      [(d) => (d.supportedRegions.vendors = []), 'supportedRegions.vendors', /must be an object/],
      [(d) => (d.supportedRegions.vendors.aws = {}), 'supportedRegions.vendors["aws"]', /must be a list of regions/],
      [(d) => delete d.supportedRegions.obtained_codes, 'supportedRegions.obtained_codes', /is missing/],
      [(d) => (d.supportedRegions = 'none'), 'supportedRegions', /must be an object or null/],
      [(d) => (d.zoneId = '../../etc/passwd'), 'zoneId', /is not a zone id/],
      [(d) => (d.label = 7), 'label', /must be a string/],
      [(d) => (d.version = '2'), 'version', /is not a format version; this package reads 1 and 2/],
      [(d) => delete d.changedAt, 'changedAt', /is not an RFC 3339 date-time/],
    ];
    for (const [edit, field, pattern] of cases) {
      const { data } = snapshotWith('label', 'ok');
      edit(data);
      assert.throws(
        () => parseSnapshot(JSON.stringify(data), 'edited.json'),
        (e: unknown) =>
          e instanceof SnapshotInvalidError &&
          e.field === field &&
          e.message.startsWith(`Snapshot edited.json is not usable: ${field} `) &&
          pattern.test(e.message) &&
          !hasUnsafeCharacters(e.message),
        field,
      );
    }
  });

  test('extra fields are dropped, null modified_on is read as absent, IPs in another notation are kept as written', () => {
    const { data } = snapshotWith('label', 'ok');
    Object.assign(data, { fetchedAt: 'ignored', extra: { nested: true } });
    Object.assign((data.mappings as Record<string, unknown>[])[0], {
      origin_ip: '2001:DB8::1',
      modified_on: null,
      x: 1,
    });
    const read = parseSnapshot(JSON.stringify(data), 'x.json');
    assert.deepEqual(read.mappings, [{ origin_ip: '2001:DB8::1', vendor: 'aws', region: 'us-east-1' }]);
    assert.equal('extra' in read, false);
    assert.equal(lookupFromSnapshot(read).mappings[0].originIp, '2001:db8::1');
  });
});

describe('hostile snapshot files', () => {
  function refusedFile(file: string, reason: string, problem: RegExp) {
    return (e: unknown) =>
      e instanceof SnapshotInvalidError &&
      e.reason === reason &&
      e.path === file &&
      e.field === undefined &&
      e.message.startsWith(`Snapshot ${file} is not usable: `) &&
      problem.test(e.message) &&
      !hasUnsafeCharacters(e.message);
  }

  test('a symbolic link to /dev/zero, a FIFO and a folder are refused without reading', { skip: isWindows }, () => {
    const zero = path.join(dir, 'zero.json');
    fs.symlinkSync('/dev/zero', zero);
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const folder = path.join(dir, 'folder.json');
    fs.mkdirSync(folder);
    assert.throws(
      () => readSnapshot(zero, ZONE),
      (e: unknown) =>
        refusedFile(
          zero,
          'file',
          /it is a character device, not a regular file\. Remove it, then write it again: run one online synth/,
        )(e) && (e as Error).cause instanceof NotARegularFileError,
    );
    assert.throws(() => readSnapshot(fifo, ZONE), refusedFile(fifo, 'file', /it is a FIFO \(named pipe\)/));
    assert.throws(() => readSnapshot(folder, ZONE), refusedFile(folder, 'file', /it is a folder/));
  });

  test('a link to a good snapshot is followed by default and refused with followSymlinks: false', () => {
    const target = path.join(dir, 'elsewhere.json');
    writeSnapshot(
      target,
      snapshotFromLookup({ zoneId: ZONE, mappings: [], supportedRegions: null, fetchedAt: '2026-01-01T00:00:00Z' }),
    );
    const link = path.join(dir, 'folder-entry.json');
    fs.symlinkSync(target, link);
    assert.equal(readSnapshot(link, ZONE).zoneId, ZONE);
    assert.throws(
      () => readSnapshot(link, ZONE, { followSymlinks: false }),
      refusedFile(link, 'file', /it is a symbolic link, which is not followed here\. Remove it, then write it again/),
    );
  });

  test('a huge file is refused from its size, naming the limit', { skip: isWindows }, () => {
    const huge = path.join(dir, 'huge.json');
    const fd = fs.openSync(huge, 'w');
    fs.ftruncateSync(fd, 8 * 1024 * 1024 * 1024);
    fs.closeSync(fd);
    assert.throws(
      () => readSnapshot(huge),
      (e: unknown) =>
        refusedFile(
          huge,
          'file',
          /it is 8589934592 bytes, over the limit of 16 MiB \(16777216 bytes\) for a snapshot\. Remove it, then write it again/,
        )(e) && (e as Error).cause instanceof InputFileTooLargeError,
    );
    const justOver = path.join(dir, 'just-over.json');
    fs.writeFileSync(justOver, Buffer.alloc(MAX_SNAPSHOT_BYTES + 1, 0x20));
    assert.throws(() => readSnapshot(justOver), refusedFile(justOver, 'file', /over the limit of 16 MiB/));
  });

  test('a merge-conflict marker is an error naming the line, not a silently skipped file', () => {
    const good = snapshotFromLookup({
      zoneId: ZONE,
      mappings: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }],
      supportedRegions: null,
      fetchedAt: '2026-01-01T00:00:00Z',
    });
    const lines = serializeSnapshot(good).split('\n');
    const conflicted = [
      ...lines.slice(0, 4),
      '<<<<<<< HEAD',
      lines[4],
      '=======',
      lines[4].replace('2026-01-01', '2026-02-02'),
      '>>>>>>> refresh',
      ...lines.slice(5),
    ].join('\n');
    const file = path.join(dir, 'conflict.json');
    fs.writeFileSync(file, conflicted);
    assert.throws(
      () => readSnapshot(file, ZONE),
      refusedFile(
        file,
        'merge-conflict',
        /not valid JSON \(line 5, column 1: a merge-conflict marker \(<<<<<<<\)\)\. Resolve the merge conflict \(keep one side\), or write it again: /,
      ),
    );
  });

  test('a JSON error never quotes the file (V8 would quote its first characters)', () => {
    const file = path.join(dir, 'garbage.json');
    const secret = 'ghp_0123456789abcdefSECRET';
    fs.writeFileSync(file, `${secret}\u001b[2J{"format":`);
    assert.throws(
      () => readSnapshot(file),
      (e: unknown) => {
        assert.ok(
          refusedFile(file, 'json', /not valid JSON \(line 1, column 1: unexpected character "g"\)/)(e),
          String(e),
        );
        for (let c: unknown = e; c instanceof Error; c = c.cause) {
          assert.ok(!c.message.includes(secret.slice(0, 3)), c.message);
          assert.ok(!c.message.includes('\u001b'));
        }
        return true;
      },
    );
  });

  test('bytes that are not UTF-8 are refused', () => {
    const file = path.join(dir, 'latin1.json');
    fs.writeFileSync(file, Buffer.from('{"format": "\xe9"}', 'latin1'));
    assert.throws(() => readSnapshot(file), refusedFile(file, 'file', /it is not UTF-8 text/));
  });
});
