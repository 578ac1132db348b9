/**
 * The zone-level verification: the snapshot's `ipRanges` field (written, read back, every hostile value refused
 * with a typed error naming the field), the offline lookup that reuses it, and the validation output's `ip_ranges`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { resolveConstructSettings } from '../../lib/construct/settings';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { ipRangeFindings } from '../../lib/validate';
import { InvalidInputError, SnapshotInvalidError } from '../../lib/errors';
import { ipRangesOutput, type ZoneIpRanges } from '../../lib/ipranges';
import { ENV as LOOKUP_ENV } from '../../lib/settings/names';
import { SETTINGS } from '../../lib/settings/table';
import { lookupZones } from '../../lib/lookup/lookup-zones';
import { parseSnapshot } from '../../lib/snapshot';
import { serializeSnapshot, snapshotFromLookup } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { ipRangesToSnapshot } from '../../lib/snapshot/ip-ranges';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';

const ZONE = 'abcdef0123456789abcdef0123456789';
const MAPPINGS = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
  { originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
];
const VERIFIED: ZoneIpRanges = {
  feeds: { aws: '1764460800', gcp: null, oci: null, azure: '42' },
  verdicts: [
    {
      originIp: '192.0.2.20',
      vendor: 'aws',
      region: 'eu-west-1',
      verdict: 'region_mismatch',
      published: { vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' },
    },
    {
      originIp: '192.0.2.10',
      vendor: 'aws',
      region: 'us-east-1',
      verdict: 'confirmed',
      published: { vendor: 'aws', region: 'us-east-1', prefix: '192.0.2.0/26' },
    },
    { originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1', verdict: 'unverified', published: null },
  ],
  warnings: ['not recorded'],
};

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-ipranges-zone-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function snapshotText(): string {
  return serializeSnapshot(
    snapshotFromLookup({
      zoneId: ZONE,
      mappings: MAPPINGS,
      supportedRegions: null,
      fetchedAt: '2026-11-30T00:00:00.000Z',
      ipRanges: ipRangesToSnapshot(VERIFIED),
    }),
  );
}

test('the snapshot records feeds and verdicts in mapping order, published only for mismatches, and reads back', () => {
  const text = snapshotText();
  const data = JSON.parse(text) as { version: number; ipRanges: unknown };
  assert.equal(data.version, 2);
  assert.deepEqual(data.ipRanges, {
    feeds: { aws: '1764460800', gcp: null, oci: null, azure: '42' },
    verdicts: [
      { origin_ip: '192.0.2.10', verdict: 'confirmed' },
      {
        origin_ip: '192.0.2.20',
        verdict: 'region_mismatch',
        published: { vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' },
      },
      { origin_ip: '2001:db8::1', verdict: 'unverified' },
    ],
  });
  assert.equal(serializeSnapshot(parseSnapshot(text, 'x.json')), text, 'reads back to the same bytes');
  // Without the field, the file is exactly what this version wrote before (format version 2 unchanged).
  const plain = serializeSnapshot(
    snapshotFromLookup({ zoneId: ZONE, mappings: MAPPINGS, supportedRegions: null, fetchedAt: '2026-11-30T00:00:00Z' }),
  );
  assert.ok(!plain.includes('ipRanges'));
});

test('vendor_only is recorded in a snapshot, read back, and counted in the ip_ranges output', () => {
  const zone: ZoneIpRanges = {
    feeds: { aws: null, gcp: null, oci: null, azure: '375' },
    verdicts: [
      {
        originIp: '192.0.2.10',
        vendor: 'azure',
        region: 'eastus',
        verdict: 'vendor_only',
        published: { vendor: 'azure', region: 'unknown', prefix: '192.0.2.0/24' },
      },
    ],
    warnings: [],
  };
  const text = serializeSnapshot(
    snapshotFromLookup({
      zoneId: ZONE,
      mappings: [MAPPINGS[0]],
      supportedRegions: null,
      fetchedAt: '2026-11-30T00:00:00.000Z',
      ipRanges: ipRangesToSnapshot(zone),
    }),
  );
  assert.deepEqual(parseSnapshot(text, 'x.json').ipRanges?.verdicts, [
    { origin_ip: '192.0.2.10', verdict: 'vendor_only' },
  ]);
  assert.equal(ipRangesOutput(zone).verdict_counts.vendor_only, 1);
  assert.deepEqual(ipRangesOutput(zone).not_confirmed, { '192.0.2.10': 'vendor_only' });
});

const BREAKS: [string, (s: { ipRanges: Record<string, unknown> }) => void][] = [
  ['ipRanges', (s) => ((s as { ipRanges: unknown }).ipRanges = 'yes')],
  ['ipRanges.feeds', (s) => (s.ipRanges.feeds = [])],
  ['ipRanges.feeds.aws', (s) => ((s.ipRanges.feeds as Record<string, unknown>).aws = 'v\u001b[2J')],
  ['ipRanges.feeds.azure', (s) => ((s.ipRanges.feeds as Record<string, unknown>).azure = 42)],
  ['ipRanges.verdicts', (s) => (s.ipRanges.verdicts = {})],
  ['ipRanges.verdicts[0]', (s) => ((s.ipRanges.verdicts as unknown[])[0] = 'confirmed')],
  ['ipRanges.verdicts[0].origin_ip', (s) => (verdict(s, 0).origin_ip = '192.0.2.999')],
  ['ipRanges.verdicts[0].origin_ip', (s) => (verdict(s, 0).origin_ip = '198.51.100.1')],
  ['ipRanges.verdicts[1].origin_ip', (s) => (verdict(s, 1).origin_ip = '192.0.2.10')],
  ['ipRanges.verdicts[0].verdict', (s) => (verdict(s, 0).verdict = '__proto__')],
  ['ipRanges.verdicts[0].published', (s) => (verdict(s, 0).published = { vendor: 'aws' })],
  ['ipRanges.verdicts[1].published', (s) => delete verdict(s, 1).published],
  ['ipRanges.verdicts[1].published.vendor', (s) => (published(s).vendor = 'constructor')],
  ['ipRanges.verdicts[1].published.region', (s) => (published(s).region = 'r${file("/etc/passwd")}')],
  ['ipRanges.verdicts[1].published.region', (s) => (published(s).region = '\u202eevil')],
  ['ipRanges.verdicts[1].published.prefix', (s) => (published(s).prefix = '192.0.2.17/28')],
  ['ipRanges.verdicts[1].published.prefix', (s) => (published(s).prefix = '<b>')],
];

function verdict(s: { ipRanges: Record<string, unknown> }, i: number): Record<string, unknown> {
  return (s.ipRanges.verdicts as Record<string, unknown>[])[i];
}
function published(s: { ipRanges: Record<string, unknown> }): Record<string, unknown> {
  return verdict(s, 1).published as Record<string, unknown>;
}

test('a hostile ipRanges value is refused with SnapshotInvalidError naming the field, in a terminal-safe message', () => {
  for (const [field, breakIt] of BREAKS) {
    const data = JSON.parse(snapshotText()) as { ipRanges: Record<string, unknown> };
    breakIt(data);
    assert.throws(
      () => parseSnapshot(JSON.stringify(data), 'snap.json'),
      (error: unknown) => {
        assert.ok(error instanceof SnapshotInvalidError, String(error));
        assert.equal(error.code, 'OCR_SNAPSHOT_INVALID');
        assert.equal(error.field, field);
        assert.ok(!hasUnsafeCharacters(error.message), error.message);
        assert.ok(!error.message.includes('/etc/passwd'), error.message);
        return true;
      },
      field,
    );
  }
});

test('property: any feed version string is refused or kept literally', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (version) => {
      const data = JSON.parse(snapshotText()) as { ipRanges: { feeds: Record<string, unknown> } };
      data.ipRanges.feeds.gcp = version;
      let read;
      try {
        read = parseSnapshot(JSON.stringify(data), 'snap.json');
      } catch (error) {
        assert.ok(error instanceof SnapshotInvalidError);
        assert.equal(error.field, 'ipRanges.feeds.gcp');
        return;
      }
      assert.equal(read.ipRanges?.feeds.gcp, version);
    }),
  );
});

test('offline lookup with verification: the recorded verdicts and findings; without them, all unverified and one warning', async () => {
  const file = path.join(dir, `${ZONE}.json`);
  fs.writeFileSync(file, snapshotText());
  const env = { ORIGIN_CLOUD_REGIONS_OFFLINE: '1', ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: dir };
  const [verified] = await lookupZones([{ zoneId: ZONE, verifyIpRanges: true }], { env, cwd: dir });
  assert.deepEqual(
    verified.ipRanges?.verdicts.map((v) => [v.originIp, v.verdict]),
    [
      ['192.0.2.10', 'confirmed'],
      ['192.0.2.20', 'region_mismatch'],
      ['2001:db8::1', 'unverified'],
    ],
  );
  assert.deepEqual(verified.ipRanges?.warnings, []);
  const mismatch = verified.findings.find((f) => f.kind === 'region-mismatch');
  assert.equal(mismatch?.suggestion, 'eu-west-2');
  assert.match(mismatch?.message ?? '', /prefix 192\.0\.2\.16\/28/);

  // Verification off: no ipRanges, no mismatch finding, even though the snapshot holds verdicts.
  const [plain] = await lookupZones([{ zoneId: ZONE }], { env, cwd: dir });
  assert.equal(plain.ipRanges, undefined);
  assert.ok(!plain.findings.some((f) => f.kind.endsWith('-mismatch')));

  // A snapshot written without verification (the same write path drops the field).
  writeSnapshot(
    file,
    snapshotFromLookup({ zoneId: ZONE, mappings: MAPPINGS, supportedRegions: null, fetchedAt: new Date() }),
  );
  const [old] = await lookupZones([{ zoneId: ZONE }], {
    env: { ...env, ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES: '1' },
    cwd: dir,
  });
  assert.deepEqual(
    old.ipRanges?.verdicts.map((v) => v.verdict),
    ['unverified', 'unverified', 'unverified'],
  );
  assert.equal(old.ipRanges?.warnings.length, 1);
  assert.match(old.ipRanges.warnings[0], /holds no IP range verdicts.*every mapping is unverified/);
  assert.deepEqual(ipRangesOutput(old.ipRanges).feeds, {});
});

test('ipRangesOutput: every verdict counted, zeros too; confirmed IPs left out; no null (cdktf cannot emit one)', () => {
  assert.deepEqual(ipRangesOutput(VERIFIED), {
    feeds: { aws: '1764460800', azure: '42' },
    verdict_counts: {
      confirmed: 1,
      anycast: 0,
      vendor_only: 0,
      unpublished: 0,
      unverified: 1,
      region_mismatch: 1,
      vendor_mismatch: 0,
    },
    not_confirmed: { '192.0.2.20': 'region_mismatch', '2001:db8::1': 'unverified' },
  });
});

test('verifyIpRanges setting: the prop, else the environment, else the cdktf context, else off', () => {
  const context =
    (value: unknown) =>
    (key: string): unknown =>
      key === SETTINGS.verifyIpRanges.context ? value : undefined;
  const resolve = (props: object, env: Record<string, string>, ctx: unknown): boolean =>
    resolveConstructSettings({ zoneId: ZONE, ...props }, env, context(ctx)).verifyIpRanges;
  assert.equal(resolve({}, {}, undefined), false);
  assert.equal(resolve({}, {}, true), true);
  assert.equal(resolve({}, { [LOOKUP_ENV.verifyIpRanges]: '0' }, true), false);
  assert.equal(resolve({}, { [LOOKUP_ENV.verifyIpRanges]: '1' }, false), true);
  assert.equal(resolve({ verifyIpRanges: false }, { [LOOKUP_ENV.verifyIpRanges]: '1' }, true), false);
  assert.throws(
    () => resolve({}, { [LOOKUP_ENV.verifyIpRanges]: 'maybe' }, undefined),
    (e: unknown) => e instanceof InvalidInputError && e.field === LOOKUP_ENV.verifyIpRanges,
  );
  assert.throws(
    () => resolve({ verifyIpRanges: 'yes' }, {}, undefined),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'verifyIpRanges',
  );
});

test('online lookup: feeds loaded once per process and shared by the zones; a vendor without a feed gets a note', async () => {
  const token = 'zone-test-token-3c9d1e7f';
  const other = '0123456789abcdef0123456789abcdef';
  const mappings = [
    { origin_ip: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
    { origin_ip: '203.0.113.7', vendor: 'azure', region: 'westeurope' },
  ];
  const emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings }, [other]: { mappings } }, credentials: { tokens: [token] } },
  });
  try {
    const env = {
      CLOUDFLARE_API_TOKEN: token,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: path.join(dir, 'feed-cache'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: 'off',
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off',
    };
    emulator.ipRangeFeeds.resetStats();
    const results = await lookupZones(
      [
        { zoneId: ZONE, verifyIpRanges: true, client: { env } },
        { zoneId: other, verifyIpRanges: true, client: { env } },
      ],
      { env, cwd: dir },
    );
    assert.equal(emulator.ipRangeFeeds.stats().requests, 1, 'one feed download for both zones');
    for (const r of results) {
      assert.deepEqual(
        r.ipRanges?.verdicts.map((v) => v.verdict),
        ['region_mismatch', 'unverified'],
      );
      assert.deepEqual(r.ipRanges?.feeds, { aws: '1764460800', gcp: null, oci: null, azure: null });
      assert.equal(r.ipRanges?.warnings.length, 1);
      assert.match(
        r.ipRanges.warnings[0],
        /no azure IP range feed is configured.*ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE/,
      );
      assert.deepEqual(
        r.findings.filter((f) => f.kind === 'region-mismatch').map((f) => f.suggestion),
        ['eu-west-2'],
      );
    }
    // Another lookup in the same process: the feeds are not loaded again.
    await lookupZones([{ zoneId: ZONE, verifyIpRanges: true, client: { env } }], { env, cwd: dir });
    assert.equal(emulator.ipRangeFeeds.stats().requests, 1);
  } finally {
    await emulator.close();
  }
});

test('mismatch findings: a hostile claimed value is kept literally and shown terminal-safe', () => {
  const region = 'eu-west-1\u001b[2J\u202e${file("/etc/passwd")}';
  const [finding] = ipRangeFindings([
    {
      originIp: '192.0.2.20',
      vendor: 'aws',
      region,
      verdict: 'region_mismatch',
      published: { vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' },
    },
  ]);
  assert.equal(finding.value, region);
  assert.equal(finding.suggestion, 'eu-west-2');
  assert.ok(!hasUnsafeCharacters(finding.message), finding.message);
  assert.deepEqual(
    ipRangeFindings([
      { originIp: '192.0.2.1', vendor: 'aws', region: 'x', verdict: 'anycast', published: null },
      { originIp: '192.0.2.2', vendor: 'aws', region: 'x', verdict: 'unpublished', published: null },
    ]),
    [],
  );
});
