import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, REPO_ROOT, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import type { ApiMapping } from '../../lib/model/mapping';
import { demoMappings } from '../support/seed';
import { makeCheckout, runCdktfSynth, stackJson, type SynthRun } from '../support/synth';

/**
 * The plan-review loop with the real `terraform` binary (terraform_data needs no provider download):
 * synth → init → validate → apply → plan (no change: exit 0) → the zone (40 origins) changes (one region
 * changed, one mapping added, one removed) → synth → plan (exit 2) names exactly those three origins and no
 * other → show -json → `origin-cloud-regions diff plan.json`.
 */

/** 40 origins: the demo zone's 12 plus 28 more, spread over the vendors. */
function fortyOrigins(): ApiMapping[] {
  const placements = [
    ['aws', 'us-east-1'],
    ['gcp', 'us-central1'],
    ['azure', 'westeurope'],
    ['oci', 'eu-frankfurt-1'],
  ] as const;
  const more = Array.from({ length: 28 }, (_, i) => {
    const [vendor, region] = placements[i % placements.length];
    return { origin_ip: `192.0.2.${100 + i}`, vendor, region, modified_on: '2026-01-01T00:00:00Z' };
  });
  return [...demoMappings(), ...more];
}

const terraformVersion = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const skip =
  terraformVersion.status === 0
    ? false
    : 'terraform is not on PATH, so the Terraform-in-the-loop test cannot run (install Terraform >= 1.4)';
if (skip) process.stdout.write(`# skipped: ${skip}\n`);

let emulator: EmulatorProcess;
let checkout: string;
let tfDir: string;
let tfEnv: NodeJS.ProcessEnv;
let before1: SynthRun;
let after1: SynthRun;

function terraform(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('terraform', args, { cwd: tfDir, env: tfEnv, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  if (skip) return;
  emulator = await startTestEmulator();
  checkout = makeCheckout();
  tfDir = mkdtempSync(path.join(tmpdir(), 'ocr-tf-'));
  const cliConfig = path.join(tfDir, '..', `${path.basename(tfDir)}.tfrc`);
  writeFileSync(cliConfig, '');
  tfEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: cliConfig,
  };
  const env = {
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
    ORIGIN_CLOUD_REGIONS_MARKER: 'terraform_data',
  };
  await emulator.setMappings(DEMO_ZONE, fortyOrigins());
  before1 = await runCdktfSynth(checkout, path.join(checkout, 'out-before'), env);
  const changed = fortyOrigins()
    .filter((m) => m.origin_ip !== '203.0.113.8')
    .map((m) => (m.origin_ip === '192.0.2.20' ? { ...m, region: 'eu-west-2' } : m));
  changed.push({ origin_ip: '198.51.100.200', vendor: 'gcp', region: 'us-east1', modified_on: '2026-11-01T00:00:00Z' });
  await emulator.setMappings(DEMO_ZONE, changed);
  after1 = await runCdktfSynth(checkout, path.join(checkout, 'out-after'), env);
});

after(async () => {
  await emulator?.stop();
  for (const dir of [checkout, tfDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'terraform: apply, no-change plan exits 0, changed zone plans exit 2, diff names exactly the three origins',
  { skip },
  () => {
    assert.equal(before1.code, 0, before1.stdout + before1.stderr);
    assert.equal(after1.code, 0, after1.stdout + after1.stderr);
    const stackFile = (run: SynthRun): string => path.join(run.outdir, 'stacks', 'origins', 'cdk.tf.json');
    assert.ok(stackJson(before1.outdir).resource?.terraform_data?.[`ocr_${DEMO_ZONE}_marker`]);
    assert.equal(stackJson(before1.outdir).provider, undefined, 'terraform_data needs no provider');

    copyFileSync(stackFile(before1), path.join(tfDir, 'cdk.tf.json'));
    const init = terraform(['init', '-input=false', '-no-color']);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    const validate = terraform(['validate', '-no-color']);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    const apply = terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.equal(apply.status, 0, apply.stdout + apply.stderr);
    const unchanged = terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    assert.equal(unchanged.status, 0, `no change must plan nothing:\n${unchanged.stdout}${unchanged.stderr}`);

    copyFileSync(stackFile(after1), path.join(tfDir, 'cdk.tf.json'));
    const validateAfter = terraform(['validate', '-no-color']);
    assert.equal(validateAfter.status, 0, validateAfter.stdout + validateAfter.stderr);
    const plan = terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-out', 'plan.out']);
    assert.equal(plan.status, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /terraform_data\.ocr_[0-9a-f]{32}_marker must be replaced/);
    // The plan a reviewer reads names the three origins that changed and hides the other 38.
    const ipsInPlan = new Set(plan.stdout.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b|\b2001:db8:[0-9a-f:]+\b/g) ?? []);
    assert.deepEqual([...ipsInPlan].sort(), ['192.0.2.20', '198.51.100.200', '203.0.113.8'], plan.stdout);
    assert.match(plan.stdout, /unchanged elements hidden|unchanged attributes hidden/);
    const show = terraform(['show', '-json', 'plan.out']);
    assert.equal(show.status, 0, show.stderr);
    writeFileSync(path.join(tfDir, 'plan.json'), show.stdout);

    const diff = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'lib', 'cli', 'main.ts'),
        'diff',
        '--format',
        'json',
        path.join(tfDir, 'plan.json'),
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(diff.status, 2, `diff exits 2 on drift:\n${diff.stdout}${diff.stderr}`);
    const named = new Set(diff.stdout.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g) ?? []);
    assert.deepEqual([...named].sort(), ['192.0.2.20', '198.51.100.200', '203.0.113.8']);
    const markdown = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'lib', 'cli', 'main.ts'), 'diff', path.join(tfDir, 'plan.json')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(markdown.status, 2);
    for (const ip of ['192.0.2.20', '198.51.100.200', '203.0.113.8'])
      assert.ok(markdown.stdout.includes(ip), `Markdown report names ${ip}`);
    assert.ok(!markdown.stdout.includes('192.0.2.10'), 'an unchanged origin is not listed');
  },
);
