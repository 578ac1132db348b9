import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_SEED, DEMO_ZONE, REPO_ROOT } from '../support/constants';
import { runRecipe, type RecipeRun } from '../support/recipe';
import { fencedBlocks, readmeBlock, readmeText } from '../support/readme';
import { synthEnv } from '../support/synth';

/**
 * A new user's first hour in a fresh clone: `git clone` of this repository's HEAD (committed work only), then
 * every command the README runs inside the checkout, exactly as written and through the user's path (`npx`, the
 * bin npm links; never `node dist/...`), in the order a user meets them: the README's first line, the CLI's
 * `--help`, the quick start's install lines (`npm ci && npm pack`, then the tarball into a fresh app next to the
 * checkout), the emulator. The one clone is shared by the tests of this file, which run in order.
 *
 * The order matters: the first `npx origin-cloud-regions` in a checkout links the package into npm's npx cache
 * (running its `prepare` build once), and every later `npx` call runs dist/lib/cli/main.js directly; a rebuild
 * in between (`npm ci`, `npm pack`) must leave the file executable, or the user gets `Permission denied`.
 *
 * npm reads its cache first (`prefer-offline`) and may reach the npm registry for what is missing, as a user's
 * would. Measured on two cores: `npm ci` alone 65 s idle; under a load average of 20, `npm ci && npm run demo`
 * 237 s, the first `npx` 50 s, `npm ci && npm pack` 299 s, the whole file 14 minutes.
 */

const CLONE_NAME = 'cdktf-origin-cloud-regions';
const APP_NAME = 'your-infra-repo';
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const EMULATOR_LINE = 'npx origin-cloud-regions emulator --seed demo';

/** The commands the README runs in the checkout that this file runs, as the README writes them. */
const RUN_HERE = [
  'npm ci && npm run demo',
  'npx origin-cloud-regions --help',
  'npm ci && npm pack',
  `cd ../${APP_NAME} && npm install --save-exact ../${CLONE_NAME}/${CLONE_NAME}-${VERSION}.tgz`,
  EMULATOR_LINE,
  'npm run docs',
];

/** The README's other npm and origin-cloud-regions commands, and where they are run instead (or why not). */
const RUN_ELSEWHERE: Readonly<Record<string, string>> = {
  'npm ci && npm test': 'the whole suite, this file included: running it here would recurse',
  'npm run test:unit': 'part of npm test',
  'npm run test:e2e': 'part of npm test',
  'npm run bench': 'a benchmark of several minutes; bench/ has its own checks',
  'npm install --save-exact cdktf-origin-cloud-regions': 'for once the package is on the npm registry (it is not)',
  'npx origin-cloud-regions diff plan.json > report.md': "the user's app, run by test/e2e/pack.test.ts",
  'npm install cdktf@^0.21 constructs@^10.4 && npm install --save-dev cdktf-cli@^0.21 tsx':
    'an empty app folder; test/e2e/pack.test.ts builds that app from the cdktf template without the registry',
  'npm install cdktn constructs': 'a cdktn app; test/cdktn/ and the pack test check what /cdktn needs',
  'npm install --save-dev cdktn-cli': 'a cdktn app, for cdktn synth; docs/cdktn.md',
};

let work: string;
let clone: string;
let app: string;
const timings: string[] = [];

/** The user's shell: npm from its cache first, no audit, fund or update notice; no credentials. */
function shellEnv(): NodeJS.ProcessEnv {
  return synthEnv({
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
}

/** Runs README lines as written, in one bash, and asserts each exits 0. */
async function runLines(recipe: string, cwd: string, timeoutMs: number): Promise<RecipeRun> {
  const run = await runRecipe(recipe, { cwd, env: shellEnv(), timeoutMs });
  for (const step of run.steps.filter((s) => !s.comment)) timings.push(`${step.line.slice(0, 40)}: ${step.ms} ms`);
  const last = run.steps.at(-1);
  assert.ok(last, 'the lines ran');
  assert.equal(last.exit, 0, `\`${last.line}\` exited ${last.exit}:\n${last.output.slice(-4000)}`);
  assert.equal(run.steps.length, recipe.split('\n').filter((l) => l.trim() !== '').length, 'every line ran');
  return run;
}

/** Every npm and origin-cloud-regions command of the README: lines of its sh blocks and code spans of its prose. */
function readmeCommands(): string[] {
  const readme = readmeText();
  const lines = fencedBlocks(readme)
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.body.split('\n'))
    .map((l) => l.replace(/\s+#\s.*$/, '').trim());
  const prose = readme.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
  const commands = [...lines, ...spans].filter((c) =>
    /^(cd \S+ && )?(npm (ci|run|test|pack|install)|npx origin-cloud-regions)\b/.test(c),
  );
  // Commands with a placeholder (`origin-cloud-regions list --zone <id>`) are forms, not lines to paste.
  return [...new Set(commands.filter((c) => !/<[a-z-]+>/.test(c)))];
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'ocr-fresh-clone-'));
  clone = path.join(work, CLONE_NAME);
  const started = Date.now();
  const git = spawnSync('git', ['clone', '-q', REPO_ROOT, clone], { encoding: 'utf8', env: shellEnv() });
  assert.equal(git.status, 0, git.stderr);
  timings.push(`git clone: ${Date.now() - started} ms`);
  // The user's own app next to the checkout: a bare npm project (test/e2e/pack.test.ts builds a full cdktf app).
  app = path.join(work, APP_NAME);
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: APP_NAME, version: '1.0.0', private: true }, null, 2),
  );
});

