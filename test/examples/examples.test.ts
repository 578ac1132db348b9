import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { defaultSupportedRegions } from '../../lib/emulator';
import type { EmulatorProcess } from '../../lib/emulator/process';
import type { ApiMapping } from '../../lib/model/mapping';
import { REPO_ROOT, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { assertTerraformValidates } from '../support/terraform';
import {
  readTree,
  runCdktfSynth,
  runSynthProcess,
  stackJson,
  stackText,
  synthEnv,
  type SynthRun,
} from '../support/synth';

/**
 * Every app under examples/ synthesized for real against the emulator (a child process), with data this
 * file controls. Each example runs once through `npx cdktf synth` (its cdktf.json `app`); the variants run
 * the app directly, as cdktf synth does internally (`CDKTF_OUTDIR` set), at a fifth of the cost.
 */

const EXAMPLES = path.join(REPO_ROOT, 'examples');

const ONE_ZONE_GCP = 'a1'.repeat(16);
const ONE_ZONE_NO_GCP = 'a2'.repeat(16);
const POOL_ZONE = 'b1'.repeat(16);
const POOL_ZONE_2 = 'b2'.repeat(16);
const DRIFTED_ZONE = 'b3'.repeat(16);
const OFFLINE_ZONE = 'c1'.repeat(16);

function mapping(origin_ip: string, vendor: string, region: string): ApiMapping {
  return { origin_ip, vendor, region, modified_on: '2026-01-01T00:00:00Z' };
}

/** The origin pool examples/multi-zone-expectations expects in every zone, as the API writes it. */
const POOL = [
  mapping('192.0.2.10', 'aws', 'us-east-1'),
  mapping('192.0.2.11', 'aws', 'us-east-1'),
  mapping('198.51.100.5', 'gcp', 'us-central1'),
  mapping('2001:db8:1000::20', 'aws', 'us-west-2'),
];

const SEED = {
  zones: {
    [ONE_ZONE_GCP]: {
      mappings: [
        mapping('2001:db8:1000::20', 'aws', 'us-west-2'),
        mapping('192.0.2.10', 'aws', 'us-east-1'),
        mapping('198.51.100.6', 'gcp', 'us-east1'),
        mapping('198.51.100.5', 'gcp', 'us-central1'),
        mapping('198.51.100.7', 'gcp', 'us-central1'),
        mapping('203.0.113.7', 'azure', 'westeurope'),
      ],
    },
    [ONE_ZONE_NO_GCP]: {
      mappings: [mapping('192.0.2.30', 'aws', 'eu-west-1'), mapping('203.0.113.40', 'oci', 'us-ashburn-1')],
    },
    // Holds an origin nobody expects: fine, the example does not report unexpected origins.
    [POOL_ZONE]: { mappings: [...POOL, mapping('203.0.113.7', 'azure', 'westeurope')] },
    [POOL_ZONE_2]: { mappings: [...POOL].reverse() },
    // One origin moved to another region, one gone.
    [DRIFTED_ZONE]: {
      mappings: [POOL[0], mapping('198.51.100.5', 'gcp', 'us-east1'), POOL[3]],
    },
    [OFFLINE_ZONE]: {
      mappings: [mapping('192.0.2.50', 'aws', 'eu-west-1'), mapping('198.51.100.50', 'gcp', 'us-east1')],
    },
  },
  supportedRegions: defaultSupportedRegions(),
  credentials: { tokens: [TEST_TOKEN] },
};

/** Runs an example app directly, the way `cdktf synth` runs its `app` command. */
function runApp(example: string, outdir: string, env: Record<string, string | undefined>): Promise<SynthRun> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return runSynthProcess(
    process.execPath,
    ['--import', tsx, 'main.ts'],
    path.join(EXAMPLES, example),
    synthEnv({ ...env, CDKTF_OUTDIR: outdir }),
    outdir,
  );
}

function cdktfSynth(example: string, outdir: string, env: Record<string, string | undefined>): Promise<SynthRun> {
  return runCdktfSynth(path.join(EXAMPLES, example), outdir, env);
}

function succeeded(run: SynthRun): void {
  assert.equal(run.code, 0, `synth failed:\n${run.stdout}\n${run.stderr}`);
}

let emulator: EmulatorProcess;
let work: string;
let snapshotDir: string;
const runs: Record<string, SynthRun> = {};

before(async () => {
  emulator = await startTestEmulator({ seed: SEED });
  work = mkdtempSync(path.join(tmpdir(), 'ocr-examples-'));
  snapshotDir = path.join(work, 'snapshots');
  const online = { CLOUDFLARE_BASE_URL: emulator.baseUrl, CLOUDFLARE_API_TOKEN: TEST_TOKEN };
  const out = (name: string): string => path.join(work, name);
  // Three independent chains, run side by side.
  await Promise.all([
    (async () => {
      runs.oneZone = await cdktfSynth('one-zone', out('one-zone'), {
        ...online,
        CLOUDFLARE_ZONE_ID: ONE_ZONE_GCP,
        PRIMARY_ORIGIN_IP: '2001:DB8:1000:0::20',
      });
      runs.oneZoneNoGcp = await runApp('one-zone', out('one-zone-no-gcp'), {
        ...online,
        CLOUDFLARE_ZONE_ID: ONE_ZONE_NO_GCP,
      });
    })(),
    (async () => {
      runs.pool = await runApp('multi-zone-expectations', out('pool'), {
        ...online,
        CLOUDFLARE_ZONE_ID: `${POOL_ZONE}, ${POOL_ZONE_2}`,
      });
      runs.drifted = await cdktfSynth('multi-zone-expectations', out('drifted'), {
        ...online,
        CLOUDFLARE_ZONE_ID: `${POOL_ZONE},${DRIFTED_ZONE}`,
      });
    })(),
    (async () => {
      // The snapshot a developer would commit: an online synth writes it.
      runs.refresh = await runApp('offline-ci', out('refresh'), {
        ...online,
        CLOUDFLARE_ZONE_ID: OFFLINE_ZONE,
        ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: snapshotDir,
      });
      // CI: no credentials, and an API address where nothing listens.
      runs.offline = await cdktfSynth('offline-ci', out('offline'), {
        CLOUDFLARE_ZONE_ID: OFFLINE_ZONE,
        CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
        ORIGIN_CLOUD_REGIONS_OFFLINE: '1',
        ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: snapshotDir,
      });
    })(),
  ]);
});

