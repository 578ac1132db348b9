/**
 * `diff --verify-ip-ranges`: added and changed mappings that the clouds' published IP ranges contradict are marked
 * in the Markdown report (⚠️ in the Check column, with the published region as the did-you-mean) and carry
 * `verdict` and `published` in the JSON report. The feeds come from the emulator's sample feeds over loopback.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { runCli } from '../../lib/cli/run';
import type { CliIo } from '../../lib/cli/io';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { snapshotFromLookup } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { startDripServer } from '../support/drip';

const ZONE = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const TOKEN = 'diff-ipranges-token-7e3a91c4';
const BASE = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '203.0.113.9', vendor: 'azure', region: 'eastus2' },
];
const HEAD = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }, // unchanged: never judged
  { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' }, // added, region_mismatch
  { originIp: '198.51.100.5', vendor: 'gcp', region: 'us-central1' }, // added, confirmed
  { originIp: '203.0.113.9', vendor: 'gcp', region: 'us-east1' }, // changed, vendor_mismatch
];

let emulator: CloudflareApiEmulator;
let dir: string;
let basePath: string;
let headPath: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: { [ZONE]: { mappings: HEAD.map((m) => ({ origin_ip: m.originIp, vendor: m.vendor, region: m.region })) } },
      credentials: { tokens: [TOKEN] },
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-diff-ipranges-'));
  basePath = path.join(dir, 'base.json');
  headPath = path.join(dir, 'head.json');
  const write = (file: string, mappings: typeof BASE): void =>
    void writeSnapshot(
      file,
      snapshotFromLookup({ zoneId: ZONE, mappings, supportedRegions: null, fetchedAt: new Date() }),
    );
  write(basePath, BASE);
  write(headPath, HEAD);
});
after(async () => {
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function diff(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return cli(['diff', basePath, headPath, ...args], env);
}

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true), isTTY: false } as unknown as CliIo['stderr'],
    env: {
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: path.join(dir, 'cache'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: emulator.ipRangeFeedUrl('oci.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: emulator.ipRangeFeedUrl('azure.json'),
      ...env,
    },
  };
  const code = await runCli(['node', 'origin-cloud-regions', ...args], new Command(), io);
  process.exitCode = 0;
  return { code, out, err };
}

test('Markdown: contradicting added and changed rows are marked, with the published placement as did-you-mean', async () => {
  const { code, out } = await diff(['--verify-ip-ranges']);
  assert.equal(code, 2);
  assert.match(out, /or that the clouds' published IP ranges contradict/);
  const row = (ip: string): string => out.split('\n').find((l) => l.startsWith(`| \`${ip}\``)) ?? '';
  assert.match(row('192.0.2.20'), /⚠️ the published IP ranges place it in another region; did you mean `eu-west-2`\?/);
  assert.match(row('203.0.113.9'), /⚠️ another cloud publishes this IP; did you mean `azure\/eastus2`\?/);
  assert.doesNotMatch(row('198.51.100.5'), /⚠️/);
});

test('JSON: added and changed entries carry verdict and published; removed and unchanged ones do not', async () => {
  const { out } = await diff(['--format', 'json'], { ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES: '1' });
  const zone = (JSON.parse(out) as { zones: Record<string, unknown[]>[] }).zones[0];
  const added = zone.added as { origin_ip: string; verdict: string; published: unknown }[];
  assert.deepEqual(
    added.map((a) => [a.origin_ip, a.verdict, a.published]),
    [
      ['192.0.2.20', 'region_mismatch', { vendor: 'aws', region: 'eu-west-2', prefix: '192.0.2.16/28' }],
      ['198.51.100.5', 'confirmed', { vendor: 'gcp', region: 'us-central1', prefix: '198.51.100.4/31' }],
    ],
  );
  const changed = zone.changed as { verdict: string; published: unknown }[];
  assert.equal(changed[0].verdict, 'vendor_mismatch');
  assert.deepEqual(changed[0].published, { vendor: 'azure', region: 'eastus2', prefix: '203.0.113.8/29' });
  const flagged = zone.flagged as { kind: string }[];
  assert.deepEqual(
    flagged.map((f) => f.kind),
    ['region-mismatch', 'vendor-mismatch'],
  );
});

test('without verification the report is unchanged: no verdict fields, no mismatch marks, no feed requests', async () => {
  emulator.ipRangeFeeds.resetStats();
  const { out } = await diff(['--format', 'json']);
  assert.ok(!out.includes('"verdict"'));
  assert.ok(!out.includes('mismatch'));
  const md = await diff([]);
  assert.ok(!md.out.includes('published IP ranges'));
  assert.equal(emulator.ipRangeFeeds.stats().requests, 0);
});

test('a broken feed: its warning goes to stderr and that vendor is simply not judged (unverified)', async () => {
  emulator.ipRangeFeeds.set('aws.json', '<html><body>Bad gateway</body></html>', 'text/html');
  try {
    const { out, err } = await diff(['--format', 'json', '--verify-ip-ranges']);
    assert.match(err, /AWS IP range feed .*HTML or XML page/);
    const zone = (JSON.parse(out) as { zones: Record<string, { origin_ip: string; verdict: string }[]>[] }).zones[0];
    assert.equal(zone.added.find((a) => a.origin_ip === '192.0.2.20')?.verdict, 'unverified');
  } finally {
    emulator.ipRangeFeeds.set(
      'aws.json',
      fs.readFileSync(path.join(__dirname, '../../lib/emulator/seeds/ip-ranges/aws.json'), 'utf8'),
    );
  }
});

test('diff, check and refresh --verify-ip-ranges end at the feed deadline: a dripping feed is a warning naming it', async () => {
  const drip = await startDripServer(50);
  const file = path.join(dir, 'expect-drip.json');
  fs.writeFileSync(file, JSON.stringify({ zoneId: ZONE, expect: HEAD }));
  const folder = fs.mkdtempSync(path.join(dir, 'refresh-drip-'));
  const url = `${drip.origin}/ip-ranges.json`;
  const env = { ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: url, ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS: '400' };
  try {
    const runs = [
      await diff(['--format', 'json', '--verify-ip-ranges'], env),
      await cli(['check', '--expect', file, '--verify-ip-ranges'], env),
      await cli(['refresh', '--snapshot-dir', folder, '--zone', ZONE, '--verify-ip-ranges'], env),
    ];
    for (const run of runs) {
      assert.ok(run.code === 0 || run.code === 2, run.err);
      assert.match(
        run.err,
        new RegExp(
          `The AWS IP range feed ${url.replace(/\./g, '\\.')} did not finish within 400 ms .*There is no cached copy to use instead\\.`,
        ),
      );
    }
  } finally {
    await drip.close();
  }
});

test('diff and check --verify-ip-ranges exit 3, not 0 or 2, when no feed could be read (nothing verified)', async () => {
  const broken = {
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: path.join(dir, 'missing-aws.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: path.join(dir, 'missing-gcp.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'off',
  };
  const d = await diff(['--format', 'json', '--verify-ip-ranges'], broken);
  assert.equal(d.code, 3, d.err);
  assert.match(d.err, /origin-cloud-regions: nothing could be verified: the aws, gcp IP range feeds could not be read/);
  const zone = (JSON.parse(d.out) as { zones: Record<string, { verdict: string }[]>[] }).zones[0];
  assert.ok(zone.added.every((a) => a.verdict === 'unverified'));
  const file = path.join(dir, 'expect-none.json');
  fs.writeFileSync(file, JSON.stringify({ zoneId: ZONE, expect: [HEAD[0]] }));
  const c = await cli(['check', '--expect', file, '--unexpected', '--verify-ip-ranges'], broken);
  assert.equal(c.code, 3, c.err);
  // Without verification the same check exits 2 (drift), as before.
  assert.equal((await cli(['check', '--expect', file, '--unexpected'], broken)).code, 2);
});

test('check --verify-ip-ranges: the live placement of mismatched and unexpected origins is judged', async () => {
  const file = path.join(dir, 'expect.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      zoneId: ZONE,
      expect: [
        { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-2' },
      ],
    }),
  );
  const md = await cli(['check', '--expect', file, '--unexpected', '--verify-ip-ranges']);
  assert.equal(md.code, 2, md.err);
  const row = (ip: string): string => md.out.split('\n').find((l) => l.startsWith(`| \`${ip}\``)) ?? '';
  assert.match(md.out, /\| Published IP ranges \(live\) \|/);
  assert.match(row('192.0.2.20'), /⚠️ `region_mismatch`: published in `aws\/eu-west-2` \(`192\.0\.2\.16\/28`\)/);
  assert.match(row('198.51.100.5'), /\| `confirmed` \|$/);
  const json = await cli(['check', '--expect', file, '--unexpected', '--format', 'json', '--verify-ip-ranges']);
  const zone = (JSON.parse(json.out) as { zones: Record<string, { origin_ip: string; verdict?: string }[]>[] })
    .zones[0];
  assert.equal(zone.mismatched[0].verdict, 'region_mismatch');
  assert.deepEqual(
    zone.unexpected.map((u) => [u.origin_ip, u.verdict]),
    [
      ['198.51.100.5', 'confirmed'],
      ['203.0.113.9', 'vendor_mismatch'],
    ],
  );
  const plain = await cli(['check', '--expect', file, '--unexpected', '--format', 'json']);
  assert.ok(!plain.out.includes('"verdict"'));
});

test('refresh --verify-ip-ranges records the verdicts; later refreshes keep them, and leave an unchanged snapshot untouched', async () => {
  const folder = fs.mkdtempSync(path.join(dir, 'refresh-'));
  const file = path.join(folder, `${ZONE}.json`);
  type Recorded = { origin_ip: string; verdict: string }[];
  const recorded = (): Recorded | undefined =>
    (JSON.parse(fs.readFileSync(file, 'utf8')) as { ipRanges?: { verdicts: Recorded } }).ipRanges?.verdicts;

  const plain = await cli(['refresh', '--snapshot-dir', folder, '--zone', ZONE]);
  assert.equal(plain.code, 2, plain.err);
  assert.equal(recorded(), undefined, 'no verdicts unless asked for');

  // Verdicts recorded for the first time are a change of the snapshot (an offline verified synth reads them): exit 2,
  // so a scheduled refresh commits them.
  const verified = await cli(['refresh', '--snapshot-dir', folder, '--zone', ZONE, '--verify-ip-ranges']);
  assert.equal(verified.code, 2, verified.err);
  assert.match(verified.out, /#### IP range verdict changed \(before → after\): 4\n/);
  assert.ok(verified.out.includes('| `192.0.2.10` | `aws` | `us-east-1` | not recorded → `confirmed` |'), verified.out);
  assert.deepEqual(
    recorded()?.map((v) => [v.origin_ip, v.verdict]),
    [
      ['192.0.2.10', 'confirmed'],
      ['192.0.2.20', 'region_mismatch'],
      ['198.51.100.5', 'confirmed'],
      ['203.0.113.9', 'vendor_mismatch'],
    ],
  );

  // Without the flag a snapshot that holds verdicts gets them again; nothing changed, so the file is untouched.
  const bytes = fs.readFileSync(file);
  const mtime = fs.statSync(file).mtimeMs;
  const again = await cli(['refresh', '--snapshot-dir', folder, '--zone', ZONE]);
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(fs.readFileSync(file), bytes);
  assert.equal(fs.statSync(file).mtimeMs, mtime);
});