// Removing two node_modules trees took minutes on a loaded machine.
after(
  () => {
    process.stdout.write(`# timings: ${timings.join('; ')}\n`);
    if (!work) return;
    // The first `npx` in the clone linked it into npm's npx cache: remove that entry with the clone.
    const cache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: shellEnv() }).stdout.trim();
    const npxCache = path.join(cache, '_npx');
    for (const entry of existsSync(npxCache) ? readdirSync(npxCache) : []) {
      const manifest = path.join(npxCache, entry, 'package.json');
      if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(JSON.stringify(clone).slice(1, -1))) {
        rmSync(path.join(npxCache, entry), { recursive: true, force: true });
      }
    }
    rmSync(work, { recursive: true, force: true });
  },
  { timeout: 600_000 },
);

test('every npm and origin-cloud-regions command of the README is run here or has its place named', () => {
  // `npm pack` in the prose is a part of `npm ci && npm pack`: each part of a known line is known.
  const lines = [...RUN_HERE, ...Object.keys(RUN_ELSEWHERE)];
  const known = new Set<string>([...lines, ...lines.flatMap((l) => l.split(' && '))]);
  const unknown = readmeCommands().filter((c) => !known.has(c));
  assert.deepEqual(unknown, [], 'a README command no test runs: run it here, or name where it runs in RUN_ELSEWHERE');
  const inReadme = new Set(readmeCommands());
  for (const command of RUN_HERE) assert.ok(inReadme.has(command), `the README still shows \`${command}\``);
});

test("the README's first line in a fresh clone: npm ci && npm run demo", { timeout: 600_000 }, async () => {
  const first = fencedBlocks(readmeText())[0].body.split('\n')[0];
  assert.match(first, /^npm ci && npm run demo\s+#/);
  const run = await runLines(first, clone, 540_000);
  assert.match(run.steps[0].output, /Synthesized stack: cdktf\.out\/stacks\/origins\/cdk\.tf\.json/);
});

test('npx origin-cloud-regions --help right after npm ci', { timeout: 300_000 }, async () => {
  const run = await runLines('npx origin-cloud-regions --help', clone, 240_000);
  assert.match(run.steps[0].output, /Usage: origin-cloud-regions \[options\] \[command\]/);
});

test(
  "the quick start's install lines, as written: npm ci && npm pack, then the tarball into a fresh app",
  {
    timeout: 600_000,
  },
  async () => {
    const block = readmeBlock('Quick start', 'sh');
    await runLines(block, clone, 540_000);
    // The rebuild left the bin executable, and the app's installed command runs.
    assert.ok(
      statSync(path.join(clone, 'dist', 'lib', 'cli', 'main.js')).mode & 0o100,
      'dist/lib/cli/main.js is executable',
    );
    const installed = spawnSync(path.join(app, 'node_modules', '.bin', 'origin-cloud-regions'), ['--version'], {
      cwd: app,
      encoding: 'utf8',
      env: shellEnv(),
    });
    assert.equal(installed.stdout, `${VERSION}\n`, installed.stderr);
    const deps = (JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies?: object })
      .dependencies;
    assert.deepEqual(deps, {
      [CLONE_NAME]: `file:../${CLONE_NAME}/${CLONE_NAME}-${VERSION}.tgz`,
    });
  },
);

// Run in both places the README says it works: the checkout after its rebuild, and the user's app.
for (const where of ['the checkout', 'the app'] as const)
  test(
    `npx origin-cloud-regions emulator --seed demo in ${where} serves the demo zone; SIGTERM to it closes the port`,
    {
      timeout: 300_000,
    },
    async () => {
      const line = EMULATOR_LINE;
      const child = spawn('bash', ['--noprofile', '--norc', '-c', line], {
        cwd: where === 'the app' ? app : clone,
        env: shellEnv(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      try {
        const baseUrl = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no base URL within 240 s:\n${output}`)), 240_000);
          const onData = (chunk: Buffer): void => {
            output += chunk.toString('utf8');
            const m = /\{"baseUrl":"([^"]+)"\}/.exec(output);
            if (m) {
              clearTimeout(timer);
              resolve(m[1]);
            }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.on('close', (code) => {
            clearTimeout(timer);
            reject(new Error(`\`${line}\` exited ${code}:\n${output}`));
          });
        });
        const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { credentials: { tokens: string[] } };
        const response = await fetch(`${baseUrl}/zones/${DEMO_ZONE}/origin/cloud_regions`, {
          headers: { authorization: `Bearer ${seed.credentials.tokens[0]}` },
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await response.json()) as { success: boolean; result: unknown[] };
        assert.deepEqual([response.status, body.success, body.result.length], [200, true, 12]);
        assert.match(output, new RegExp(`accepts CLOUDFLARE_API_TOKEN=${seed.credentials.tokens[0]};`));
        // SIGTERM to the process the user started (npm, under bash): npm's shell child dies, the emulator follows.
        const port = new URL(baseUrl).port;
        process.kill(child.pid as number, 'SIGTERM');
        let open = true;
        for (const end = Date.now() + 30_000; open && Date.now() < end;) {
          await new Promise((r) => setTimeout(r, 200));
          open = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) }).then(
            () => true,
            () => false,
          );
        }
        assert.ok(!open, `the emulator still listens on ${port} after SIGTERM to \`${line}\``);
      } finally {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      }
    },
  );

test('npm run docs writes the API reference', { timeout: 300_000 }, async () => {
  await runLines('npm run docs', clone, 240_000);
  assert.ok(existsSync(path.join(clone, 'docs', 'api', 'index.html')));
});
