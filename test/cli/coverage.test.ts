import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { baseEnv, runCli } from '../support/cli';
import { DEMO_SEED, DEMO_TOKEN, DEMO_ZONE } from '../support/constants';

/** `coverage` through the real CLI against the emulator over loopback, seeded with the demo zone. */

interface CoverageJson {
  zones: {
    zone_id: string;
    complete: boolean;
    unmapped: { ip: string; sources: string[]; suggested: string }[];
    unknown: { ip: string; published: string[] }[];
    orphaned: { ip: string; mapping: string }[];
    hostnames: { name: string; sources: string[]; changing_addresses: string | null }[];
    mapped: number;
    mixed_pools: { pool: string; placements: string[] }[];
    missing: { source: string; permission: string; reason: string }[];
  }[];
}

const OTHER_ZONE = 'c'.repeat(32);

describe('origin-cloud-regions coverage', () => {
  let emulator: CloudflareApiEmulator;
  let cache: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emulator = await CloudflareApiEmulator.start({ seedFile: DEMO_SEED });
    cache = mkdtempSync(path.join(tmpdir(), 'ocr-coverage-'));
    env = {
      ...baseEnv(),
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      CLOUDFLARE_API_TOKEN: DEMO_TOKEN,
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: cache,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: emulator.ipRangeFeedUrl('oci.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: emulator.ipRangeFeedUrl('azure.json'),
    };
  });
  after(async () => {
    await emulator.close();
    rmSync(cache, { recursive: true, force: true });
  });
  beforeEach(() => {
    emulator.setMissingPermissions([]);
    emulator.resetStats();
  });

  const json = async (...args: string[]) => {
    const run = await runCli(['coverage', '--zone', DEMO_ZONE, '--format', 'json', ...args], env);
    return { ...run, report: JSON.parse(run.stdout || '{"zones":[]}') as CoverageJson };
  };

  it('finds one gap of each kind in the demo zone and exits 2', async () => {
    const { code, report, stderr } = await json();
    assert.equal(code, 2, stderr);
    const [zone] = report.zones;
    assert.equal(zone.complete, true);
    assert.deepEqual(zone.unmapped, [
      { ip: '192.0.2.12', sources: ['dns:A new.example.com'], suggested: 'aws/us-east-1' },
      { ip: '203.0.113.9', sources: ['pool:pool-azure/eastus2-1'], suggested: 'azure/eastus2' },
    ]);
    assert.deepEqual(zone.orphaned, [{ ip: '192.0.2.99', mapping: 'aws/us-east-3' }]);
    assert.deepEqual(zone.unknown, [{ ip: '100.64.12.7', sources: ['dns:A legacy.example.com'], published: [] }]);
    assert.deepEqual(
      zone.hostnames.map((h) => [h.name, h.changing_addresses]),
      [
        ['my-alb-1234567890.us-east-1.elb.amazonaws.com', 'aws-elb'],
        ['origin-fallback.example.net', null],
      ],
    );
    assert.deepEqual(zone.mixed_pools, [{ pool: 'pool-azure', placements: ['azure/eastus2', 'azure/westeurope'] }]);
    assert.equal(zone.mapped, 11);
    // The list, then DNS records, load balancers, the zone (account id) and the pools: one request each.
    const routes = emulator.stats().byRoute;
    assert.deepEqual(routes, {
      'GET /zones/{zone_id}/origin/cloud_regions': 1,
      'GET /zones/{zone_id}/dns_records': 1,
      'GET /zones/{zone_id}/load_balancers': 1,
      'GET /zones/{zone_id}': 1,
      'GET /accounts/{account_id}/load_balancers/pools': 1,
    });
  });

  it('without the Azure feed, an Azure origin is unknown and a note says how to configure the feed', async () => {
    const run = await runCli(['coverage', '--zone', DEMO_ZONE, '--format', 'json'], {
      ...env,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: undefined,
    });
    const [zone] = (JSON.parse(run.stdout) as CoverageJson).zones;
    assert.deepEqual(
      zone.unknown.map((u) => u.ip),
      ['100.64.12.7', '203.0.113.9'],
    );
    assert.match(run.stderr, /note: no azure IP range feed is configured.*ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE/);
  });

  it('skips the zone read when --account is given', async () => {
    const { code } = await json('--account', '01a7362d577a6c3019a474fd6f485823');
    assert.equal(code, 2);
    assert.equal(emulator.stats().byRoute['GET /zones/{zone_id}'], undefined);
  });

  it('a 403 on pools is a warning naming the permission, and a partial report that says so', async () => {
    emulator.setMissingPermissions(['Load Balancing: Monitors and Pools Read']);
    const { code, report, stderr } = await json();
    assert.equal(code, 2);
    assert.match(
      stderr,
      /warning: zone 023e105f4ecef8ad9ca31a8372d0c353: coverage could not read pools \(403 Forbidden/,
    );
    assert.match(stderr, /"Load Balancing: Monitors and Pools Read" permission/);
    const [zone] = report.zones;
    assert.equal(zone.complete, false);
    assert.deepEqual(
      zone.missing.map((m) => [m.source, m.permission]),
      [['pools', 'Load Balancing: Monitors and Pools Read']],
    );
    assert.ok(!zone.unmapped.some((u) => u.ip === '203.0.113.9'), 'pool origins are not read');
    const md = await runCli(['coverage', '--zone', DEMO_ZONE], env);
    assert.match(md.stdout, /⚠️ \*\*Partial:\*\* could not read `pools`/);
    assert.match(md.stdout, /may be origins of the sources that could not be read/);
  });

  it('a 403 on DNS records names "DNS Read"; the pools are still read', async () => {
    emulator.setMissingPermissions(['DNS Read']);
    const { report, stderr } = await json();
    assert.match(stderr, /"DNS Read" permission/);
    assert.deepEqual(
      report.zones[0].missing.map((m) => m.source),
      ['dns_records'],
    );
    assert.deepEqual(
      report.zones[0].unmapped.map((u) => u.ip),
      ['203.0.113.9'],
    );
  });

  it('a zone without load balancers costs two requests besides its list, and exits 0 without gaps', async () => {
    emulator.setCoverage(OTHER_ZONE, { dnsRecords: [{ type: 'A', name: 'a.example.org', content: '192.0.2.10' }] });
    emulator.setMappings(OTHER_ZONE, [{ origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-zones-'));
    try {
      writeFileSync(path.join(dir, 'zones.txt'), `# one zone\n${OTHER_ZONE}\n`);
      const run = await runCli(['coverage', '--zones-file', path.join(dir, 'zones.txt')], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^<!-- origin-cloud-regions:coverage:[0-9a-f]{12} -->\n/);
      assert.match(run.stdout, /No gaps: 0 unmapped origins, 0 orphaned mappings/);
      const routes = emulator.stats().byRoute;
      assert.equal(routes['GET /zones/{zone_id}/dns_records'], 1);
      assert.equal(routes['GET /zones/{zone_id}/load_balancers'], 1);
      assert.equal(routes['GET /zones/{zone_id}'], undefined);
      assert.equal(routes['GET /accounts/{account_id}/load_balancers/pools'], undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps hostile record, pool and origin names inert in Markdown, JSON and warnings', async () => {
    const hostile = '${file("/etc/hostname")} @team [x](https://evil.example) \u001b[2J\u202e |`';
    const zone = 'd'.repeat(32);
    const account = 'e'.repeat(32);
    emulator.setCoverage(zone, {
      account,
      dnsRecords: [{ type: 'A', name: hostile, content: '192.0.2.12' }],
      loadBalancers: [{ name: 'lb.example.org', default_pools: ['f'.repeat(32)] }],
    });
    emulator.setAccount(account, {
      pools: [{ id: 'f'.repeat(32), name: hostile, origins: [{ name: hostile, address: `${hostile}.example.net` }] }],
    });
    const md = await runCli(['coverage', '--zone', zone], env);
    assert.equal(md.code, 2, md.stderr);
    // eslint-disable-next-line no-control-regex -- what must never reach a comment or a terminal
    assert.doesNotMatch(md.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.ok(!md.stdout.includes('[x](https://evil.example)') || md.stdout.includes('`'), 'links stay in code spans');
    for (const line of md.stdout.split('\n').filter((l) => l.includes('file('))) {
      assert.match(line, /`[^`]*\$\{file\(/, `template syntax outside a code span: ${line}`);
    }
    const js = await runCli(['coverage', '--zone', zone, '--format', 'json'], env);
    const parsed = JSON.parse(js.stdout) as CoverageJson;
    assert.deepEqual(parsed.zones[0].unmapped[0].sources, [`dns:A ${hostile}`]);
    assert.deepEqual(parsed.zones[0].hostnames[0].sources, [`pool:${hostile}/${hostile}`]);
  });

  it('exits 1 with a message naming the fix on bad credentials and on a bad zone id', async () => {
    const bad = await runCli(['coverage', '--zone', DEMO_ZONE], { ...env, CLOUDFLARE_API_TOKEN: 'wrong-token' });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.ok(!bad.stderr.includes('wrong-token'));
    const zone = await runCli(['coverage', '--zone', 'not-a-zone'], env);
    assert.equal(zone.code, 1);
    assert.match(zone.stderr, /--zone/);
    const none = await runCli(['coverage'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /--zones-file/);
  });
});
