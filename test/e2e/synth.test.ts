import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_EMAIL, TEST_KEY, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { testSeed } from '../support/seed';
import {
  makeCheckout,
  manifestAnnotations,
  readTree,
  runCdktfSynth,
  stackJson,
  stackText,
  type SynthRun,
} from '../support/synth';

/**
 * Real `cdktf synth` runs of main.ts (each costs seconds, so three synths are shared by every assertion):
 *   first   — checkout A, two zones, server in seed order, snapshots written;
 *   second  — checkout B (another absolute path), the server's order reversed;
 *   offline — checkout B, no credentials, no API: from first's snapshots.
 */

let emulator: EmulatorProcess;
let checkoutA: string;
let checkoutB: string;
let snapshotDir: string;
let first: SynthRun;
let second: SynthRun;
let offline: SynthRun;
let firstStats: { requests: number; maxInFlight: number };

before(async () => {
  emulator = await startTestEmulator({ order: 'insertion', latencyMs: 150 });
  checkoutA = makeCheckout();
  checkoutB = makeCheckout();
  snapshotDir = mkdtempSync(path.join(tmpdir(), 'ocr-e2e-snap-'));
  const env = {
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_ZONE_ID: `${DEMO_ZONE},${NO_TIERED_CACHE_ZONE}`,
    ORIGIN_CLOUD_REGIONS_SNAPSHOT: '1',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: snapshotDir,
  };
  await emulator.resetStats();
  first = await runCdktfSynth(checkoutA, path.join(checkoutA, 'cdktf.out'), env);
  firstStats = await emulator.stats();
  const seed = testSeed();
  for (const zone of [DEMO_ZONE, NO_TIERED_CACHE_ZONE])
    await emulator.setMappings(zone, [...seed.zones[zone].mappings].reverse());
  second = await runCdktfSynth(checkoutB, path.join(checkoutB, 'cdktf.out'), {
    ...env,
    ORIGIN_CLOUD_REGIONS_SNAPSHOT: undefined,
  });
  offline = await runCdktfSynth(checkoutB, path.join(checkoutB, 'cdktf.out.offline'), {
    CLOUDFLARE_ZONE_ID: env.CLOUDFLARE_ZONE_ID,
    ORIGIN_CLOUD_REGIONS_OFFLINE: '1',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: snapshotDir,
    CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
  });
});

after(async () => {
  await emulator?.stop();
  for (const dir of [checkoutA, checkoutB, snapshotDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the synths succeed', () => {
  for (const [name, run] of Object.entries({ first, second, offline })) {
    assert.equal(run.code, 0, `${name} synth failed:\n${run.stdout}\n${run.stderr}`);
  }
});

test('outputs per zone, per the output contract', () => {
  const stack = stackJson(first.outdir);
  const outputs = Object.keys(stack.output ?? {}).sort();
  assert.deepEqual(outputs, [
    `ocr_${DEMO_ZONE}_mappings`,
    `ocr_${DEMO_ZONE}_summary`,
    `ocr_${DEMO_ZONE}_upper_tier_colos`,
    `ocr_${DEMO_ZONE}_validation`,
    `ocr_${DEMO_ZONE}_vendor_counts`,
    `ocr_${NO_TIERED_CACHE_ZONE}_mappings`,
    `ocr_${NO_TIERED_CACHE_ZONE}_summary`,
    `ocr_${NO_TIERED_CACHE_ZONE}_upper_tier_colos`,
    `ocr_${NO_TIERED_CACHE_ZONE}_validation`,
    `ocr_${NO_TIERED_CACHE_ZONE}_vendor_counts`,
  ]);
  assert.deepEqual(stack.output![`ocr_${DEMO_ZONE}_vendor_counts`].value, { aws: 5, azure: 2, gcp: 3, oci: 2 });
  assert.equal(
    (stack.output![`ocr_${NO_TIERED_CACHE_ZONE}_validation`].value as { authority: string }).authority,
    'catalog',
  );
  assert.ok(stack.resource?.null_resource?.[`ocr_${DEMO_ZONE}_marker`]);
  assert.deepEqual(stack.terraform?.backend, { local: { path: 'terraform.origins.tfstate' } });
});

test('warnings carry the did-you-mean, and the catalog fallback says why', () => {
  const notes = manifestAnnotations(first.outdir);
  const warnings = notes.filter((n) => n.level === '@cdktf/warn').map((n) => n.message);
  assert.equal(warnings.length, 2);
  assert.ok(warnings.some((w) => /192\.0\.2\.99: region "us-east-3" .*did you mean "us-east-1"/.test(w)));
  assert.ok(warnings.some((w) => /198\.51\.100\.77: region "europe-west5" .*did you mean "europe-west1"/.test(w)));
  assert.ok(
    notes.some(
      (n) => n.level === '@cdktf/info' && n.message.includes(NO_TIERED_CACHE_ZONE) && /bundled catalog/.test(n.message),
    ),
  );
  assert.match(first.stdout + first.stderr, /did you mean "us-east-1"/, 'cdktf synth prints the warning');
  // One line per lookup on success: zone, count, source, authority, findings.
  assert.match(
    first.stdout + first.stderr,
    new RegExp(
      `origin-cloud-regions: zone ${DEMO_ZONE}: 12 mappings from the API, validated against supported_regions, 1 finding`,
    ),
  );
  assert.match(offline.stdout + offline.stderr, new RegExp(`zone ${DEMO_ZONE}: 12 mappings from its snapshot`));
});

test('the zones of one synth are fetched concurrently', () => {
  // Two zones × (listing + supported_regions), each answer delayed 150 ms.
  assert.equal(firstStats.requests, 4);
  assert.ok(firstStats.maxInFlight >= 2, `maxInFlight ${firstStats.maxInFlight}`);
});

test('deterministic and portable: server order reversed, another checkout → byte-identical cdk.tf.json', () => {
  const a = stackText(first.outdir);
  assert.equal(stackText(second.outdir), a);
  for (const dir of [checkoutA, checkoutB, tmpdir()]) assert.ok(!a.includes(dir), `cdk.tf.json holds ${dir}`);
});

test('offline synth from the snapshots is byte-identical, without credentials or API', () => {
  assert.deepEqual(readdirSync(snapshotDir).sort(), [`${DEMO_ZONE}.json`, `${NO_TIERED_CACHE_ZONE}.json`]);
  assert.equal(stackText(offline.outdir), stackText(first.outdir));
});

test('no secret anywhere in cdktf.out or the snapshots', () => {
  const files = [first.outdir, second.outdir, offline.outdir, snapshotDir].flatMap((d) => readTree(d));
  assert.ok(files.length >= 6);
  for (const { file, text } of files) {
    for (const secret of [TEST_TOKEN, TEST_EMAIL, TEST_KEY])
      assert.ok(!text.includes(secret), `${file} holds a secret`);
  }
});
