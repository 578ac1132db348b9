import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, REPO_ROOT, TEST_EMAIL, TEST_KEY, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { containsSecret } from '../support/proxy';
import { runRecipe, type RecipeRun, type RecipeStep } from '../support/recipe';
import { firstBlockquote, markdownSection, readmeBlock, readmeText } from '../support/readme';
import { demoMappings } from '../support/seed';
import { stackJson, synthEnv } from '../support/synth';

/**
 * The README, followed by a new user in their own infra repo. `npm pack` the package (its `prepare` script
 * builds dist) in a copy of the repository named like a checkout, install the tarball with the README's
 * install line into a fresh TypeScript app outside the repository (cdktf's own template tsconfig.json and
 * cdktf.json; `cdktf` and `constructs` at the repository's pinned versions, from the npm cache), write the
 * README's quick-start code into main.ts unchanged, and run the README's snapshot, offline, marker and
 * plan-review recipes in it, line by line in one bash, as written: only `...` (the token) and `<stack>` are
 * filled in. The API is the emulator (a child process); `terraform` is the real one on PATH.
 *
 * The app runs with `npx tsx main.ts` instead of the template's `npx ts-node main.ts`: tsx is in the npm cache
 * (this repository uses it), ts-node is not, and the test must not need the registry. What ts-node adds over
 * tsx, type errors failing the run, is checked by `tsc` with the template's own tsconfig.json.
 */

const README_HEADINGS = {
  quickStart: 'Quick start',
  uses: 'Three common uses',
  planReview: 'Plan review with Terraform',
} as const;

/** The zone change the plan-review recipe's comment line describes. */
const MOVED = { origin_ip: '192.0.2.20', from: 'eu-west-1', to: 'eu-central-1' };
const ADDED = { origin_ip: '192.0.2.30', vendor: 'gcp', region: 'europe-west4' };
const REMOVED = '203.0.113.8';
const CHANGED_IPS = [MOVED.origin_ip, ADDED.origin_ip, REMOVED].sort();

const quickStartCode = readmeBlock(README_HEADINGS.quickStart, 'ts');
const stackId = /new \w+\(app, '([^']+)'\)/.exec(quickStartCode)?.[1] ?? 'the quick start names no stack';
const zoneId = /zoneId: '([0-9a-f]{32})'/.exec(quickStartCode)?.[1] ?? 'the quick start names no zone';

let work: string;
let checkout: string;
let app: string;
let tfrc: string;
let install: RecipeRun | undefined;
let emulator: EmulatorProcess | undefined;
const transcripts: { line: string; output: string }[] = [];
const timings: string[] = [];

function versionOf(name: string): string {
  const manifest = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The environment of the user's shell: the emulator as the API, no credentials, npm from its cache only. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return synthEnv({
    CLOUDFLARE_BASE_URL: emulator?.baseUrl,
    TF_CLI_CONFIG_FILE: tfrc,
    TF_IN_AUTOMATION: '1',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Infra Dev',
    GIT_AUTHOR_EMAIL: 'infra-dev@example.net',
    GIT_COMMITTER_NAME: 'Infra Dev',
    GIT_COMMITTER_EMAIL: 'infra-dev@example.net',
    ...extra,
  });
}

