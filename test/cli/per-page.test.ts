import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { baseEnv, runCli, type CliRun } from '../support/cli';

/**
 * The page size, set the same way for every command that lists a zone: `--per-page`, else
 * ORIGIN_CLOUD_REGIONS_PER_PAGE, else 100; and whatever was asked, the listing reads what the server serves.
 */

const TOKEN = 'tok_PER_PAGE_TEST_4d5e6f7a8b9c0d1e';
const ZONE = 'beef0000beef0000beef0000beef0000';
const DOC_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const seeded = generateMappings(45, 45).map((m) => ({ ...m, vendor: 'aws', region: 'us-east-1' }));
const SPEC = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', 'emulator', 'fixtures', 'cloudflare-origin-cloud-regions.openapi.json'),
    'utf8',
  ),
) as { components: { examples: Record<string, { value: unknown }> } };
let emulator: CloudflareApiEmulator;
let tmp: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings: seeded } }, credentials: { tokens: [TOKEN] } },
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-per-page-'));
  fs.writeFileSync(path.join(tmp, 'expect.json'), JSON.stringify({ zoneId: ZONE, expect: [] }));
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.setPaging(undefined);
  emulator.resetStats();
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, {
    ...baseEnv(),
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
    // verify reads no feed here: only its listing is counted.
    ...Object.fromEntries(['AWS', 'GCP', 'OCI', 'AZURE'].map((v) => [`ORIGIN_CLOUD_REGIONS_IP_RANGES_${v}`, 'off'])),
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: tmp,
    ...env,
  });
}

const COMMANDS: Record<string, string[]> = {
  list: ['list', '--zone', ZONE],
  verify: ['verify', '--zone', ZONE],
  check: ['check', '--expect', 'EXPECT'],
  refresh: ['refresh', '--zone', ZONE, '--snapshot-dir', 'SNAPSHOTS'],
};

function listRequests(): number {
  return emulator.stats().byRoute['GET /zones/{zone_id}/origin/cloud_regions'] ?? 0;
}

for (const [name, template] of Object.entries(COMMANDS)) {
  test(`${name}: --per-page, else ORIGIN_CLOUD_REGIONS_PER_PAGE, else 100; a bad value names the flag`, async () => {
    const args = (): string[] =>
      template.map((a) =>
        a === 'EXPECT'
          ? path.join(tmp, 'expect.json')
          : a === 'SNAPSHOTS'
            ? fs.mkdtempSync(path.join(tmp, 'snapshots-'))
            : a,
      );
    const runs: [string[], Record<string, string>, number][] = [
      [[], {}, 1],
      [['--per-page', '20'], {}, 3],
      [[], { ORIGIN_CLOUD_REGIONS_PER_PAGE: '20' }, 3],
      [['--per-page', '50'], { ORIGIN_CLOUD_REGIONS_PER_PAGE: '20' }, 1],
    ];
    for (const [flags, env, requests] of runs) {
      emulator.resetStats();
      const r = await cli([...args(), ...flags], env);
      assert.ok(r.code !== 1, `${flags.join(' ')} ${JSON.stringify(env)}: ${r.stderr}`);
      assert.equal(listRequests(), requests, `${flags.join(' ')} ${JSON.stringify(env)}`);
    }
    emulator.resetStats();
    const bad = await cli([...args(), '--per-page', '101']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--per-page must be a whole number from 1 to 100, got "101"/);
    assert.equal(emulator.stats().requests, 0);
  });
}

test('list reads the documented examples served verbatim (they report per_page 20)', async () => {
  for (const [example, rows] of [
    ['cache-rules_origin_cloud_region_v2_list', 2],
    ['cache-rules_origin_cloud_region_v2_list_empty', 0],
  ] as const) {
    emulator.clearFaults();
    emulator.addFaults({ kind: 'envelope', body: SPEC.components.examples[example].value });
    const r = await cli(['list', '--zone', DOC_ZONE, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, rows);
  }
});

test('a server that serves 50 per page: list of 3,500 mappings is complete, 70 requests', async () => {
  const Z = 'beef0001beef0001beef0001beef0001';
  emulator.setMappings(Z, generateMappings(3500, 50));
  emulator.setPaging({ maxPerPage: 50 });
  const r = await cli(['list', '--zone', Z]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^3500 mappings in zone \w+ \(70 pages, 70 requests\)$/m);
});
