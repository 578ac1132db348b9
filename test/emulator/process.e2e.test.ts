import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { generateMappings, startEmulatorProcess } from '../../lib/emulator';
import { BEARER, json, raw, zone } from './helpers';

const Z = zone(0xe1);
const ROOT = join(__dirname, '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/** Spawns a node process (through tsx) and resolves with its first stdout line as JSON. */
function spawnJsonLine(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const line = new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${err}`)));
  });
  return { child, line, stderr: () => err };
}

test('startEmulatorProcess: a child emulator driven over the control plane', async () => {
  const emulator = await startEmulatorProcess({ seed: { zones: { [Z]: { mappings: generateMappings(25, 2) } } } });
  try {
    assert.match(emulator.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    assert.notEqual(emulator.pid, process.pid);
    const url = `${emulator.baseUrl}/zones/${Z}/origin/cloud_regions`;
    assert.equal((json(await raw(url, { headers: BEARER })).result_info as { total_count: number }).total_count, 25);
    assert.equal((await emulator.stats()).requests, 1);
    await emulator.resetStats();
    await emulator.setMappings(Z, generateMappings(3, 9));
    assert.deepEqual((await emulator.getMappings(Z)).length, 3);
    await emulator.addFaults({ kind: 'rate-limit', retryAfter: '2', times: 1 });
    const limited = await raw(url, { headers: BEARER });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers?.['retry-after'], '2');
    await emulator.addFaults({ kind: 'status', status: 500 });
    await emulator.clearFaults();
    await emulator.setLatency(150);
    const slow = await raw(url, { headers: BEARER });
    assert.equal(slow.status, 200);
    assert.ok(slow.ms >= 140);
    const stats = await emulator.stats();
    assert.equal(stats.requests, 2);
    assert.deepEqual(stats.byZone, { [Z]: 2 });
    await assert.rejects(emulator.addFaults({ kind: 'nope' as never }), /fault kind/);
    await assert.rejects(emulator.setMappings('bad-zone', []), /32 lower-case hex/);
    await emulator.setPaging({ maxPerPage: 2 });
    const paged = json(await raw(`${url}?per_page=100`, { headers: BEARER }));
    assert.deepEqual(paged.result_info, { page: 1, per_page: 2, count: 2, total_count: 3, total_pages: 2 });
    await assert.rejects(emulator.setPaging({ maxPerPage: 0 }), /paging.maxPerPage must be an integer from 1 to 100/);
    await emulator.setPaging(undefined);
  } finally {
    await emulator.stop();
  }
  assert.ok(!alive(emulator.pid), 'stop() waits for the exit');
  await emulator.stop();
});

test('startEmulatorProcess reports a bad seed as an error instead of hanging', async () => {
  await assert.rejects(
    startEmulatorProcess({ seedFile: join(ROOT, 'test', 'emulator', 'no-such-seed.json') }),
    /Cannot read/,
  );
});

test('the emulator child dies when its parent dies', async () => {
  const parent = spawnJsonLine([join(__dirname, 'fixtures', 'parent-of-emulator.ts')]);
  const { pid } = (await parent.line) as { pid: number };
  assert.ok(alive(pid));
  parent.child.kill('SIGKILL');
  assert.ok(await waitUntil(() => !alive(pid), 5000), 'the orphaned emulator exited');
});

test('CLI: `emulator --seed --latency-ms` prints {"baseUrl"} and serves until SIGTERM', async () => {
  const seed = join(__dirname, 'fixtures', 'seed.json');
  const cli = spawnJsonLine(['lib/cli/main.ts', 'emulator', '--seed', seed, '--latency-ms', '20']);
  const { baseUrl } = (await cli.line) as { baseUrl: string };
  assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
  const res = await raw(`${baseUrl}/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions`, {
    headers: { authorization: 'Bearer seed-file-token' },
  });
  assert.equal(res.status, 200);
  assert.deepEqual((json(res).result as { origin_ip: string }[]).map((m) => m.origin_ip).sort(), [
    '192.0.2.1',
    '2001:db8::1',
  ]);
  const exited = new Promise<number | null>((r) => cli.child.once('exit', (code) => r(code)));
  cli.child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(!cli.stderr().includes('seed-file-token'), 'credentials are never printed');
});

test('CLI: a bad --port is a one-line error, exit 1', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'emulator', '--port', '70000'], {
    cwd: ROOT,
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 1);
  assert.match(err, /--port must be an integer from 0 to 65535/);
  assert.equal(err.trim().split('\n').length, 1);
});
