import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestLimiter } from '../../lib/client/limiter';
import { mapConcurrent } from '../../lib/client/concurrent';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test('never more than cap in flight; every waiter runs', async () => {
  const limiter = new RequestLimiter(3);
  let inFlight = 0;
  let max = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      const release = await limiter.acquire();
      inFlight++;
      max = Math.max(max, inFlight);
      await tick(2);
      inFlight--;
      release();
      release(); // twice is harmless
    }),
  );
  assert.equal(max, 3);
  assert.equal(limiter.inFlight, 0);
});

test('a pause holds back every new acquisition until it ends', async () => {
  const limiter = new RequestLimiter(4);
  limiter.pause(80);
  const started = Date.now();
  const release = await limiter.acquire();
  assert.ok(Date.now() - started >= 70, 'waited for the pause');
  release();
  const now = Date.now();
  limiter.pause(10, now);
  limiter.pause(5, now); // never shortens
  assert.equal(limiter.pauseRemainingMs(now), 10);
});

test('an aborted waiter leaves the queue with the abort reason', async () => {
  const limiter = new RequestLimiter(1);
  const hold = await limiter.acquire();
  const controller = new AbortController();
  const waiting = limiter.acquire(controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
  assert.equal(limiter.waiting, 0);
  hold();
});

test('mapConcurrent keeps input order, respects the limit, stops on the first failure', async () => {
  let running = 0;
  let max = 0;
  const out = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
    running++;
    max = Math.max(max, running);
    await tick(n);
    running--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30]);
  assert.equal(max, 2);
  const started: number[] = [];
  await assert.rejects(
    mapConcurrent([1, 2, 3, 4, 5, 6], 2, async (n, signal) => {
      started.push(n);
      if (n === 2) throw new Error('boom');
      await tick(20);
      assert.ok(signal.aborted, 'siblings see the abort');
      return n;
    }),
    /boom/,
  );
  assert.ok(started.length <= 3, `stopped starting new items: ${started.join(',')}`);
});
