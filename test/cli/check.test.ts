import { runCli, type CliRun } from '../support/cli';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { ZONE, ZONE_B } from '../support/generate-zones';

const TOKEN = 'check-test-token-5f2c9d7a1b';
/** The first 12 hex digits of the SHA-256 of ZONE: the default comment id of a report on that zone alone. */
const MARKER_DIGEST = '239a5169e1ad';

const SUPPORTED = {
  obtained_codes: true,
  vendors: {
    aws: [
      { name: 'us-east-1', upper_tier_colos: ['IAD', 'EWR'] },
      { name: 'us-west-2', upper_tier_colos: ['SEA'] },
    ],
    azure: [{ name: 'eastus', upper_tier_colos: ['IAD'] }],
    gcp: [{ name: 'us-central1', upper_tier_colos: ['ORD'] }],
    oci: [{ name: 'us-ashburn-1', upper_tier_colos: ['IAD'] }],
  },
};

const MAPPINGS = [
  { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1', modified_on: '2026-01-01T00:00:00Z' },
  { origin_ip: '192.0.2.20', vendor: 'aws', region: 'us-west-2', modified_on: '2026-01-01T00:00:00Z' },
  { origin_ip: '2001:db8::1', vendor: 'azure', region: 'eastus', modified_on: '2026-01-01T00:00:00Z' },
];

let emulator: CloudflareApiEmulator;
let tmp: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: { [ZONE]: { mappings: MAPPINGS }, [ZONE_B]: { mappings: MAPPINGS, tieredCache: false } },
      supportedRegions: SUPPORTED,
      credentials: { tokens: [TOKEN] },
    },
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-cli-check-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function expectations(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** Runs the real CLI's `check` against the in-process emulator. */
function cli(args: string[], env: Record<string, string> = { CLOUDFLARE_API_TOKEN: TOKEN }): Promise<CliRun> {
  return runCli(['check', ...args], { PATH: process.env.PATH ?? '', CLOUDFLARE_BASE_URL: emulator.baseUrl, ...env });
}

describe('origin-cloud-regions check', () => {
  test('in sync (IPs in another notation): exit 0', async () => {
    const file = expectations('ok.json', [
      { originIp: '2001:DB8:0:0::1', vendor: 'azure', region: 'eastus' },
      { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    ]);
    const run = await cli(['--zone', ZONE, '--expect', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^No drift: every expected mapping matches the live list in 1 zone \(3 live mappings, 2 expected\)\./m,
    );
  });

  test('drift: missing, mismatched and (with --unexpected) unexpected, exit 2; zone from the file', async () => {
    const file = expectations('drift.json', {
      zoneId: ZONE,
      expect: [
        { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.20', vendor: 'aws', region: 'us-east-1' },
        { originIp: '198.51.100.1', vendor: 'gcp', region: 'us-central1' },
      ],
    });
    const md = await cli(['--expect', file]);
    assert.equal(md.code, 2, md.stderr);
    assert.equal(md.stdout.split('\n')[0], `<!-- origin-cloud-regions:check:${MARKER_DIGEST} -->`);
    assert.equal(md.stdout.split('\n')[2], '**1 missing, 1 mismatched** in 1 zone (3 live mappings, 3 expected)');
    assert.match(md.stdout, /\| `192\.0\.2\.20` \| `aws` \| `us-east-1` → `us-west-2` \|/);
    const json = await cli(['--expect', file, '--unexpected', '--format', 'json']);
    assert.equal(json.code, 2, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.kind, 'check');
    assert.deepEqual(report.zones[0].unexpected, [{ origin_ip: '2001:db8::1', vendor: 'azure', region: 'eastus' }]);
    assert.deepEqual(
      report.zones[0].missing.map((m: { origin_ip: string }) => m.origin_ip),
      ['198.51.100.1'],
    );
  });

  test('an empty zone makes every expectation missing', async () => {
    const empty = '0'.repeat(32);
    const run = await cli([
      '--zone',
      empty,
      '--expect',
      expectations('one.json', [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }]),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /^\*\*1 missing, 0 mismatched\*\* in 1 zone \(0 live mappings, 1 expected\)/m);
  });

  test('an unknown region is an error with did-you-mean; the catalog decides when supported regions are unavailable', async () => {
    const typo = expectations('typo.json', [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-east1' }]);
    const run = await cli(['--zone', ZONE, '--expect', typo]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /expect\[0\]\.region: .*us-east-1/);
    assert.match(run.stderr, /supported_regions/);
    const fallback = await cli(['--zone', ZONE_B, '--expect', typo]);
    assert.equal(fallback.code, 1);
    assert.match(fallback.stderr, /\(catalog\)/);
    // A region only the catalog knows passes on the zone without Tiered Cache.
    const ok = await cli([
      '--zone',
      ZONE_B,
      '--expect',
      expectations('catalog.json', [{ originIp: '192.0.2.10', vendor: 'aws', region: 'eu-west-1' }]),
    ]);
    assert.equal(ok.code, 2, ok.stderr);
  });

  test('input errors exit 1 without printing secrets', async () => {
    const file = expectations('z.json', { zoneId: ZONE, expect: [] });
    const conflict = await cli(['--zone', ZONE_B, '--expect', file]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /differs from the zoneId/);
    const noZone = await cli(['--expect', expectations('nozone.json', [])]);
    assert.match(noZone.stderr, /No zone given/);
    const missingFile = await cli(['--zone', ZONE, '--expect', path.join(tmp, 'absent.json')]);
    assert.match(missingFile.stderr, /absent\.json does not exist/);
    const badToken = await cli(['--zone', ZONE, '--expect', file], { CLOUDFLARE_API_TOKEN: 'wrong-token-0123456789' });
    assert.equal(badToken.code, 1);
    assert.doesNotMatch(badToken.stderr + badToken.stdout, /wrong-token-0123456789/);
    const noCredentials = await cli(['--zone', ZONE, '--expect', file], {});
    assert.equal(noCredentials.code, 1);
    assert.match(noCredentials.stderr, /CLOUDFLARE_API_TOKEN/);
  });

  test('--help says YAML is not accepted and why', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /YAML is not accepted: reading it would add a\s+parser dependency/);
  });
});
