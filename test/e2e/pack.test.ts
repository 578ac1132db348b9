import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, REPO_ROOT, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { readTree, runCdktfSynth, stackJson, synthEnv, type SynthRun } from '../support/synth';

/**
 * "Used by other infra repos": `npm pack` the package (its `prepare` script builds dist), install the
 * tarball into a fresh cdktf app outside the repository (from the npm cache; the registry only when a
 * package is missing there), synthesize that app with the real cdktf CLI, and read its outputs. The app
 * is plain JavaScript, so the lookup runs from the built dist (worker.js), as it does for users.
 */

let emulator: EmulatorProcess;
let work: string;
let app: string;
let install: { status: number | null; output: string };
let synth: SynthRun;

function versionOf(name: string): string {
  return (
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ocr-pack-'));
  const pack = spawnSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: synthEnv({ npm_config_cache: process.env.npm_config_cache }),
  });
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stdout}${pack.stderr}`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');

  app = path.join(work, 'infra-app');
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'infra-app',
        private: true,
        dependencies: {
          'cdktf-origin-cloud-regions': `file:../${tarball}`,
          cdktf: versionOf('cdktf'),
          constructs: versionOf('constructs'),
          '@cdktf/provider-null': versionOf('@cdktf/provider-null'),
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(app, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: 'node main.js',
      projectId: 'infra-app',
      sendCrashReports: 'false',
      terraformProviders: [],
      context: {},
    }),
  );
  writeFileSync(
    path.join(app, 'main.js'),
    `const { App, LocalBackend, TerraformStack } = require('cdktf');
const { OriginCloudRegions } = require('cdktf-origin-cloud-regions');
class Edge extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.edge.tfstate' });
    const lookup = new OriginCloudRegions(this, 'origins', { zoneId: process.env.CLOUDFLARE_ZONE_ID });
    // Plain values at synth time: program code can branch on them.
    if (lookup.forVendor('aws').length === 0) throw new Error('expected aws origins');
  }
}
const app = new App();
new Edge(app, 'edge');
app.synth();
`,
  );
  const npmInstall = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    {
      cwd: app,
      encoding: 'utf8',
      env: synthEnv({}),
    },
  );
  install = { status: npmInstall.status, output: npmInstall.stdout + npmInstall.stderr };
  if (install.status !== 0) return;

  emulator = await startTestEmulator();
  // The app has no cdktf-cli of its own: the repository's CLI synthesizes it, as a globally installed one would.
  synth = await runCdktfSynthWith(app, {
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
  });
});

function runCdktfSynthWith(cwd: string, env: Record<string, string>): Promise<SynthRun> {
  return runCdktfSynth(cwd, path.join(cwd, 'cdktf.out'), env, path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'));
}

after(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the packed package installs into a fresh cdktf app and synthesizes its outputs', () => {
  assert.equal(install.status, 0, `npm install failed:\n${install.output}`);
  assert.ok(
    existsSync(path.join(app, 'node_modules', 'cdktf-origin-cloud-regions', 'dist', 'lib', 'lookup', 'worker.js')),
    'the worker ships in dist',
  );
  assert.equal(synth.code, 0, `synth failed:\n${synth.stdout}\n${synth.stderr}`);
  const stack = stackJson(synth.outdir, 'edge');
  assert.deepEqual(stack.output?.[`ocr_${DEMO_ZONE}_vendor_counts`]?.value, { aws: 5, azure: 2, gcp: 3, oci: 2 });
  assert.equal(Object.keys(stack.output?.[`ocr_${DEMO_ZONE}_mappings`]?.value as object).length, 12);
  assert.ok(stack.resource?.null_resource?.[`ocr_${DEMO_ZONE}_marker`]);
  for (const { file, text } of readTree(synth.outdir)) assert.ok(!text.includes(TEST_TOKEN), `${file} holds the token`);
});
