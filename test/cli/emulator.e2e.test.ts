import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { DEMO_ZONE, REPO_ROOT } from '../support/constants';

/**
 * `origin-cloud-regions emulator` as a new user runs it: from their own app's folder (not a checkout), under a
 * shell the way `npx` starts it (`npm exec` → `sh -c` → node), stopped by a signal to the process they started.
 */

const MAIN = join(REPO_ROOT, 'lib', 'cli', 'main.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;
const elsewhere = mkdtempSync(join(tmpdir(), 'ocr-emulator-cli-'));
after(() => rmSync(elsewhere, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  baseUrl: Promise<string>;
  exit: Promise<number | null>;
  stderr(): string;
}

/** Starts `origin-cloud-regions emulator <args>` under `sh -c`, as `npx` does; resolves the printed base URL. */
function startUnderShell(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Run {
  const command = [process.execPath, '--import', TSX, MAIN, 'emulator', ...args].map((a) => `'${a}'`).join(' ');
  // `; exit $?` keeps the shell a separate process (a lone command may be exec'd in place of the shell).
  const child = spawn('sh', ['-c', `${command}; exit $?`], { cwd: elsewhere, stdio: [stdin, 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const baseUrl = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /\{"baseUrl":"([^"]+)"\}/.exec(out);
      if (m) resolve(m[1]);
    });
    void exit.then((code) => reject(new Error(`exited ${code} before printing its URL: ${err}`)));
  });
  baseUrl.catch(() => undefined); // the tests of a failing start await the exit instead
  return { child, baseUrl, exit, stderr: () => err };
}

/** Waits for the start line on stderr (written right after the URL on stdout). */
async function startLine(run: Run): Promise<void> {
  await run.baseUrl;
  const end = Date.now() + 20_000;
  while (!/emulator: serving .*\n/.test(run.stderr()) && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

function portOf(baseUrl: string): number {
  return Number(new URL(baseUrl).port);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the port is closed; generous, for a loaded machine (the watch itself polls every 250 ms). */
async function closedWithin(port: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await portOpen(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !(await portOpen(port));
}

test('SIGTERM to the process the user started (a shell, as npx runs it) stops the emulator: its port closes', async () => {
  const run = startUnderShell(['--port', '0']);
  const port = portOf(await run.baseUrl);
  assert.ok(await portOpen(port));
  run.child.kill('SIGTERM');
  assert.ok(await closedWithin(port, 20_000), `the orphaned emulator still listens on ${port}`);
});

test('the emulator stops when its stdin is a pipe and the pipe closes (its parent is gone)', async () => {
  const run = startUnderShell(['--port', '0'], 'pipe');
  const port = portOf(await run.baseUrl);
  run.child.stdin?.end();
  assert.ok(await closedWithin(port, 20_000), `the emulator still listens on ${port} after its stdin closed`);
  assert.equal(await run.exit, 0);
});

test('a port in use is a typed one-line error naming the port and the fix', async () => {
  const busy: Server = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  try {
    const run = startUnderShell(['--port', String(port)]);
    assert.equal(await run.exit, 1);
    const err = run.stderr().trim();
    assert.equal(err.split('\n').length, 1, err);
    assert.match(err, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(err, /--port 0/);
    assert.match(err, /\[OCR_INVALID_INPUT\]$/);
    assert.doesNotMatch(err, /EADDRINUSE: address already in use/);
  } finally {
    busy.close();
  }
});

test('--seed demo, run outside a checkout, serves the bundled demo seed and names its token', async () => {
  const run = startUnderShell(['--seed', 'demo']);
  const baseUrl = await run.baseUrl;
  try {
    await startLine(run);
    assert.match(run.stderr(), /accepts CLOUDFLARE_API_TOKEN=demo-token-origin-cloud-regions;/);
    const res = await fetch(`${baseUrl}/zones/${DEMO_ZONE}/origin/cloud_regions`, {
      headers: { authorization: 'Bearer demo-token-origin-cloud-regions' },
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { result: unknown[] };
    assert.deepEqual([res.status, body.result.length], [200, 12]);
  } finally {
    run.child.kill('SIGTERM');
    await run.exit;
  }
});

test('without --seed the start line names the default credentials; a seed file of the user is never printed', async () => {
  const plain = startUnderShell(['--port', '0']);
  await startLine(plain);
  plain.child.kill('SIGTERM');
  await plain.exit;
  assert.match(
    plain.stderr(),
    /accepts CLOUDFLARE_API_TOKEN=emulator-token \(or email emulator@example\.com with key emulator-key\);/,
  );
  assert.doesNotMatch(plain.stderr(), /lib\/emulator\/README/);

  const own = startUnderShell(['--seed', join(REPO_ROOT, 'test', 'emulator', 'fixtures', 'seed.json')]);
  await startLine(own);
  own.child.kill('SIGTERM');
  await own.exit;
  assert.match(own.stderr(), /accepts the credentials listed in \S+seed\.json \(not printed\)/);
  assert.ok(!own.stderr().includes('seed-file-token'), 'a seed file’s token is never printed');
});

test("a relative seed path that is missing (the README's checkout path, in an app) names the bundled seeds", async () => {
  const run = startUnderShell(['--seed', 'lib/emulator/seeds/demo.json']);
  assert.equal(await run.exit, 1);
  assert.match(
    run.stderr(),
    /Cannot read emulator seed file lib\/emulator\/seeds\/demo\.json \(ENOENT\)\. Check the path\. The seeds bundled with the package are named without a path: --seed demo\. \[OCR_EMULATOR_SEED\]/,
  );
});