/** A README recipe with its placeholders filled in: `...` → the test token, `<stack>` → the quick start's stack. */
function fillPlaceholders(recipe: string): string {
  const filled = recipe
    .replaceAll('CLOUDFLARE_API_TOKEN=...', `CLOUDFLARE_API_TOKEN=${TEST_TOKEN}`)
    .replaceAll('<stack>', stackId);
  // Placeholders in comments (`# writes .origin-cloud-regions/<zone>.json`) are prose, not commands.
  const commands = filled.split('\n').map((l) => (l.trimStart().startsWith('#') ? '' : l.replace(/\s#\s.*$/, '')));
  assert.doesNotMatch(commands.join('\n'), /\.\.\.|<[a-z-]+>/, `a placeholder is left in the recipe:\n${recipe}`);
  return filled;
}

/** Runs a recipe, keeps its transcript for the secret scan and the time of each command. */
async function run(
  recipe: string,
  cwd: string,
  onStep?: (step: RecipeStep) => void | Promise<void>,
): Promise<RecipeRun> {
  const result = await runRecipe(recipe, { cwd, env: shellEnv(), ...(onStep ? { onStep } : {}) });
  transcripts.push(...result.steps);
  for (const s of result.steps.filter((x) => !x.comment)) timings.push(`${commandName(s.line)} ${s.ms} ms`);
  return result;
}

/** A short name of a recipe line for the timings, without its environment assignments (the token). */
function commandName(line: string): string {
  const words = line.split(/\s+/).filter((w) => w !== '' && w !== 'export' && !/^[A-Za-z_]+=/.test(w));
  return words.slice(0, 3).join(' ') || 'export';
}

/** A recipe line fit for a failure message: the token the test filled in is shown as `...` again. */
function withoutToken(line: string): string {
  return line.replaceAll(TEST_TOKEN, '...');
}

/** Asserts every line of a recipe ran and exited as the recipe says. */
function assertRan(result: RecipeRun, recipe: string): void {
  const expected = recipe.split('\n').filter((l) => l.trim() !== '').length;
  const last = result.steps.at(-1);
  assert.ok(last, 'the recipe ran');
  assert.equal(
    last.exit,
    last.expectedExit,
    `\`${withoutToken(last.line)}\` exited ${last.exit}, not ${last.expectedExit}:\n${last.output}`,
  );
  assert.equal(result.steps.length, expected, 'every line of the recipe ran');
}

function stackFile(): string {
  return path.join(app, 'cdktf.out', 'stacks', stackId, 'cdk.tf.json');
}

function snapshotFile(): string {
  return path.join(app, '.origin-cloud-regions', `${zoneId}.json`);
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ocr-readme-'));
  tfrc = path.join(work, 'empty.tfrc');
  writeFileSync(tfrc, '');

  // "From a checkout of this repository": a copy of the package sources (so the build never races another
  // test's dist), sharing the repository's node_modules in place of `npm ci`.
  checkout = path.join(work, 'cdktf-origin-cloud-regions');
  mkdirSync(checkout);
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'lib', 'scripts']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
  // A checkout that was built before: a module that has since moved left its compiled file behind. The build
  // must not ship it (lib/errors.js once shadowed lib/errors/index.js for the root entry's `require('./errors')`).
  mkdirSync(path.join(checkout, 'dist', 'lib'), { recursive: true });
  writeFileSync(path.join(checkout, 'dist', 'lib', 'errors.js'), 'exports.stale = true;\n');
  const packStarted = Date.now();
  const pack = spawnSync('npm', ['pack', '--silent'], { cwd: checkout, encoding: 'utf8', env: synthEnv({}) });
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stdout}${pack.stderr}`);
  timings.push(`npm pack ${Date.now() - packStarted} ms`);

  // The user's own app, from cdktf's TypeScript template (cdktf.json, tsconfig.json, package.json).
  app = path.join(work, 'your-infra-repo');
  mkdirSync(app);
  const template = path.join(REPO_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript');
  const cdktfJson = JSON.parse(
    readFileSync(path.join(template, 'cdktf.json'), 'utf8')
      .replace('{{projectId}}', 'your-infra-repo')
      .replace('{{sendCrashReports}}', 'false')
      .replace('{{futureFlags}}', ''),
  ) as Record<string, unknown>;
  writeFileSync(path.join(app, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'npx tsx main.ts' }, null, 2));
  cpSync(path.join(template, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
  const manifest = JSON.parse(
    readFileSync(path.join(template, 'package.json'), 'utf8').replace('{{ $base }}', 'your-infra-repo'),
  ) as Record<string, unknown>;
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify(
      {
        ...manifest,
        dependencies: { cdktf: versionOf('cdktf'), constructs: versionOf('constructs') },
        devDependencies: { tsx: versionOf('tsx') },
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(app, 'main.ts'), quickStartCode);
  const git = spawnSync('git', ['init', '-q'], { cwd: app, env: shellEnv(), encoding: 'utf8' });
  assert.equal(git.status, 0, git.stderr);

  // The README's tarball install line, as written; one install holds everything.
  const installLine = readmeBlock(README_HEADINGS.quickStart, 'sh')
    .split('\n')
    .find((l) => l.startsWith('cd ../your-infra-repo && npm install'));
  assert.ok(installLine, 'the quick start has the tarball install line');
  install = await runRecipe(installLine, {
    cwd: checkout,
    env: shellEnv({
      npm_config_offline: 'false',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    }),
  });
  timings.push(`npm install ${install.ms} ms`);
  // cdktf-cli as a global install would give it; origin-cloud-regions comes from the tarball's bin.
  mkdirSync(path.join(app, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(
    realpathSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf')),
    path.join(app, 'node_modules', '.bin', 'cdktf'),
  );

  emulator = await startTestEmulator();
});

after(async () => {
  process.stdout.write(`# timings: ${timings.join('; ')}\n`);
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the README tarball line installs the packed package; the quick start type-checks with the cdktf template', () => {
  assert.equal(zoneId, DEMO_ZONE, "the quick start's zone is the one the emulator serves");
  assert.ok(install, 'the install ran');
  const step = install.steps[0];
  assert.equal(step.exit, 0, `npm install failed:\n${step.output}`);
  const deps = (
    JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  ).dependencies;
  assert.match(
    deps['cdktf-origin-cloud-regions'],
    /^file:\.\.\/cdktf-origin-cloud-regions\/cdktf-origin-cloud-regions-.+\.tgz$/,
  );
  const installed = path.join(app, 'node_modules', 'cdktf-origin-cloud-regions');
  assert.ok(existsSync(path.join(installed, 'dist', 'lib', 'lookup', 'worker.js')), 'the worker ships in dist');
  assert.ok(existsSync(path.join(app, 'node_modules', '.bin', 'origin-cloud-regions')), 'the CLI bin is linked');
  assert.ok(!existsSync(path.join(installed, 'dist', 'lib', 'errors.js')), 'no stale build output ships');
  // The root's error classes are the ones of /errors: one module instance, so `instanceof` holds across them.
  const same = spawnSync(
    process.execPath,
    [
      '-e',
      "const r = require('cdktf-origin-cloud-regions'); const e = require('cdktf-origin-cloud-regions/errors');" +
        ' process.exit(r.OriginCloudRegionsError === e.OriginCloudRegionsError && r.CloudflareApiError === e.CloudflareApiError ? 0 : 3)',
    ],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(same.status, 0, `the root and /errors hold different error classes:\n${same.stderr}`);
  // A cdktf app has no cdktn: its entry point says what to install instead of a bare "Cannot find module".
  const noCdktn = spawnSync(process.execPath, ['-e', "require('cdktf-origin-cloud-regions/cdktn')"], {
    cwd: app,
    encoding: 'utf8',
  });
  assert.notEqual(noCdktn.status, 0);
  assert.match(noCdktn.stderr, /the package 'cdktn' is not installed\. Run `npm install cdktn constructs`/);
  assert.match(noCdktn.stderr, /code: 'OCR_ENGINE_MISSING'/);

  // What `npm run build` (tsc) of the template does, without writing JavaScript next to main.ts.
  const tscStarted = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', app],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
  assert.equal(tsc.status, 0, `the quick-start code does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  timings.push(`tsc ${Date.now() - tscStarted} ms`);
});

test('snapshot recipe: an online synth writes the snapshot; offline synth without credentials is byte-identical', async () => {
  assert.equal(install?.steps[0]?.exit, 0, 'the install failed (see the first test)');
  assert.ok(emulator);
  const api = emulator;
  const recipe = fillPlaceholders(readmeBlock(README_HEADINGS.uses, 'sh'));
  const [snapshotLine] = recipe.split('\n');
  assert.match(snapshotLine, /^ORIGIN_CLOUD_REGIONS_SNAPSHOT=1 CLOUDFLARE_API_TOKEN=\S+ npx cdktf synth/);
  const summaryLine = readmeBlock(README_HEADINGS.quickStart, 'text').trim();

  let online = Buffer.alloc(0);
  let snapshot = Buffer.alloc(0);
  let snapshotMtime = 0;
  let requestsBeforeOffline = -1;
  const result = await run(recipe, app, async (step) => {
    if (step.line === snapshotLine) {
      assert.ok(step.output.includes(summaryLine), `the synth prints the README's summary line:\n${step.output}`);
      online = readFileSync(stackFile());
      snapshot = readFileSync(snapshotFile());
      snapshotMtime = statSync(snapshotFile()).mtimeMs;
      const stack = stackJson(path.join(app, 'cdktf.out'), stackId);
      assert.deepEqual(stack.output?.[`ocr_${zoneId}_vendor_counts`]?.value, { aws: 5, azure: 2, gcp: 3, oci: 2 });
      assert.equal(Object.keys(stack.output?.[`ocr_${zoneId}_mappings`]?.value as object).length, 12);
      assert.ok(stack.resource?.terraform_data?.[`ocr_${zoneId}_marker`], "the quick start's marker is terraform_data");
      requestsBeforeOffline = (await api.stats()).requests;
    }
  });
  assertRan(result, recipe);
  const offline = result.steps.at(-1) as RecipeStep;
  assert.match(offline.line, /^ORIGIN_CLOUD_REGIONS_OFFLINE=1 npx cdktf synth/);
  assert.doesNotMatch(offline.line, /CLOUDFLARE_API_TOKEN/);
  assert.equal((await api.stats()).requests, requestsBeforeOffline, 'the offline synth calls no API');
  assert.match(offline.output, new RegExp(`origin-cloud-regions: zone ${zoneId}: 12 mappings from its snapshot`));
  assert.ok(readFileSync(stackFile()).equals(online), 'the offline synth gives a byte-identical cdk.tf.json');
  const committed = spawnSync('git', ['log', '--format=%s', '--', '.origin-cloud-regions'], {
    cwd: app,
    env: shellEnv(),
    encoding: 'utf8',
  });
  assert.equal(committed.stdout.trim(), 'Refresh origin cloud region snapshots');

  // A refresh whose data did not change leaves the snapshot as it was: same bytes, same mtime, git stays clean.
  const refresh = await run(snapshotLine, app);
  assertRan(refresh, snapshotLine);
  assert.ok(readFileSync(snapshotFile()).equals(snapshot), 'the refreshed snapshot is byte-identical');
  assert.equal(statSync(snapshotFile()).mtimeMs, snapshotMtime, 'the refresh did not rewrite the snapshot');
  const status = spawnSync('git', ['status', '--porcelain', '--', '.origin-cloud-regions'], {
    cwd: app,
    env: shellEnv(),
    encoding: 'utf8',
  });
  assert.equal(status.stdout, '', 'the refresh leaves git clean');
  assert.ok(readFileSync(stackFile()).equals(online), 'the refreshed synth is byte-identical too');
});

