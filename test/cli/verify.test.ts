import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { runCli } from '../../lib/cli/run';
import type { CliIo } from '../../lib/cli/io';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { awsFeed } from '../ipranges/feeds';

const TOKEN = 'tok_VERIFY_TEST_1a2b3c4d5e6f7a8b9c';
const ZONE = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const SAMPLE = (vendor: string): string => path.join(__dirname, '../../lib/emulator/seeds/ip-ranges', `${vendor}.json`);
const SAMPLE_AWS = fs.readFileSync(SAMPLE('aws'), 'utf8');
const MAPPINGS = [
  { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { origin_ip: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
  { origin_ip: '192.0.2.99', vendor: 'aws', region: 'us-east-1' },
  { origin_ip: '198.51.100.5', vendor: 'gcp', region: 'us-central1' },
  { origin_ip: '203.0.113.17', vendor: 'azure', region: 'francecentral' },
  { origin_ip: '203.0.113.40', vendor: 'aws', region: 'us-east-1' },
  { origin_ip: '2001:db8:2000::5', vendor: 'gcp', region: 'asia-northeast1' },
  { origin_ip: '2001:db8:3000::10', vendor: 'oci', region: 'eu-frankfurt-1' },
];

let emulator: CloudflareApiEmulator;
let cacheDir: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings: MAPPINGS } }, credentials: { tokens: [TOKEN] } },
  });
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-verify-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.resetStats();
  emulator.setMappings(ZONE, MAPPINGS);
  emulator.ipRangeFeeds.set('aws.json', SAMPLE_AWS);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function feedEnv(): Record<string, string> {
  return {
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: cacheDir,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: emulator.ipRangeFeedUrl('oci.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: emulator.ipRangeFeedUrl('azure.json'),
  };
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as CliIo['stderr'],
    env: {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
      ...feedEnv(),
      ...env,
    },
  };
  const code = await runCli(['node', 'origin-cloud-regions', ...args], new Command(), io);
  process.exitCode = 0;
  return { code, stdout, stderr };
}

