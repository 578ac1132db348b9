import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { ZoneOrigins } from '../../lib/coverage/types';
import { loadIpRanges, type LoadedIpRanges } from '../../lib/ipranges';
import { coverageOffline, coverageOnline, NOT_RECORDED } from '../../lib/lookup/coverage';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';
import { checkSnapshotData } from '../../lib/snapshot/rules';
import { serializeSnapshot, snapshotFromLookup } from '../../lib/snapshot/format';
import { awsFeed } from '../ipranges/feeds';

/*
 * The `coverage` field of a snapshot: what an online lookup records (origins, sources, the feeds' placements) is
 * enough for an offline lookup to classify the same way without any feed, and a tampered field is refused naming it.
 */

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

const ORIGINS: ZoneOrigins = {
  zoneId: ZONE,
  origins: [
    { kind: 'ip', address: '192.0.2.10', sources: ['dns:A api.example.com'] },
    { kind: 'ip', address: '192.0.2.77', sources: ['dns:A shop.example.com', 'pool:pool-iad/o1'] },
    { kind: 'ip', address: '198.51.100.200', sources: ['dns:A legacy.example.com'] },
    { kind: 'ip', address: '2001:db8::5', sources: ['dns:AAAA v6.example.com'] },
    { kind: 'hostname', address: 'www.example.net', sources: ['dns:CNAME www.example.com'] },
  ],
  pools: [{ name: 'pool-iad', addresses: ['192.0.2.10', '192.0.2.77'] }],
  read: ['dns_records', 'zone', 'load_balancers', 'pools'],
  missing: [],
};

const MAPPINGS: OriginCloudRegionMapping[] = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '203.0.113.9', vendor: 'aws', region: 'eu-west-1' },
];

let work: string;
let loaded: LoadedIpRanges;
before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-coverage-snap-'));
  const feed = path.join(work, 'aws.json');
  fs.writeFileSync(
    feed,
    awsFeed(
      [
        ['192.0.2.0/24', 'us-east-1'],
        ['198.51.100.0/24', 'GLOBAL'],
      ],
      [['2001:db8::/32', 'eu-west-2']],
      'feed-v7',
    ),
  );
  loaded = await loadIpRanges({
    env: {
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: feed,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: 'off',
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off',
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'off',
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: work,
    },
  });
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

function written(coverage: unknown): unknown {
  const snapshot = snapshotFromLookup({
    zoneId: ZONE,
    mappings: MAPPINGS,
    supportedRegions: null,
    fetchedAt: '2026-12-01T00:00:00Z',
  });
  return JSON.parse(serializeSnapshot({ ...snapshot, coverage: coverage as never }));
}

test('an offline classification of the recorded origins gives the online report, without any feed', () => {
  const online = coverageOnline(ORIGINS, MAPPINGS, loaded);
  assert.deepEqual(
    online.coverage.report.unmapped.map((u) => [u.ip, u.suggested]),
    [
      ['192.0.2.77', 'aws/us-east-1'],
      ['2001:db8::5', 'aws/eu-west-2'],
    ],
  );
  assert.deepEqual(
    online.recorded.placements.map((p) => p.ip),
    ['192.0.2.77', '198.51.100.200', '2001:db8::5'],
    'the placements looked up and found, by IP (the mapped origin is never placed)',
  );
  assert.deepEqual(online.recorded.feeds, { aws: 'feed-v7', gcp: null, oci: null, azure: null });
  const read = checkSnapshotData(written(online.recorded));
  assert.ok(read.ok, read.ok ? '' : read.problem);
  assert.deepEqual(read.snapshot.coverage, online.recorded);
  const offline = coverageOffline(ZONE, read.snapshot.coverage, MAPPINGS, 'x.json');
  assert.deepEqual(offline.report, online.coverage.report);
});

test('the field is written last, after the fields older readers know', () => {
  const text = serializeSnapshot(
    snapshotFromLookup({
      zoneId: ZONE,
      mappings: MAPPINGS,
      supportedRegions: null,
      fetchedAt: '2026-12-01T00:00:00Z',
      coverage: coverageOnline(ORIGINS, MAPPINGS, loaded).recorded,
    }),
  );
  assert.deepEqual(Object.keys(JSON.parse(text) as object), [
    'format',
    'version',
    'zoneId',
    'changedAt',
    'mappings',
    'supportedRegions',
    'coverage',
  ]);
});

test('a snapshot without origins: every source missing, nothing classified, a warning that says how to record them', () => {
  const offline = coverageOffline(ZONE, undefined, MAPPINGS, 'snaps/z.json');
  assert.deepEqual(offline.report.orphaned, [], 'no mapping is called orphaned for want of origins');
  assert.deepEqual(
    offline.report.missing.map((m) => [m.source, m.reason]),
    ['dns_records', 'zone', 'load_balancers', 'pools'].map((s) => [s, NOT_RECORDED]),
  );
  assert.match(offline.warnings[0], /snaps\/z\.json holds no origins .* ORIGIN_CLOUD_REGIONS_COVERAGE=1/);
});

test('a tampered coverage field is refused, naming the field', () => {
  const recorded = coverageOnline(ORIGINS, MAPPINGS, loaded).recorded;
  const cases: [(c: Record<string, unknown[]>) => void, string, RegExp][] = [
    [
      (c) => ((c.origins[1] as { sources: string[] }).sources[0] = 'dns:A x\u001b[2J'),
      'coverage.origins[1].sources[0]',
      /control/,
    ],
    [(c) => ((c.origins[0] as { address: string }).address = '192.000.2.10'), 'coverage.origins[0].address', /IPv4/],
    [
      (c) => ((c.origins[3] as { address: string }).address = '2001:DB8::5'),
      'coverage.origins[3].address',
      /canonical/,
    ],
    [(c) => (c.read[0] = 'workers'), 'coverage.read[0]', /dns_records, zone/],
    [(c) => ((c.origins[0] as { kind: string }).kind = 'cname'), 'coverage.origins[0].kind', /"ip" or "hostname"/],
    [
      (c) => ((c.placements[0] as { published: { region: string }[] }).published[0].region = '${file("/etc/passwd")}'),
      'coverage.placements[0].published[0].region',
      /region id/,
    ],
    [
      (c) => ((c.placements[0] as { published: unknown[] }).published = []),
      'coverage.placements[0].published',
      /non-empty/,
    ],
    [(c) => ((c.pools[0] as { name: string }).name = 'p'.repeat(1025)), 'coverage.pools[0].name', /1 to 1024/],
  ];
  for (const [tamper, field, problem] of cases) {
    const coverage = structuredClone(recorded) as unknown as Record<string, unknown[]>;
    tamper(coverage);
    const read = checkSnapshotData(written(coverage));
    assert.ok(!read.ok, field);
    assert.equal(read.field, field);
    assert.match(read.problem, problem, field);
  }
});

test('hostile but printable names are kept as data (every sink escapes them)', () => {
  const coverage = structuredClone(coverageOnline(ORIGINS, MAPPINGS, loaded).recorded);
  const hostile = 'dns:CNAME ${file("/etc/passwd")} **bold** @org/team %{ if true }';
  coverage.origins[4] = { ...coverage.origins[4], sources: [hostile] };
  const read = checkSnapshotData(written(coverage));
  assert.ok(read.ok);
  assert.deepEqual(read.snapshot.coverage?.origins[4].sources, [hostile]);
});
