import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { LookupWorkerError } from '../../lib/errors/lookup';
import { lookupZonesSync } from '../../lib/lookup/sync';
import { baseEnv, runCliProcess } from '../support/cli';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { startDripServer, type DripServer } from '../support/drip';
import { startTestEmulator } from '../support/emulator';
import { makeCheckout, manifestAnnotations, readTree, runCdktfSynth } from '../support/synth';

/**
 * Issue: a feed server that sends its headers and then one byte at a time never ended `locate`, `verify` or a synth
 * with verifyIpRanges (undici's bodyTimeout only limits each pause); a redirect to a broken `Location` crashed
 * verification and printed the signed feed URL. Here, through the real CLI and a real `cdktf synth`: the AWS feed
 * drips (a byte every 100 ms, far below the small feed timeout the tests set), the Oracle feed redirects to
 * `http://[zz…`, both URLs carry a signature; each becomes one warning naming its feed, the other feeds are used,
 * and no signature reaches any output or the cache.
 */

const SECRET = 'sig=SECRET-31c4d9';
const work = mkdtempSync(path.join(tmpdir(), 'ocr-feed-deadline-'));
let emulator: EmulatorProcess;
let drip: DripServer;
let checkout: string | undefined;

before(async () => {
  [emulator, drip] = await Promise.all([startTestEmulator(), startDripServer(100, `http://[zz/x?${SECRET}`)]);
});
after(async () => {
  await Promise.all([emulator?.stop(), drip?.close()]);
  for (const dir of [checkout, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const dripping = (): string => `${drip.origin}/aws/ip-ranges.json`;
const moved = (): string => `${drip.origin}/moved/public_ip_ranges.json`;

/** Feeds: AWS drips, Oracle redirects nowhere, Google and Azure are the emulator's samples. */
function feedEnv(cache: string, timeoutMs: number): Record<string, string> {
  const samples = `${new URL(emulator.baseUrl).origin}/__ip-ranges`;
  return {
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: path.join(work, cache),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS: String(timeoutMs),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `${dripping()}?${SECRET}`,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: `${samples}/gcp.json`,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: `${moved()}?${SECRET}`,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: `${samples}/azure.json`,
  };
}

const awsWarning = (ms: number): RegExp =>
  new RegExp(
    `The AWS IP range feed ${dripping().replace(/[.]/g, '\\.')} did not finish within ${ms} ms \\(redirects, headers and body; ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS\\)\\. There is no cached copy to use instead\\. Until it is reachable, AWS mappings are reported as unverified\\.`,
  );
const oracleWarning = (): RegExp =>
  new RegExp(
    `The Oracle Cloud IP range feed ${moved().replace(/[.]/g, '\\.')} redirects \\(HTTP 302\\) to a Location that is not a URL\\.`,
  );

test('the real CLI: locate and verify end at the feed deadline, with one warning per broken feed', async () => {
  const env = { ...baseEnv(), NO_COLOR: '1', CLOUDFLARE_API_TOKEN: TEST_TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl };
  const started = Date.now();
  const [locate, verify] = await Promise.all([
    runCliProcess(['locate', '192.0.2.10', '198.51.100.5'], { ...env, ...feedEnv('cli-locate', 1000) }),
    runCliProcess(['verify', '--zone', DEMO_ZONE, '--format', 'json'], { ...env, ...feedEnv('cli-verify', 1000) }),
  ]);
  assert.ok(Date.now() - started < 60_000, `both ended (${Date.now() - started} ms)`);
  for (const run of [locate, verify]) {
    assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, awsWarning(1000));
    assert.match(run.stderr, oracleWarning());
    assert.ok(!`${run.stdout}${run.stderr}`.includes('SECRET'), `a signature leaked:\n${run.stderr}`);
  }
  assert.match(locate.stdout, /198\.51\.100\.5/, 'the Google sample feed still places its address');
  const rows = JSON.parse(verify.stdout) as { vendor: string; verdict: string }[];
  assert.ok(rows.length > 0);
  assert.ok(
    rows.filter((r) => r.vendor === 'aws').every((r) => r.verdict === 'unverified'),
    'AWS mappings are unverified, not passed',
  );
  assert.ok(
    rows.some((r) => r.vendor === 'gcp' && r.verdict !== 'unverified'),
    'Google mappings are still verified',
  );
});

test('a real synth with verifyIpRanges ends at the feed deadline; the warnings name the feeds, no signature leaks', async () => {
  checkout = makeCheckout('ocr-feed-deadline-app-');
  const run = await runCdktfSynth(checkout, path.join(checkout, 'out'), {
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES: '1',
    ...feedEnv('synth', 1500),
  });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const warnings = manifestAnnotations(run.outdir)
    .filter((a) => a.level === '@cdktf/warn')
    .map((a) => a.message);
  assert.equal(warnings.filter((w) => awsWarning(1500).test(w)).length, 1, warnings.join('\n'));
  assert.equal(warnings.filter((w) => oracleWarning().test(w)).length, 1, warnings.join('\n'));
  assert.ok(!/lookup did not finish/.test(run.stdout + run.stderr));
  const leaks = [
    { file: 'stdout', text: run.stdout },
    { file: 'stderr', text: run.stderr },
    ...readTree(run.outdir),
    ...readTree(path.join(work, 'synth')),
  ].filter((f) => f.text.includes('SECRET'));
  assert.deepEqual(
    leaks.map((f) => f.file),
    [],
  );
});

test('a synth lookup that outlasts its backstop while only a feed is loading names that feed, not the API', () => {
  // The feed timeout (60 s) outlasts the backstop given here (8 s); the API (a child emulator) answers at once.
  const saved = { ...process.env };
  Object.assign(process.env, feedEnv('backstop', 60_000), { ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off' });
  try {
    assert.throws(
      () =>
        lookupZonesSync(
          [
            {
              zoneId: DEMO_ZONE,
              offline: false,
              verifyIpRanges: true,
              client: { apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, env: {} },
            },
          ],
          { timeoutMs: 8000 },
        ),
      (e: unknown) =>
        e instanceof LookupWorkerError &&
        e.message ===
          `The origin cloud regions lookup did not finish within 8000 ms: the API had answered, but the IP range feed AWS ${dripping()} was still loading. Check that it is reachable, or lower ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS so that a slow feed is given up with a warning.`,
    );
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
});