after(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('one-zone: outputs computed from forVendor and find at synth time', () => {
  succeeded(runs.oneZone);
  const stack = stackJson(runs.oneZone.outdir, 'edge');
  const outputs = stack.output ?? {};
  assert.deepEqual(outputs.aws_origin_ips.value, ['192.0.2.10', '2001:db8:1000::20']);
  assert.deepEqual(outputs.gcp_regions.value, ['us-central1', 'us-east1']);
  assert.equal(outputs.primary_origin_region.value, 'aws/us-west-2');
  assert.ok(outputs[`ocr_${ONE_ZONE_GCP}_mappings`], 'the construct emits its own outputs');
  assert.ok(stack.resource?.null_resource?.[`ocr_${ONE_ZONE_GCP}_marker`]);
  assert.deepEqual(stack.terraform?.backend, { local: { path: 'terraform.edge.tfstate' } });
});

test('one-zone: a zone without GCP origins gets no gcp_regions output', () => {
  succeeded(runs.oneZoneNoGcp);
  const outputs = stackJson(runs.oneZoneNoGcp.outdir, 'edge').output ?? {};
  assert.deepEqual(outputs.aws_origin_ips.value, ['192.0.2.30']);
  assert.ok(!('gcp_regions' in outputs));
  assert.ok(!('primary_origin_region' in outputs), 'no PRIMARY_ORIGIN_IP, no output');
});

test('multi-zone-expectations: zones in sync synthesize with drift outputs and terraform_data markers', () => {
  succeeded(runs.pool);
  const stack = stackJson(runs.pool.outdir);
  for (const zone of [POOL_ZONE, POOL_ZONE_2]) {
    assert.deepEqual(stack.output?.[`ocr_${zone}_drift`].value, {
      in_sync: true,
      missing: [],
      mismatched: [],
      unexpected: [],
    });
    const pairs: Record<string, string> = {
      '192.0.2.10': 'aws/us-east-1',
      '192.0.2.11': 'aws/us-east-1',
      '198.51.100.5': 'gcp/us-central1',
      '2001:db8:1000::20': 'aws/us-west-2',
      ...(zone === POOL_ZONE ? { '203.0.113.7': 'azure/westeurope' } : {}),
    };
    assert.deepEqual(stack.output?.[`ocr_${zone}_mappings`].value, pairs);
    const lines = Object.entries(pairs).map(([ip, placement]) => `${ip}=${placement}\n`);
    // Beside the mappings output, the marker carries their digest (sorted lines, SHA-256) and count.
    assert.deepEqual(stack.resource?.terraform_data?.[`ocr_${zone}_marker`]?.triggers_replace, {
      mappings_sha256: createHash('sha256').update(lines.sort().join('')).digest('hex'),
      mappings: String(lines.length),
    });
  }
  assert.equal(stack.resource?.null_resource, undefined);
  assert.equal(stack.provider, undefined, 'terraform_data needs no provider');
  assertTerraformValidates(stackText(runs.pool.outdir));
});

test('multi-zone-expectations: a drifting zone fails cdktf synth, naming the zone and the origins', () => {
  assert.notEqual(runs.drifted.code, 0, 'the synth should fail');
  const printed = runs.drifted.stdout + runs.drifted.stderr;
  assert.match(printed, new RegExp(`zone ${DRIFTED_ZONE} differs from its expected mappings`));
  assert.match(printed, /198\.51\.100\.5 expected in gcp\/us-central1 but mapped to gcp\/us-east1/);
  assert.match(printed, /192\.0\.2\.11 expected in aws\/us-east-1 but not mapped/);
  assert.ok(!printed.includes(`zone ${POOL_ZONE} differs`), 'the zone in sync is not blamed');
});

test('offline-ci: an online synth writes the snapshot; the offline synth matches it byte for byte', () => {
  succeeded(runs.refresh);
  succeeded(runs.offline);
  assert.deepEqual(readdirSync(snapshotDir), [`${OFFLINE_ZONE}.json`]);
  assert.equal(stackText(runs.offline.outdir), stackText(runs.refresh.outdir));
  assert.deepEqual(stackJson(runs.offline.outdir).output?.[`ocr_${OFFLINE_ZONE}_vendor_counts`].value, {
    aws: 1,
    azure: 0,
    gcp: 1,
    oci: 0,
  });
  assert.ok(!existsSync(path.join(EXAMPLES, 'offline-ci', '.origin-cloud-regions')), 'nothing written to the tree');
});

test('no secret in any synthesized file or snapshot', () => {
  const files = readTree(work);
  assert.ok(files.length >= 10);
  for (const { file, text } of files) assert.ok(!text.includes(TEST_TOKEN), `${file} holds the token`);
});
