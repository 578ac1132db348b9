import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { canonicalIp } from '../../lib/model/ip';
import { DEMO_ZONE, REPO_ROOT, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { node22Binary } from '../support/node22';
import { demoMappings } from '../support/seed';
import { reachedPackages } from '../../scripts/emit-cdktn';
import { manifestAnnotations, readTree, runSynthProcess, stackJson, synthEnv, type SynthRun } from '../support/synth';

/**
 * A CDK Terrain user's path, end to end: `npm pack` the package (its `prepare` script builds dist, the cdktn
 * binding included), install the tarball with `cdktn` and `constructs` from the registry into a fresh app
 * outside the repository, and synthesize that plain-JavaScript app with the real `cdktn synth` (cdktn-cli
 * 0.24 needs Node >= 22.19: it runs on the pinned Node 22 binary, called by its path; the app it starts runs
 * on this process's Node). The pack runs in a copy of the repository, so it never races another test that
 * builds dist.
 */

let emulator: EmulatorProcess | undefined;
let work: string;
let app: string;
let install: { status: number | null; output: string };
let cliNode: string;
let synth: SynthRun;
let strictSynth: SynthRun;

const seededIps = demoMappings().map((m) => canonicalIp(m.origin_ip, 'seed'));
const STALE_IP = '192.0.2.99';

function versionOf(name: string): string {
  const manifest = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function run(command: string, args: string[], cwd: string, env = synthEnv({})): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

/** `npm pack` of a copy of the repository's package sources; returns the tarball's path. */
function packCopy(): string {
  const src = path.join(work, 'src');
  mkdirSync(src);
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'lib', 'scripts']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(src, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const pack = run('npm', ['pack', '--pack-destination', work, '--silent'], src);
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stdout}${pack.stderr}`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  return path.join(work, tarball);
}

const MAIN_JS = `const { writeFileSync } = require('node:fs');
const { App, LocalBackend, TerraformStack } = require('cdktn');
const { OriginCloudRegions } = require('cdktf-origin-cloud-regions/cdktn');
writeFileSync('app-node-version.txt', process.version);
const app = new App();
for (const [id, marker] of [['nulls', 'null_resource'], ['data', 'terraform_data']]) {
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new OriginCloudRegions(stack, 'origins', {
    zoneId: process.env.CLOUDFLARE_ZONE_ID,
    marker,
    strict: process.env.OCR_STRICT === '1',
  });
}
app.synth();
`;

const CHECK_TS = `import { App, TerraformStack } from 'cdktn';
import { OriginCloudRegions, type OriginCloudRegionsProps } from 'cdktf-origin-cloud-regions/cdktn';
import { diffMappings } from 'cdktf-origin-cloud-regions/drift';
import { CloudflareApiEmulator } from 'cdktf-origin-cloud-regions/emulator';
import { InputFileError } from 'cdktf-origin-cloud-regions/errors';

const stack = new TerraformStack(new App(), 'edge');
const props: OriginCloudRegionsProps = { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', marker: 'terraform_data' };
const lookup: OriginCloudRegions = new OriginCloudRegions(stack, 'origins', props);
const count: number = lookup.mappings.length;
export const used = [count, diffMappings, CloudflareApiEmulator, InputFileError];
`;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ocr-cdktn-pack-'));
  cliNode = node22Binary();
  const tarball = packCopy();

  app = path.join(work, 'terrain-app');
  mkdirSync(app);
  const dependencies = {
    'cdktf-origin-cloud-regions': `file:${tarball}`,
    cdktn: versionOf('cdktn'),
    constructs: versionOf('constructs'),
  };
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'terrain-app', private: true, dependencies }));
  writeFileSync(
    path.join(app, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: 'node main.js',
      projectId: 'terrain-app',
      sendCrashReports: 'false',
    }),
  );
  writeFileSync(path.join(app, 'main.js'), MAIN_JS);
  writeFileSync(path.join(app, 'check.ts'), CHECK_TS);
  const npmInstall = run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    app,
  );
  install = { status: npmInstall.status, output: npmInstall.stdout + npmInstall.stderr };
  if (install.status !== 0) return;

  emulator = await startTestEmulator();
  const env = {
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
  };
  const cdktnSynth = (outdir: string, extra: Record<string, string> = {}): Promise<SynthRun> =>
    runSynthProcess(
      cliNode,
      [path.join(REPO_ROOT, 'node_modules', 'cdktn-cli', 'bin', 'cdktn'), 'synth', '--output', outdir],
      app,
      synthEnv({ ...env, ...extra }),
      outdir,
    );
  synth = await cdktnSynth(path.join(app, 'cdktf.out'));
  strictSynth = await cdktnSynth(path.join(app, 'strict.out'), { OCR_STRICT: '1' });
});

after(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** SHA-256 of the sorted `ip=vendor/region` lines of a stack's mappings output (the digest marker's rule). */
function digestOf(stack: { output?: Record<string, { value: unknown }> }): string {
  const pairs = Object.entries(stack.output?.[`ocr_${DEMO_ZONE}_mappings`]?.value as Record<string, string>);
  const lines = pairs.map(([ip, placement]) => `${ip}=${placement}\n`).sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** Every installed package folder named `name` in the app, at any depth of node_modules. */
function installedCopies(root: string, names: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      const dirs = entry.startsWith('@')
        ? readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
        : entry.startsWith('.')
          ? []
          : [entry];
      for (const name of dirs) {
        if (names.includes(name) || names.includes(name.split('/')[0] ?? '')) found.push(path.join(modules, name));
        walk(path.join(modules, name, 'node_modules'));
      }
    }
  };
  walk(path.join(root, 'node_modules'));
  return found;
}

test('the packed library installs into a cdktn-only app, and no cdktf package comes with it', () => {
  assert.equal(install.status, 0, `npm install failed:\n${install.output}`);
  assert.ok(existsSync(path.join(app, 'node_modules', 'cdktn', 'package.json')));
  assert.ok(existsSync(path.join(app, 'node_modules', 'cdktf-origin-cloud-regions', 'dist', 'lib', 'cdktn.js')));
  assert.deepEqual(installedCopies(app, ['cdktf', 'cdktf-cli', '@cdktf']), []);
});

test('cdktn synth: cdktn-cli on Node 22 by its path, the app on this Node; outputs with every mapping, both markers', () => {
  assert.equal(synth.code, 0, `cdktn synth failed:\n${synth.stdout}\n${synth.stderr}`);
  assert.match(run(cliNode, ['--version'], app).stdout, /^v22\./);
  assert.equal(readFileSync(path.join(app, 'app-node-version.txt'), 'utf8'), process.version);
  const nulls = stackJson(synth.outdir, 'nulls');
  const data = stackJson(synth.outdir, 'data');
  for (const stack of [nulls, data]) {
    const mappings = JSON.stringify(stack.output?.[`ocr_${DEMO_ZONE}_mappings`]?.value);
    for (const ip of seededIps) assert.ok(mappings.includes(`"${ip}"`), `ocr_${DEMO_ZONE}_mappings holds ${ip}`);
  }
  // Beside the mappings output, each marker carries only the digest of the mappings and their count.
  const nullTriggers = nulls.resource?.null_resource?.[`ocr_${DEMO_ZONE}_marker`]?.triggers as object;
  assert.deepEqual(nullTriggers, { mappings: String(seededIps.length), mappings_sha256: digestOf(nulls) });
  assert.deepEqual(nulls.terraform?.required_providers?.null, { source: 'null', version: '3.2.4' });
  const dataTriggers = data.resource?.terraform_data?.[`ocr_${DEMO_ZONE}_marker`]?.triggers_replace as object;
  assert.deepEqual(dataTriggers, { mappings: String(seededIps.length), mappings_sha256: digestOf(data) });
  for (const { file, text } of readTree(synth.outdir)) assert.ok(!text.includes(TEST_TOKEN), `${file} holds the token`);
});

test('cdktn synth: the stale region is a warning annotation', () => {
  const stale = manifestAnnotations(synth.outdir, 'nulls').find(
    (a) => a.level === '@cdktf/warn' && a.message.includes(STALE_IP),
  );
  assert.ok(stale, `a warning names ${STALE_IP}`);
  assert.match(stale.message, /us-east-3/);
});

test('cdktn synth: strict fails the synth, naming the stale region', () => {
  assert.notEqual(strictSynth.code, 0, 'a strict synth with a finding fails');
  assert.match(
    `${strictSynth.stdout}\n${strictSynth.stderr}`,
    new RegExp(`${STALE_IP.replace(/\./g, '\\.')}.*us-east-3`),
  );
});

test('declarations: /cdktn, /drift and /emulator type-check without cdktf (node10 and node16 resolution)', () => {
  // tsc reports no unresolved import inside a .d.ts under --skipLibCheck (and checking every library's
  // declarations takes half a minute), so the installed files' import graphs are read directly as well.
  const installed = path.join(app, 'node_modules', 'cdktf-origin-cloud-regions', 'dist', 'lib');
  // The code binds to cdktn; the declarations name no engine type at all (the construct's public types come from
  // constructs), so they need only not reach cdktf.
  const code = reachedPackages(path.join(installed, 'cdktn.js'));
  assert.ok(code.has('cdktn') && !code.has('cdktf'), `cdktn.js reaches cdktn and not cdktf: ${[...code].join(', ')}`);
  const types = reachedPackages(path.join(installed, 'cdktn.d.ts'));
  assert.ok(!types.has('cdktf'), `cdktn.d.ts does not reach cdktf: ${[...types].join(', ')}`);
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const common = [
    '--noEmit',
    '--strict',
    '--target',
    'ES2022',
    '--skipLibCheck',
    '--typeRoots',
    path.join(REPO_ROOT, 'node_modules', '@types'),
    '--types',
    'node',
    'check.ts',
  ];
  for (const resolution of [
    ['--module', 'commonjs', '--moduleResolution', 'node10'],
    ['--module', 'node16', '--moduleResolution', 'node16'],
  ]) {
    const r = run(process.execPath, [tsc, ...resolution, ...common], app);
    assert.equal(r.status, 0, `tsc ${resolution.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
});

test('subpath entry points and the bin work without cdktf; the root entry point names what it needs', () => {
  const probe = run(
    process.execPath,
    [
      '-e',
      `for (const p of ['/drift', '/emulator', '/errors', '/package.json']) require('cdktf-origin-cloud-regions' + p);
       try { require('cdktf-origin-cloud-regions'); console.log('root loaded'); } catch (e) { console.log(e.code, e.message.split('\\n')[0]); }`,
    ],
    app,
  );
  assert.equal(probe.status, 0, probe.stderr);
  assert.match(probe.stdout, /MODULE_NOT_FOUND Cannot find module 'cdktf'/);
  const bin = run(path.join(app, 'node_modules', '.bin', 'origin-cloud-regions'), ['--help'], app);
  assert.equal(bin.status, 0, bin.stderr);
  assert.match(bin.stdout, /Usage: origin-cloud-regions/);
});