test('quick start as written: terraform init and plan need no download; no absolute path; a direct run prints the finding', async (t) => {
  if (spawnSync('terraform', ['version']).status !== 0) {
    t.skip('terraform is not on PATH');
    return;
  }
  assert.equal(install?.steps[0]?.exit, 0, 'the install failed (see the first test)');
  const recipe = fillPlaceholders(readmeBlock(README_HEADINGS.quickStart, 'sh', 1));
  assert.match(recipe, /^CLOUDFLARE_API_TOKEN=\S+ npx cdktf synth\n$/);
  const synth = await run(recipe, app);
  assertRan(synth, recipe);
  const text = readFileSync(stackFile(), 'utf8');
  assert.ok(!text.includes(work) && !text.includes(realpathSync(work)), 'no absolute path of the app in cdk.tf.json');
  const stack = stackJson(path.join(app, 'cdktf.out'), stackId);
  assert.equal(stack.provider, undefined, 'no provider to download');

  // Air-gapped: a CLI configuration whose only provider source is an empty local mirror.
  const mirror = path.join(work, 'empty-provider-mirror');
  mkdirSync(mirror, { recursive: true });
  const mirrorOnly = path.join(work, 'mirror-only.tfrc');
  writeFileSync(
    mirrorOnly,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  const dir = path.dirname(stackFile());
  for (const args of [
    ['init', '-input=false', '-no-color'],
    ['plan', '-input=false', '-no-color', '-lock=false'],
  ]) {
    const tf = spawnSync('terraform', args, {
      cwd: dir,
      env: shellEnv({ TF_CLI_CONFIG_FILE: mirrorOnly }),
      encoding: 'utf8',
    });
    assert.equal(tf.status, 0, `terraform ${args[0]} in an air-gapped stack folder:\n${tf.stdout}${tf.stderr}`);
    if (args[0] === 'plan') assert.match(tf.stdout, /Plan: 1 to add, 0 to change, 0 to destroy/);
  }
  // The state goes where cdktf's default puts it (the app's folder), through a relative path.
  assert.ok(text.includes(`"path": "../../../terraform.${stackId}.tfstate"`), 'the local backend path is relative');

  // Without the cdktf CLI, nothing else prints the annotations: the app prints its finding itself.
  const direct = spawnSync('npx', ['tsx', 'main.ts'], {
    cwd: app,
    env: shellEnv({ CLOUDFLARE_API_TOKEN: TEST_TOKEN }),
    encoding: 'utf8',
  });
  assert.equal(direct.status, 0, direct.stderr);
  assert.ok(direct.stdout.includes(readmeBlock(README_HEADINGS.quickStart, 'text').trim()), direct.stdout);
  assert.match(direct.stderr, /^WARN \[edge\/origins\]: zone [0-9a-f]{32}: origin 192\.0\.2\.99: region "us-east-3"/m);
  transcripts.push({ line: 'npx tsx main.ts', output: direct.stdout + direct.stderr });
});

test('marker and plan-review recipe: terraform_data marker, plan exits 2, diff names exactly the three origins', async (t) => {
  if (spawnSync('terraform', ['version']).status !== 0) {
    t.skip('terraform is not on PATH');
    return;
  }
  assert.equal(install?.steps[0]?.exit, 0, 'the install failed (see the first test)');
  assert.ok(emulator);
  const api = emulator;
  const recipe = fillPlaceholders(readmeBlock(README_HEADINGS.planReview, 'sh'));
  const section = markdownSection(readmeText(), README_HEADINGS.planReview);
  const lines = recipe.split('\n');
  assert.match(lines[0], /^export ORIGIN_CLOUD_REGIONS_MARKER=terraform_data /);
  const change = lines.find((l) => l.startsWith('#'));
  assert.ok(change, 'the recipe marks where the zone changes');
  for (const ip of CHANGED_IPS) assert.ok(change.includes(ip), `the recipe's change names ${ip}`);
  assert.ok(change.includes(`${MOVED.origin_ip} to ${MOVED.to}`));

  await api.setMappings(zoneId, demoMappings());
  let synths = 0;
  const result = await run(recipe, app, async (step) => {
    if (step.line === 'npx cdktf synth' && ++synths === 1) {
      // The marker recipe: the environment variable alone switches the marker, and no provider is needed.
      const stack = stackJson(path.join(app, 'cdktf.out'), stackId);
      assert.ok(stack.resource?.terraform_data?.[`ocr_${zoneId}_marker`], 'a terraform_data marker');
      assert.deepEqual(Object.keys(stack.resource ?? {}), ['terraform_data'], 'no null_resource');
      assert.equal(stack.provider, undefined, 'no provider');
      assert.equal(stack.terraform?.required_providers, undefined, 'no required provider');
    }
    if (step.comment) {
      assert.equal(demoMappings().find((m) => m.origin_ip === MOVED.origin_ip)?.region, MOVED.from);
      const changed = demoMappings()
        .filter((m) => m.origin_ip !== REMOVED)
        .map((m) => (m.origin_ip === MOVED.origin_ip ? { ...m, region: MOVED.to } : m));
      changed.push({ ...ADDED, modified_on: '2026-11-01T00:00:00Z' });
      await api.setMappings(zoneId, changed);
    }
  });
  assertRan(result, recipe);

  const plan = result.steps.find((s) => s.line.startsWith('terraform plan'));
  assert.ok(plan);
  assert.equal(plan.exit, 2);
  // eslint-disable-next-line no-control-regex -- Terraform colours its plan even when stdout is not a terminal
  const planText = plan.output.replace(/\x1b\[[0-9;]*m/g, '');
  assert.match(planText, new RegExp(`terraform_data\\.ocr_${zoneId}_marker must be replaced`));
  const ipsInPlan = new Set(planText.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b|\b2001:db8:[0-9a-f:]+\b/g) ?? []);
  assert.deepEqual([...ipsInPlan].sort(), CHANGED_IPS, planText);
  // The README's sample plan shows these very lines.
  const samplePlan = readmeBlock(README_HEADINGS.planReview, 'text');
  for (const line of samplePlan
    .split('\n')
    .filter((l) => /"\d+\.\d+\.\d+\.\d+"|unchanged attributes hidden|to add/.test(l))) {
    assert.ok(planText.includes(line.trim()), `the README's plan line is in the real plan: ${line.trim()}`);
  }

  const diff = result.steps.at(-1) as RecipeStep;
  assert.match(diff.line, /^npx origin-cloud-regions diff plan\.json > report\.md/);
  assert.equal(diff.exit, 2);
  const report = readFileSync(path.join(app, 'cdktf.out', 'stacks', stackId, 'report.md'), 'utf8');
  const named = new Set(report.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b|\b2001:db8:[0-9a-f:]+\b/g) ?? []);
  assert.deepEqual([...named].sort(), CHANGED_IPS, report);
  // The README's sample report is this report.
  const reportLines = new Set(report.split('\n'));
  for (const line of firstBlockquote(section))
    assert.ok(reportLines.has(line), `the README's report line is in report.md: ${line}`);
});

test('no test secret reaches any file of the app’s cdktf.out, snapshots or state, or the recipes’ output', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(app, 'cdktf.out'));
  walk(path.join(app, '.origin-cloud-regions'));
  for (const name of readdirSync(app)) if (name.endsWith('.tfstate')) files.push(path.join(app, name));
  assert.ok(
    files.some((f) => f.endsWith(`${zoneId}.json`)),
    'the snapshot was scanned',
  );
  assert.ok(
    files.some((f) => f.endsWith('cdk.tf.json')),
    'the stack was scanned',
  );
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of [TEST_TOKEN, TEST_KEY, TEST_EMAIL])
      assert.ok(!containsSecret(bytes, secret), `${file} holds a secret`);
  }
  // The one place the token may appear is the command line the test typed; nothing printed it back.
  for (const { line, output } of transcripts) {
    assert.ok(!containsSecret(Buffer.from(output), TEST_TOKEN), `\`${withoutToken(line)}\` printed the token`);
  }
});
