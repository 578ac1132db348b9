import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { testSeed } from '../support/seed';
import {
  makeCheckout,
  manifestAnnotations,
  runCdktfSynth,
  stackJson,
  stackText,
  type SynthRun,
} from '../support/synth';

/**
 * IP range verification through real `cdktf synth` runs of main.ts against the emulator's sample feeds (served over
 * loopback at /__ip-ranges/): one zone holds a mapping for every verdict; Oracle's feed is an HTML page, so Oracle
 * mappings are `unverified` with a warning. Coverage is on too: the zone's proxied DNS records and load balancer
 * pools (the emulator's coverage routes) leave one origin of each gap kind. The online synth writes the snapshot; an
 * offline synth with every feed URL pointing nowhere must give the same cdk.tf.json, byte for byte.
 */

const MAPPINGS = [
  { origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }, // confirmed (a /26 inside AWS GLOBAL /24)
  { origin_ip: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' }, // region_mismatch: the /28 says eu-west-2
  { origin_ip: '192.0.2.100', vendor: 'aws', region: 'us-east-1' }, // anycast: only AWS GLOBAL lists it
  { origin_ip: '198.51.100.200', vendor: 'gcp', region: 'us-central1' }, // anycast: Google `global`
  { origin_ip: '198.51.100.5', vendor: 'gcp', region: 'us-central1' }, // confirmed
  { origin_ip: '203.0.113.9', vendor: 'gcp', region: 'us-east1' }, // vendor_mismatch: azure eastus2
  { origin_ip: '203.0.113.17', vendor: 'azure', region: 'francecentral' }, // confirmed through the alias table
  { origin_ip: '203.0.113.200', vendor: 'aws', region: 'us-east-1' }, // in no feed read; Oracle's unread: unverified
  { origin_ip: '203.0.113.40', vendor: 'oci', region: 'us-ashburn-1' }, // unverified: Oracle's feed is broken
  { origin_ip: '2001:db8:1000::20', vendor: 'aws', region: 'us-west-2' }, // confirmed, IPv6
  { origin_ip: '2001:db8:2000::5', vendor: 'gcp', region: 'europe-west4' }, // region_mismatch, IPv6
];

const EXPECTED_NOT_CONFIRMED = {
  '192.0.2.20': 'region_mismatch',
  '192.0.2.100': 'anycast',
  '198.51.100.200': 'anycast',
  '203.0.113.9': 'vendor_mismatch',
  '203.0.113.200': 'unverified',
  '203.0.113.40': 'unverified',
  '2001:db8:2000::5': 'region_mismatch',
};

const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const POOL_ID = '17b5962d775c646f3f9725cbc7a53df4';
const ELB = 'my-alb-1234567890.us-east-1.elb.amazonaws.com';

/** Every mapping is an origin except 203.0.113.200 (orphaned); 192.0.2.12 and 203.0.113.10 have no mapping. */
const COVERAGE = {
  account: ACCOUNT,
  dnsRecords: [
    ...MAPPINGS.filter((m) => m.origin_ip !== '203.0.113.200' && m.origin_ip !== '203.0.113.9').map((m, i) => ({
      type: m.origin_ip.includes(':') ? 'AAAA' : 'A',
      name: `o${i}.example.com`,
      content: m.origin_ip,
    })),
    { type: 'A', name: 'new.example.com', content: '192.0.2.12' }, // unmapped: AWS us-east-1 /26
    { type: 'CNAME', name: 'www.example.com', content: ELB }, // hostname whose addresses change
    { type: 'A', name: 'internal.example.com', content: '10.0.0.5', proxied: false }, // not an origin
  ],
  loadBalancers: [{ name: 'lb.example.com', default_pools: [POOL_ID] }],
};
const POOLS = [
  {
    id: POOL_ID,
    name: 'pool-azure',
    origins: [
      { name: 'eastus2-1', address: '203.0.113.9' },
      { name: 'eastus2-2', address: '203.0.113.10' }, // unmapped: Azure eastus2 /29
      { name: 'fallback', address: 'origin-fallback.example.net' },
    ],
  },
];

const work = mkdtempSync(path.join(tmpdir(), 'ocr-ipranges-e2e-'));
let emulator: EmulatorProcess;
let checkout: string;
let online: SynthRun;
let offline: SynthRun;

interface Validation {
  findings: { origin_ip: string; kind: string; value: string; suggestion?: string; message: string }[];
  ip_ranges: { feeds: Record<string, string>; verdict_counts: Record<string, number>; not_confirmed: object };
}

before(async () => {
  const seed = testSeed();
  const mappings = MAPPINGS.map((m) => ({ ...m, modified_on: '2026-01-01T00:00:00Z' }));
  seed.zones[DEMO_ZONE] = { mappings, ...COVERAGE };
  emulator = await startTestEmulator({ seed: { ...seed, accounts: { [ACCOUNT]: { pools: POOLS } } } });
  const feeds = `${new URL(emulator.baseUrl).origin}/__ip-ranges`;
  const html = path.join(work, 'oci.html');
  writeFileSync(html, '<!DOCTYPE html><html><body>Service unavailable</body></html>\n');
  checkout = makeCheckout('ocr-ipranges-app-');
  const common = {
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES: '1',
    ORIGIN_CLOUD_REGIONS_COVERAGE: '1',
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: path.join(work, 'cache'),
  };
  online = await runCdktfSynth(checkout, path.join(checkout, 'out-online'), {
    ...common,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_SNAPSHOT: '1',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `${feeds}/aws.json`,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: `${feeds}/gcp.json`,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: html,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: `${feeds}/azure.json`,
  });
  // Offline: no API and no feed: every URL leads nowhere (a closed loopback port), the cache folder is empty.
  offline = await runCdktfSynth(checkout, path.join(checkout, 'out-offline'), {
    ...common,
    CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
    ORIGIN_CLOUD_REGIONS_OFFLINE: '1',
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: path.join(work, 'empty-cache'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'http://127.0.0.1:9/aws.json',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: 'http://127.0.0.1:9/gcp.json',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'http://127.0.0.1:9/oci.json',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'http://127.0.0.1:9/azure.json',
  });
});

after(async () => {
  await emulator?.stop();
  for (const dir of [checkout, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function validation(run: SynthRun): Validation {
  return stackJson(run.outdir).output![`ocr_${DEMO_ZONE}_validation`].value as Validation;
}

test('every verdict through a real synth: ip_ranges in ocr_Z_validation, mismatches as findings', () => {
  assert.equal(online.code, 0, online.stdout + online.stderr);
  const v = validation(online);
  assert.deepEqual(v.ip_ranges.feeds, { aws: '1764460800', gcp: '1764460800123', azure: '42' });
  assert.deepEqual(v.ip_ranges.verdict_counts, {
    confirmed: 4,
    anycast: 2,
    vendor_only: 0,
    unpublished: 0,
    unverified: 2,
    region_mismatch: 2,
    vendor_mismatch: 1,
  });
  assert.deepEqual(v.ip_ranges.not_confirmed, EXPECTED_NOT_CONFIRMED);
  const mismatches = v.findings
    .filter((f) => f.kind.endsWith('-mismatch'))
    .map((f) => [f.origin_ip, f.kind, f.value, f.suggestion]);
  assert.deepEqual(mismatches, [
    ['192.0.2.20', 'region-mismatch', 'eu-west-1', 'eu-west-2'],
    ['203.0.113.9', 'vendor-mismatch', 'gcp', 'azure/eastus2'],
    ['2001:db8:2000::5', 'region-mismatch', 'europe-west4', 'asia-northeast1'],
  ]);
  const message = v.findings.find((f) => f.origin_ip === '192.0.2.20' && f.kind === 'region-mismatch')!.message;
  assert.match(
    message,
    /aws publishes it in region "eu-west-2" \(prefix 192\.0\.2\.16\/28\).*did you mean "eu-west-2"/,
  );
  const summary = stackJson(online.outdir).output![`ocr_${DEMO_ZONE}_summary`].value as { findings: number };
  assert.equal(summary.findings, v.findings.length);
});

test('mismatches are warning annotations; the broken Oracle feed is one warning naming the vendor', () => {
  const warnings = manifestAnnotations(online.outdir)
    .filter((a) => a.level === '@cdktf/warn')
    .map((a) => a.message);
  assert.ok(
    warnings.some((w) => /192\.0\.2\.20: aws publishes it in region "eu-west-2"/.test(w)),
    warnings.join('\n'),
  );
  assert.ok(warnings.some((w) => /203\.0\.113\.9: azure publishes it/.test(w)));
  const oracle = warnings.filter((w) => /Oracle Cloud IP range feed/.test(w));
  assert.equal(oracle.length, 1, warnings.join('\n'));
  assert.match(oracle[0], /HTML or XML page.*Oracle Cloud mappings are reported as unverified/);
});

test('the snapshot records the feed versions and the verdicts, with the published location of mismatches', () => {
  const snapshot = JSON.parse(
    readFileSync(path.join(checkout, '.origin-cloud-regions', `${DEMO_ZONE}.json`), 'utf8'),
  ) as { version: number; ipRanges: { feeds: object; verdicts: { origin_ip: string; published?: object }[] } };
  assert.equal(snapshot.version, 2);
  assert.deepEqual(snapshot.ipRanges.feeds, { aws: '1764460800', gcp: '1764460800123', oci: null, azure: '42' });
  assert.equal(snapshot.ipRanges.verdicts.length, MAPPINGS.length);
  assert.deepEqual(
    snapshot.ipRanges.verdicts.find((v) => v.origin_ip === '203.0.113.9'),
    {
      origin_ip: '203.0.113.9',
      verdict: 'vendor_mismatch',
      published: { vendor: 'azure', region: 'eastus2', prefix: '203.0.113.8/29' },
    },
  );
});

test('offline with verification, coverage and no feed reproduces cdk.tf.json byte for byte', () => {
  assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  assert.equal(stackText(offline.outdir), stackText(online.outdir));
  const warnings = manifestAnnotations(offline.outdir).map((a) => a.message);
  assert.ok(warnings.some((w) => /192\.0\.2\.20: aws publishes it in region "eu-west-2"/.test(w)));
  assert.ok(!warnings.some((w) => /unreachable/.test(w)), 'offline reads no feed');
});

const EXPECTED_COVERAGE = {
  unmapped: { '192.0.2.12': 'aws/us-east-1', '203.0.113.10': 'azure/eastus2' },
  orphaned: { '203.0.113.200': 'aws/us-east-1' },
  hostnames: [ELB, 'origin-fallback.example.net'],
  missing: {},
};

function coverageWarnings(run: SynthRun): string[] {
  return manifestAnnotations(run.outdir)
    .filter((a) => a.level === '@cdktf/warn')
    .map((a) => a.message)
    .filter((m) => /has no mapping|points at no origin/.test(m));
}

test('coverage through the emulator routes: ocr_Z_coverage and the unmapped/orphaned warnings, online and offline', () => {
  for (const run of [online, offline]) {
    const outputs = stackJson(run.outdir).output!;
    assert.deepEqual(outputs[`ocr_${DEMO_ZONE}_coverage`]?.value, EXPECTED_COVERAGE);
    const kinds = validation(run)
      .findings.filter((f) => f.kind === 'unmapped-origin' || f.kind === 'orphaned-mapping')
      .map((f) => [f.origin_ip, f.kind, f.suggestion ?? f.value]);
    assert.deepEqual(kinds, [
      ['192.0.2.12', 'unmapped-origin', 'aws/us-east-1'],
      ['203.0.113.10', 'unmapped-origin', 'azure/eastus2'],
      ['203.0.113.200', 'orphaned-mapping', 'aws/us-east-1'],
    ]);
    const warnings = coverageWarnings(run);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.ok(
      warnings.some((w) => /origin 192\.0\.2\.12 \(dns:A new\.example\.com\) has no mapping.*aws\/us-east-1/.test(w)),
    );
    assert.ok(
      warnings.some((w) =>
        /origin 203\.0\.113\.10 \(pool:pool-azure\/eastus2-2\) has no mapping.*azure\/eastus2/.test(w),
      ),
    );
    assert.ok(warnings.some((w) => /mapping 203\.0\.113\.200 → aws\/us-east-1 points at no origin/.test(w)));
  }
});
