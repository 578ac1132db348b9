/**
 * `refresh --verify-ip-ranges` through the CLI against the emulator, which serves sample IP range feeds: a change of
 * a recorded verdict alone is a change (exit 2, its own report section), and a feed that cannot be read never
 * rewrites recorded verdicts to `unverified`.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { runCli } from '../support/cli';
import { awsFeed } from '../ipranges/feeds';

const TOKEN = 'tok_REFRESH_VERDICTS_1a2b3c4d5e6f7a8b';
const ZONE = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const SAMPLE_AWS = fs.readFileSync(path.join(__dirname, '../../lib/emulator/seeds/ip-ranges/aws.json'), 'utf8');
// Against the sample feeds: confirmed, region_mismatch (AWS publishes it in eu-west-2), vendor_mismatch (Oracle
// publishes it), confirmed (Google).
const MAPPINGS = [
  { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { origin_ip: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
  { origin_ip: '203.0.113.40', vendor: 'aws', region: 'us-east-1' },
  { origin_ip: '198.51.100.5', vendor: 'gcp', region: 'us-central1' },
];

let emulator: CloudflareApiEmulator;
let tmp: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings: MAPPINGS } }, credentials: { tokens: [TOKEN] } },
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-refresh-verdicts-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.ipRangeFeeds.set('aws.json', SAMPLE_AWS);
});

function env(cacheDir: string): NodeJS.ProcessEnv {
  return {
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: cacheDir,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: emulator.ipRangeFeedUrl('oci.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: emulator.ipRangeFeedUrl('azure.json'),
  };
}

function verdicts(dir: string): Record<string, string> {
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, `${ZONE}.json`), 'utf8')) as {
    ipRanges: { verdicts: { origin_ip: string; verdict: string }[] };
  };
  return Object.fromEntries(snapshot.ipRanges.verdicts.map((v) => [v.origin_ip, v.verdict]));
}

test('a verdict that changes while the mappings do not: exit 2, and the report says which', async () => {
  const dir = path.join(tmp, 'changed');
  const cache = fs.mkdtempSync(path.join(tmp, 'cache-'));
  const args = ['refresh', '--snapshot-dir', dir, '--zone', ZONE, '--verify-ip-ranges'];
  assert.equal((await runCli(args, env(cache))).code, 2, 'the new snapshot');
  assert.equal(verdicts(dir)['192.0.2.20'], 'region_mismatch');
  const steady = await runCli(args, env(cache));
  assert.equal(steady.code, 0, steady.stderr);

  // AWS now publishes 192.0.2.20 in eu-west-1, as mapped: the recorded region_mismatch becomes confirmed.
  emulator.ipRangeFeeds.set(
    'aws.json',
    awsFeed([
      ['192.0.2.0/26', 'us-east-1'],
      ['192.0.2.16/28', 'eu-west-1'],
    ]),
  );
  const run = await runCli(args, env(cache));
  assert.equal(run.code, 2, run.stderr);
  assert.equal(verdicts(dir)['192.0.2.20'], 'confirmed');
  assert.doesNotMatch(run.stdout, /No drift/);
  assert.match(run.stdout, /; 1 IP range verdict changed/);
  assert.match(run.stdout, /#### IP range verdict changed \(before → after\): 1\n/);
  assert.ok(
    run.stdout.includes(
      '| `192.0.2.20` | `aws` | `eu-west-1` | ⚠️ `region_mismatch`: published in `aws/eu-west-2` (`192.0.2.16/28`) → `confirmed` |',
    ),
    run.stdout,
  );
  assert.match(run.stderr, /refreshed 1 of 1 zone \(1 changed\)/);

  const json = await runCli([...args, '--format', 'json'], env(cache));
  assert.equal(json.code, 0, 'reported once: nothing changed since');
});

test('a feed that cannot be read keeps the recorded verdicts (with a warning) instead of writing unverified', async () => {
  const dir = path.join(tmp, 'outage');
  const args = ['refresh', '--snapshot-dir', dir, '--zone', ZONE, '--verify-ip-ranges'];
  assert.equal((await runCli(args, env(fs.mkdtempSync(path.join(tmp, 'cache-'))))).code, 2);
  const recorded = verdicts(dir);
  const bytes = fs.readFileSync(path.join(dir, `${ZONE}.json`), 'utf8');

  // An outage: the AWS feed answers an error page, and there is no cached copy to fall back on.
  emulator.ipRangeFeeds.set('aws.json', '<html>502 Bad Gateway</html>', 'text/html');
  const run = await runCli(args, env(fs.mkdtempSync(path.join(tmp, 'cache-'))));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /The AWS IP range feed from .* is an HTML or XML page/);
  assert.match(
    run.stderr,
    new RegExp(
      `zone ${ZONE}: kept 3 recorded IP range verdicts that could not be checked again, because the aws feed could not be read`,
    ),
  );
  assert.deepEqual(verdicts(dir), recorded);
  assert.ok(!Object.values(verdicts(dir)).includes('unverified'));
  assert.equal(fs.readFileSync(path.join(dir, `${ZONE}.json`), 'utf8'), bytes, 'the snapshot is not rewritten');
});

test('a region the mappings use that drops out of supported_regions: exit 2, under "Support changed"', async () => {
  const dir = path.join(tmp, 'support');
  const args = ['refresh', '--snapshot-dir', dir, '--zone', ZONE];
  assert.equal((await runCli(args, env(tmp))).code, 2);
  // The zone's supported regions no longer list aws/eu-west-1, which 192.0.2.20 uses; the rest is as before.
  const before = JSON.parse(fs.readFileSync(path.join(dir, `${ZONE}.json`), 'utf8')) as {
    supportedRegions: { obtained_codes: boolean; vendors: Record<string, { name: string }[]> };
  };
  const vendors = { ...before.supportedRegions.vendors };
  vendors.aws = vendors.aws.filter((r) => r.name !== 'eu-west-1');
  emulator.addFaults({
    match: { path: 'supported_regions' },
    kind: 'envelope',
    body: { success: true, errors: [], messages: [], result: { ...before.supportedRegions, vendors } },
  });
  try {
    const run = await runCli([...args, '--format', 'json'], env(tmp));
    assert.equal(run.code, 2, run.stderr);
    const zone = (JSON.parse(run.stdout) as { zones: { support_changes: unknown[]; changed: unknown[] }[] }).zones[0];
    assert.deepEqual(zone.changed, []);
    assert.deepEqual(zone.support_changes, [
      { vendor: 'aws', region: 'eu-west-1', origins: 1, before: 'supported', after: 'unsupported' },
    ]);
  } finally {
    emulator.clearFaults();
  }
});
