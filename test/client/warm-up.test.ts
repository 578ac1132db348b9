/**
 * lib/client/warm-up.ts: the page checks run on made-up pages while page 1 of a process's first listing is on its
 * way. The made-up pages must pass the plain checks (a refused page would load zod and cost what the warm-up saves),
 * the warm-up must yield to the event loop and stop when page 1 is in, and the engine must compile the checks while
 * it runs (else it is time spent for nothing, and this file says so).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { parseListPage } from '../../lib/client/envelope';
import { WARM_UP_PAGES, madeUpPage, warmUpOnce, warmUpWhile } from '../../lib/client/warm-up';
import { plainListPage } from '../../lib/model/wire-values';

const CTX = { request: 'test', status: 200, contentType: 'application/json', redact: (t: string) => t };

test('every made-up page passes the plain checks, with IPv4 and IPv6 origins, sent canonical and not', () => {
  let v6 = 0;
  let notCanonical = 0;
  for (let n = 0; n < WARM_UP_PAGES; n++) {
    const page = madeUpPage(n);
    assert.ok(plainListPage(page), `page ${n} passes the plain checks`);
    const checked = parseListPage(CTX, page, '', { page: 1 });
    assert.equal(checked.mappings.length, 100);
    v6 += checked.mappings.filter((m) => m.originIp.includes(':')).length;
    notCanonical += checked.sentOriginIps?.size ?? 0;
  }
  assert.ok(v6 > 1000 && v6 < 2500, `${v6} of 3,500 origins are IPv6`);
  assert.ok(notCanonical > 0);
});

test('the warm-up checks one page per turn of the event loop and stops when the pending answer settles', async () => {
  let settle!: () => void;
  const pending = new Promise<void>((resolve) => (settle = resolve));
  const turns: string[] = [];
  const warm = warmUpWhile(pending, 100, (n) => {
    turns.push(`check ${n}`);
    // An answer arriving now runs before the next check.
    if (n === 2) setImmediate(() => turns.push('answer'));
    if (n === 4) settle();
  });
  assert.equal(await warm, 5);
  assert.deepEqual(turns, ['check 0', 'check 1', 'check 2', 'answer', 'check 3', 'check 4']);
});

test("the warm-up stops at its page count, and quietly at a check that throws; only a process's first call starts one", async () => {
  const never = new Promise<void>(() => undefined);
  assert.equal(await warmUpWhile(never, 3, () => undefined), 3);
  assert.equal(
    await warmUpWhile(never, 10, (n) => {
      if (n === 1) throw new Error('refused');
    }),
    1,
  );
  assert.equal(await warmUpWhile(Promise.reject(new Error('failed')), 10, () => undefined), 0);
  // The first call of this process (a listing in another test of this shard may have made it already).
  warmUpOnce(Promise.resolve());
  assert.equal(warmUpOnce(Promise.resolve()), false);
});

test('after the warm-up the engine has compiled the page checks, and zod never loaded', async () => {
  // A fresh process, where the checks have not run: V8's own view of each function (`%GetOptimizationStatus`).
  const script = `
    const status = new Function('f', 'return %GetOptimizationStatus(f)');
    const { warmUpWhile } = require('./lib/client/warm-up.ts');
    const checks = {
      canonicalIpAndKey: require('./lib/model/ip.ts').canonicalIpAndKey,
      isPrintableText: require('./lib/model/wire-values.ts').isPrintableText,
      isRfc3339DateTime: require('./lib/model/wire-values.ts').isRfc3339DateTime,
    };
    const statuses = () => Object.fromEntries(Object.entries(checks).map(([k, f]) => [k, status(f)]));
    const before = statuses();
    warmUpWhile(new Promise(() => {})).then((pages) => {
      const zod = Object.keys(require.cache).some((f) => f.includes('/node_modules/zod/'));
      console.log(JSON.stringify({ pages, before, after: statuses(), zod }));
    });
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '-e', script],
    {
      cwd: path.resolve(__dirname, '..', '..'),
    },
  );
  const run = JSON.parse(stdout) as {
    pages: number;
    before: Record<string, number>;
    after: Record<string, number>;
    zod: boolean;
  };
  assert.equal(run.pages, WARM_UP_PAGES);
  assert.equal(run.zod, false);
  // V8's status bits (src/runtime/runtime-test.cc): optimized 1 << 4, marked for optimisation 1 << 8 or 1 << 9,
  // optimising on another thread 1 << 10, baseline (Sparkplug) 1 << 15, not compiled yet 1 << 18.
  const OPTIMIZED = (1 << 4) | (1 << 8) | (1 << 9) | (1 << 10);
  const BASELINE = 1 << 15;
  const LAZY = 1 << 18;
  // The checks each mapping goes through: run 3,500 times or more by the warm-up.
  for (const [name, before] of Object.entries(run.before)) {
    assert.ok(before & LAZY, `${name} was not compiled before the warm-up`);
    assert.ok(run.after[name] & (OPTIMIZED | BASELINE), `${name} is compiled beyond the interpreter after it`);
  }
  assert.ok(run.after.canonicalIpAndKey & OPTIMIZED, 'the IP parse, the costliest check, is (being) optimised');
});