test('verify --format json: the API fields plus verdict and published; exit 2 on a mismatch', async () => {
  const r = await cli(['verify', '--zone', ZONE, '--format', 'json']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 2);
  const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
  const byIp = Object.fromEntries(rows.map((row) => [row.origin_ip, row]));
  assert.deepEqual(Object.keys(rows[0]), ['origin_ip', 'vendor', 'region', 'verdict', 'published']);
  assert.deepEqual(Object.fromEntries(rows.map((row) => [row.origin_ip, row.verdict])), {
    '192.0.2.10': 'confirmed',
    '192.0.2.20': 'region_mismatch',
    '192.0.2.99': 'anycast',
    '198.51.100.5': 'confirmed',
    '203.0.113.17': 'confirmed',
    '203.0.113.40': 'vendor_mismatch',
    '2001:db8:2000::5': 'confirmed',
    '2001:db8:3000::10': 'unpublished',
  });
  assert.deepEqual(byIp['192.0.2.20'].published, { vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' });
  assert.deepEqual(byIp['203.0.113.40'].published, {
    vendor: 'oci',
    region: 'us-ashburn-1',
    prefix: '203.0.113.32/27',
  });
  assert.equal(byIp['2001:db8:3000::10'].published, null);
});

test('verify exits 0 when nothing contradicts (anycast and unverified do not); off means off, with no note', async () => {
  emulator.setMappings(
    ZONE,
    MAPPINGS.filter((m) => !['192.0.2.20', '203.0.113.40'].includes(m.origin_ip)),
  );
  const r = await cli(['verify', '--zone', ZONE], { ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'off' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ORIGIN IP\s+VENDOR\s+REGION\s+VERDICT\s+PUBLISHED\n/);
  assert.match(r.stdout, /203\.0\.113\.17\s+azure\s+francecentral\s+unverified\s+-\n/);
  // No feed lists 2001:db8:3000::10, but the Azure feed was not read: it may be Azure's, so not "unpublished".
  assert.match(r.stdout, /2001:db8:3000::10\s+oci\s+eu-frankfurt-1\s+unverified\s+-\n/);
  assert.match(r.stdout, /\n6 mappings: 3 confirmed, 1 anycast, 2 unverified\n$/);
  assert.equal(r.stderr, '');
});

test('an Azure feed nobody configured gets a note saying how to configure it', async () => {
  emulator.setMappings(ZONE, [MAPPINGS[7]]);
  const r = await cli(['verify', '--zone', ZONE], { ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: '' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2001:db8:3000::10\s+oci\s+eu-frankfurt-1\s+unverified\s+-\n/);
  assert.match(r.stderr, /^note: no azure IP range feed is configured, .* Set ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE/);
});

test('every feed unreadable: verify says nothing could be verified and exits 3, not 0', async () => {
  for (const name of ['aws.json', 'gcp.json', 'oci.json', 'azure.json']) {
    emulator.ipRangeFeeds.set(name, '<html>502 Bad Gateway</html>', 'text/html');
  }
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-verify-none-'));
  try {
    const r = await cli(['verify', '--zone', ZONE], { ORIGIN_CLOUD_REGIONS_CACHE_DIR: fresh });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /\n8 mappings: 8 unverified\n$/);
    assert.match(
      r.stderr,
      /\norigin-cloud-regions: nothing could be verified: the aws, gcp, oci, azure IP range feeds could not be read/,
    );
    // One feed failed and the only mapping is that vendor's: nothing verified either.
    emulator.ipRangeFeeds.set('gcp.json', fs.readFileSync(SAMPLE('gcp'), 'utf8'));
    emulator.setMappings(ZONE, [MAPPINGS[0]]);
    const one = await cli(['verify', '--zone', ZONE], { ORIGIN_CLOUD_REGIONS_CACHE_DIR: fresh });
    assert.equal(one.code, 3, one.stderr);
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
    for (const v of ['gcp', 'oci', 'azure']) emulator.ipRangeFeeds.set(`${v}.json`, fs.readFileSync(SAMPLE(v), 'utf8'));
  }
});

test('locate with every feed off or failed says nothing could be checked and exits 3', async () => {
  const off = { ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'off', ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: 'off' };
  const r = await cli(['locate', '192.0.2.10'], {
    ...off,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: path.join(os.tmpdir(), 'no-such-feed-file.json'),
  });
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /origin-cloud-regions: nothing could be verified: the azure IP range feed could not be read/);
  // With one feed missing, an IP no loaded feed lists is unverified, not unpublished.
  const partial = await cli(['locate', '10.0.0.1'], { ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'off' });
  assert.equal(partial.code, 0, partial.stderr);
  assert.match(partial.stdout, /10\.0\.0\.1\s+-\s+unverified\s+-\n/);
  const all = await cli(['locate', '10.0.0.1']);
  assert.match(all.stdout, /10\.0\.0\.1\s+-\s+unpublished\s+-\n/);
});

test('a changed feed turns a mismatch into confirmed on the next run (revalidated, not served stale)', async () => {
  emulator.setMappings(ZONE, [MAPPINGS[1]]);
  assert.equal((await cli(['verify', '--zone', ZONE])).code, 2);
  emulator.ipRangeFeeds.set('aws.json', awsFeed([['192.0.2.16/28', 'eu-west-1']]));
  const r = await cli(['verify', '--zone', ZONE, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { verdict: string }[])[0].verdict, 'confirmed');
});

test('a broken feed: a warning, that vendor unverified, the exit code from the rest', async () => {
  emulator.ipRangeFeeds.set('aws.json', '<html>502 Bad Gateway</html>', 'text/html');
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-verify-empty-'));
  const r = await cli(['verify', '--zone', ZONE, '--format', 'json'], { ORIGIN_CLOUD_REGIONS_CACHE_DIR: fresh });
  fs.rmSync(fresh, { recursive: true, force: true });
  assert.match(r.stderr, /^warning: The AWS IP range feed from .* is an HTML or XML page/);
  const rows = JSON.parse(r.stdout) as { origin_ip: string; verdict: string }[];
  assert.equal(rows.find((x) => x.origin_ip === '192.0.2.20')?.verdict, 'unverified');
  // 203.0.113.40 is still published by Oracle: a contradiction without the AWS feed.
  assert.equal(rows.find((x) => x.origin_ip === '203.0.113.40')?.verdict, 'vendor_mismatch');
  assert.equal(r.code, 2);
});

test('verify --format markdown writes every value as an inert code span', async () => {
  emulator.setMappings(ZONE, [{ origin_ip: '192.0.2.20', vendor: 'aws', region: '@org/team|x' }]);
  const r = await cli(['verify', '--zone', ZONE, '--format', 'markdown']);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^\| Origin IP \| Vendor \| Region \| Verdict \| Published \|\n/);
  assert.ok(
    r.stdout.includes(
      '| `192.0.2.20` | `aws` | `@org/team\\|x` | `region_mismatch` | `aws/eu-west-2` in `192.0.2.16/28` |',
    ),
  );
  assert.match(r.stdout, /Feeds: aws `1764460800` \((downloaded|not_modified)\)/);
});

test('verify errors exit 1: bad zone id, API refusal, a feed URL over plain http', async () => {
  const bad = await cli(['verify', '--zone', 'nope']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  emulator.addFaults({ kind: 'status', status: 403 });
  const refused = await cli(['verify', '--zone', ZONE]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /\[OCR_CLOUDFLARE_API\]\n$/);
  assert.ok(!refused.stderr.includes(TOKEN));
  emulator.clearFaults();
  const http = await cli(['verify', '--zone', ZONE], {
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'http://192.0.2.1/ip-ranges.json',
  });
  assert.equal(http.code, 1);
  assert.match(http.stderr, /ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS uses plain http .*\[OCR_INVALID_INPUT\]\n$/);
});

test('locate: vendor, region and a ready mapping per IP, without a Cloudflare call', async () => {
  const r = await cli([
    'locate',
    '192.0.2.20',
    '203.0.113.17',
    '2001:db8:1000::1',
    '10.0.0.1',
    '192.0.2.200',
    '--format',
    'json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(emulator.stats().requests, 0);
  assert.deepEqual(JSON.parse(r.stdout), [
    {
      ip: '192.0.2.20',
      published: [{ vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' }],
      mapping: { origin_ip: '192.0.2.20', vendor: 'aws', region: 'eu-west-2' },
    },
    {
      ip: '203.0.113.17',
      published: [{ vendor: 'azure', region: 'francecentral', prefix: '203.0.113.16/29' }],
      mapping: { origin_ip: '203.0.113.17', vendor: 'azure', region: 'francecentral' },
    },
    {
      ip: '2001:db8:1000::1',
      published: [{ vendor: 'aws', region: 'us-west-2', prefix: '2001:db8:1000::/36' }],
      mapping: { origin_ip: '2001:db8:1000::1', vendor: 'aws', region: 'us-west-2' },
    },
    { ip: '10.0.0.1', published: [], mapping: null },
    { ip: '192.0.2.200', published: [{ vendor: 'aws', region: 'global', prefix: '192.0.2.0/24' }], mapping: null },
  ]);
  const table = await cli(['locate', '10.0.0.1']);
  assert.equal(table.stdout, 'IP        VENDOR  REGION       PREFIX\n10.0.0.1  -       unpublished  -\n');
  const bad = await cli(['locate', '192.0.2.300']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /\[OCR_INVALID_INPUT\]\n$/);
});

test("vendor_only through every verify format: an IP only in Azure's global AzureCloud tag (changeNumber 375)", async () => {
  const excerpt = fs.readFileSync(path.join(__dirname, '../ipranges/fixtures/azure-excerpt.json'), 'utf8');
  emulator.ipRangeFeeds.set('azure.json', excerpt);
  emulator.setMappings(ZONE, [
    { origin_ip: '9.205.0.1', vendor: 'azure', region: 'eastus' },
    { origin_ip: '4.184.0.10', vendor: 'azure', region: 'germanynorth' },
  ]);
  try {
    const table = await cli(['verify', '--zone', ZONE]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /9\.205\.0\.1\s+azure\s+eastus\s+vendor_only\s+azure, no region \(9\.205\.0\.0\/17\)\n/);
    assert.match(
      table.stdout,
      /4\.184\.0\.10\s+azure\s+germanynorth\s+confirmed\s+azure\/germanynorth \(4\.184\.0\.0\/20\)\n/,
    );
    const json = JSON.parse((await cli(['verify', '--zone', ZONE, '--format', 'json'])).stdout) as Record<
      string,
      unknown
    >[];
    const only = json.find((r) => r.origin_ip === '9.205.0.1')!;
    assert.equal(only.verdict, 'vendor_only');
    assert.deepEqual(only.published, { vendor: 'azure', region: 'unknown', prefix: '9.205.0.0/17' });
    const md = (await cli(['verify', '--zone', ZONE, '--format', 'markdown'])).stdout;
    assert.match(md, /\| `vendor_only` \| `azure, no region` in `9\.205\.0\.0\/17` \|/);
    assert.match(md, /Feeds: .*azure `375`/);
  } finally {
    emulator.ipRangeFeeds.set('azure.json', fs.readFileSync(SAMPLE('azure'), 'utf8'));
  }
});
