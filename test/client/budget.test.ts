import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RequestBudget, listZones, processRequestLimiter, resolveClientConfig } from '../../lib/client';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { RateLimitEnforcer } from '../../lib/emulator/rate-limit';
import { BUDGET_SLACK_MS } from '../../lib/client/budget';
import { InvalidInputError, RateBudgetExceededError, RateLimitedError } from '../../lib/errors';
import { deserializeError, serializeError } from '../../lib/lookup/error-transport';
import {
  expected,
  generateMappings,
  leakedSecret,
  options,
  rejection,
  startEmulator,
  TOKEN,
  withClient,
  zone,
} from './helpers';

// 350 mappings at per_page 10: 35 pages, like a full 3,500-mapping zone at per_page 100.
const BIG = zone(0x35);
const SMALL = [1, 2, 3].map((i) => zone(0x50 + i));
const big = generateMappings(350, 35);
const seeded: Record<string, ReturnType<typeof generateMappings>> = { [BIG]: big };
for (const [i, id] of SMALL.entries()) seeded[id] = generateMappings(50, 60 + i);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator(seeded);
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.setRateLimit(undefined);
  emulator.resetStats();
});

/** Waits until no 429 holds the process back any more (the limiter's pause is process-wide). */
async function pauseOver(): Promise<void> {
  while (processRequestLimiter().pauseRemainingMs() > 0) await new Promise((r) => setTimeout(r, 20));
}

function rawGet(path: string, token = TOKEN): Promise<Response> {
  return fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

test('a budget schedule never puts more than the limit in any window (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1000, max: 5000 }),
      fc.integer({ min: 0, max: 6 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 12 }),
      (requests, windowMs, perSecond, steps) => {
        const budget = new RequestBudget({ requests, windowMs, perSecond });
        const sent: number[] = [];
        let now = 1_000_000;
        for (const [n, advance] of steps) {
          now += advance;
          const r = budget.reserve(n, Number.MAX_SAFE_INTEGER, now);
          assert.ok(r.ok);
          assert.ok(r.times.every((t) => t >= now));
          sent.push(...r.times);
        }
        const sorted = [...sent].sort((a, b) => a - b);
        assert.deepEqual(sorted, sent, 'times never go backwards');
        for (let k = 0; k + requests < sent.length; k++) assert.ok(sent[k + requests] - sent[k] >= windowMs);
        if (perSecond > 0)
          for (let k = 0; k + perSecond < sent.length; k++) assert.ok(sent[k + perSecond] - sent[k] >= 1000);
      },
    ),
  );
});

test('a reservation that cannot finish by its latest time reserves nothing', () => {
  const budget = new RequestBudget({ requests: 10, windowMs: 60_000, perSecond: 0 });
  assert.ok(budget.reserve(8, 0 + 1, 0).ok);
  const refused = budget.reserve(5, 1000, 0);
  assert.equal(refused.ok, false);
  assert.equal(
    refused.times.at(-1),
    60_000 + BUDGET_SLACK_MS,
    'the 11th request waits for the first to leave the window',
  );
  assert.equal(budget.available(0), 2, 'the refused reservation took nothing');
  assert.equal(budget.windowResetAt(0), 60_000);
});

test('a request is dated by its answer: the window it fills ends with the answer, not with its sending', () => {
  const budget = new RequestBudget({ requests: 2, windowMs: 1000, perSecond: 0 });
  const [a, b] = budget.reserve(2, Number.MAX_SAFE_INTEGER, 0).times;
  const first = budget.start(a, 0);
  const second = budget.start(b, 0);
  assert.ok(first.ok && second.ok);
  assert.deepEqual(budget.start(0, 10), { ok: false, retryAt: undefined }, 'both are out: wait for an answer');
  // Answered late (a busy server counted them late): the window they fill runs from their answers.
  first.slot.answered(400);
  second.slot.answered(600);
  const [c] = budget.reserve(1, Number.MAX_SAFE_INTEGER, 600).times;
  assert.equal(c, 400 + 1000 + BUDGET_SLACK_MS, 'planned from the answers');
  assert.deepEqual(budget.start(c, 1300), { ok: false, retryAt: c });
  assert.ok(budget.start(c, c).ok);
});

test('limits: Cloudflare’s by default, off for a loopback emulator, configurable by option and environment', () => {
  const real = resolveClientConfig({ apiToken: TOKEN, env: {} });
  assert.deepEqual({ ...real.rateLimits }, { requests: 1200, windowMs: 300_000, perSecond: 200 });
  const local = resolveClientConfig(options(emulator));
  assert.deepEqual({ ...local.rateLimits }, { requests: 0, windowMs: 300_000, perSecond: 0 });
  const fromEnv = resolveClientConfig({
    apiToken: TOKEN,
    env: {
      ORIGIN_CLOUD_REGIONS_RATE_LIMIT: '600',
      ORIGIN_CLOUD_REGIONS_RATE_WINDOW_MS: '60000',
      ORIGIN_CLOUD_REGIONS_RATE_PER_SECOND: '50',
    },
  });
  assert.deepEqual({ ...fromEnv.rateLimits }, { requests: 600, windowMs: 60_000, perSecond: 50 });
  const fromOptions = resolveClientConfig({ ...options(emulator), rateLimitRequests: 5, rateLimitPerSecond: 2 });
  assert.deepEqual({ ...fromOptions.rateLimits }, { requests: 5, windowMs: 300_000, perSecond: 2 });
  assert.throws(
    () => resolveClientConfig({ apiToken: TOKEN, env: { ORIGIN_CLOUD_REGIONS_RATE_LIMIT: 'lots' } }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'ORIGIN_CLOUD_REGIONS_RATE_LIMIT',
  );
});

test('the emulator enforces a sliding window per credential: 429, code 971, Retry-After', async () => {
  // On a clock of the test's own: the 4th request, 1.2 s after the 1st, waits 2.8 s, rounded up.
  const enforcer = new RateLimitEnforcer({ requests: 3, windowMs: 4000 });
  const headers = { authorization: `Bearer ${TOKEN}` };
  for (const at of [0, 600, 1100]) assert.deepEqual(enforcer.admit(headers, at), { ok: true });
  assert.deepEqual(enforcer.admit(headers, 1200), { ok: false, retryAfterSeconds: 3 });
  assert.deepEqual(enforcer.admit(headers, 4000), { ok: true }, 'the 1st left the window');
  emulator.setRateLimit({ requests: 3, windowMs: 4000 });
  const path = `/zones/${SMALL[0]}/origin/cloud_regions`;
  const started = Date.now();
  for (let i = 0; i < 3; i++) assert.equal((await rawGet(path)).status, 200);
  const refused = await rawGet(path);
  const elapsed = Date.now() - started;
  assert.equal(refused.status, 429);
  // Over HTTP on a busy machine the requests take their time: the wait left is between that and the whole window.
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter <= 4 && retryAfter >= Math.max(1, Math.ceil((4000 - elapsed) / 1000)), `${retryAfter} s`);
  const body = (await refused.json()) as { success: boolean; errors: { code: number }[] };
  assert.equal(body.success, false);
  assert.equal(body.errors[0].code, 971);
  // Another user has a budget of its own (the 401 shows it got past the limiter).
  assert.notEqual((await rawGet(path, 'someone-else')).status, 429);
  assert.equal(emulator.stats().rateLimited, 1);
  emulator.setRateLimit({ requests: 0, perSecond: 2 });
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await rawGet(path)).status);
  assert.deepEqual(codes, [200, 200, 429], 'the per-second limit');
});

test('early clear failure: after page 1 the listing knows it cannot fit and spends nothing more', async () => {
  emulator.setRateLimit({ requests: 20, windowMs: 61_000 });
  const started = Date.now();
  const error = await rejection(
    withClient(emulator, { perPage: 10, rateLimitRequests: 20, rateLimitWindowMs: 61_000, deadlineMs: 30_000 }, (c) =>
      c.listMappings(BIG),
    ),
  );
  assert.ok(error instanceof RateBudgetExceededError, String(error));
  assert.equal(error.code, 'OCR_RATE_BUDGET_EXCEEDED');
  assert.equal(error.zoneId, BIG);
  assert.equal(error.requestsNeeded, 34);
  assert.equal(error.requestsAvailable, 19);
  assert.equal(error.limit, 20);
  assert.equal(error.windowMs, 61_000);
  assert.match(error.windowResetsAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(error.message, /needs 34 more requests/);
  assert.match(error.message, /20 requests per 61 s/);
  assert.match(error.message, /19 left now/);
  assert.match(error.message, /30000 ms deadline/);
  assert.match(error.message, /snapshots/);
  assert.match(error.message, /origin-cloud-regions refresh/);
  assert.equal(leakedSecret(error.message), undefined);
  assert.equal(emulator.stats().requests, 1, 'only page 1 was sent');
  assert.equal(emulator.stats().rateLimited, 0);
  // Page 1 takes well under a second even on a loaded machine; waiting would have run to the 30 s deadline.
  assert.ok(Date.now() - started < 15_000, 'failed early, not at the deadline');
});

test('the typed errors survive the worker boundary', () => {
  const budgetError = new RateBudgetExceededError(
    {
      zoneId: BIG,
      requestsNeeded: 34,
      requestsAvailable: 3,
      limit: 1200,
      windowMs: 300_000,
      possibleAt: '2026-01-01T00:05:00Z',
      windowResetsAt: '2026-01-01T00:05:00Z',
      deadlineMs: 60_000,
    },
    'm',
  );
  const back = deserializeError(serializeError(budgetError));
  assert.ok(back instanceof RateBudgetExceededError);
  assert.equal(back.requestsNeeded, 34);
  assert.equal(back.code, 'OCR_RATE_BUDGET_EXCEEDED');
  const limited = deserializeError(serializeError(new RateLimitedError(293_000, '2026-01-01T00:05:00Z', 60_000, 'm')));
  assert.ok(limited instanceof RateLimitedError);
  assert.equal(limited.retryAfterMs, 293_000);
});

/** Lists the big zone and the small ones through a client paced at 30 requests per `windowMs` (50 requests). */
async function listAllPaced(windowMs: number): Promise<number> {
  const started = Date.now();
  const lists = await withClient(
    emulator,
    { perPage: 10, rateLimitRequests: 30, rateLimitWindowMs: windowMs, deadlineMs: 60_000 },
    (c) => listZones(c, [BIG, ...SMALL]),
  );
  assert.deepEqual(lists[0].mappings, expected(big));
  for (const [i, id] of SMALL.entries()) assert.deepEqual(lists[i + 1].mappings, expected(seeded[id]));
  return Date.now() - started;
}

test('pacing across zones: requests past the window wait for it, and the enforcing server never says 429', async () => {
  // 35 + 3 × 5 = 50 requests against 30 per window, the server's window as long as the client's: the last 20 must
  // wait for the window to move, however late each request arrives.
  emulator.setRateLimit({ requests: 30, windowMs: 2000 });
  const elapsed = await listAllPaced(2000);
  const stats = emulator.stats();
  assert.equal(stats.rateLimited, 0, 'the client kept within the limit');
  assert.equal(stats.requests, 50);
  assert.ok(elapsed >= 2000, `waited for the window (${elapsed} ms)`);
});

test('a busy server counts a burst 500 ms after it arrives: pacing by answers keeps every listing inside the window', async () => {
  // Page 1 and the burst of pages 2..10 are counted 500 ms late, the requests after them on time: a client that
  // dated its requests by their sending (with 250 ms of slack) sent page 11 into a window that was still full.
  emulator.setRateLimit({ requests: 10, windowMs: 1000, busy: { delayMs: 500, requests: 10 } });
  const list = await withClient(
    emulator,
    { perPage: 10, rateLimitRequests: 10, rateLimitWindowMs: 1000, deadlineMs: 60_000 },
    (c) => c.listMappings(BIG),
  );
  assert.deepEqual(list.mappings, expected(big));
  const stats = emulator.stats();
  assert.equal(stats.rateLimited, 0, 'no request was refused');
  assert.equal(stats.requests, 35, 'no request was sent twice');
});

test('the emulator’s busy limiter counts, and answers, its next requests late', async () => {
  const enforcer = new RateLimitEnforcer({ requests: 0, busy: { delayMs: 600, requests: 2 } });
  assert.deepEqual(
    [1, 2, 3].map(() => enforcer.countDelayMs()),
    [600, 600, 0],
  );
  emulator.setRateLimit({ requests: 0, busy: { delayMs: 600, requests: 2 } });
  const path = `/zones/${SMALL[0]}/origin/cloud_regions`;
  for (let i = 0; i < 2; i++) {
    const sent = Date.now();
    assert.equal((await rawGet(path)).status, 200);
    // A lower bound only: a loaded machine makes a request later, never earlier.
    assert.ok(Date.now() - sent >= 600, `answered after the delay (${Date.now() - sent} ms)`);
  }
  assert.throws(
    () => emulator.setRateLimit({ requests: 1, busy: { delayMs: -1, requests: 1 } }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'rateLimit.busy.delayMs',
  );
});

test('requests that wait out short 429s until the deadline report the rate limit', async () => {
  emulator.addFaults({ kind: 'rate-limit', retryAfter: '1' });
  const error = await rejection(
    withClient(emulator, { deadlineMs: 1500, maxRetries: 10, maxRetryAfterMs: 1000 }, (c) => c.listMappings(SMALL[2])),
  );
  assert.ok(error instanceof RateLimitedError, String(error));
  assert.match(error.message, /Retry-After 1 s/);
  assert.doesNotMatch(error.message, /attempt/);
  await pauseOver();
});

test('a 429 whose Retry-After outlasts the deadline is a rate limit, reported at once', async () => {
  // Another user of the same token spent the budget; this client keeps no budget of its own (loopback).
  emulator.setRateLimit({ requests: 2, windowMs: 600_000 });
  const path = `/zones/${SMALL[1]}/origin/cloud_regions`;
  await rawGet(path);
  await rawGet(path);
  // The wait honoured is cut to 3 s, which still outlasts the 3 s deadline (and leaves the process held for 3 s only).
  const lines: string[] = [];
  const error = await rejection(
    withClient(emulator, { deadlineMs: 3000, maxRetryAfterMs: 3000, debug: (l) => lines.push(l) }, (c) =>
      c.listMappings(SMALL[1]),
    ),
  );
  assert.ok(error instanceof RateLimitedError, String(error));
  assert.equal(error.code, 'OCR_RATE_LIMITED');
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterMs, 600_000);
  assert.match(error.message, /HTTP 429, Retry-After 600 s/);
  assert.match(error.message, /3000 ms deadline/);
  assert.match(error.message, /origin-cloud-regions refresh/);
  assert.equal(leakedSecret(error.message), undefined);
  assert.equal(
    lines.filter((l) => /retrying|waiting/.test(l)).length,
    0,
    'no waiting for a Retry-After that cannot end in time',
  );
  assert.equal(emulator.stats().requests, 3, 'one attempt');
  await pauseOver();
});

// Last: it leaves the whole process held back for 30 s (the default maxRetryAfterMs).
test('the issue’s case: Retry-After 293 fails as a rate limit, not "after 0 attempts", and holds the process', async () => {
  emulator.addFaults({ kind: 'rate-limit', retryAfter: '293' });
  const started = Date.now();
  const error = await rejection(
    withClient(emulator, { deadlineMs: 20_000, perPage: 10 }, (c) => listZones(c, [BIG, ...SMALL])),
  );
  assert.ok(error instanceof RateLimitedError, String(error));
  assert.match(error.message, /Retry-After 293 s/);
  // Waiting would have run to the 20 s deadline; four page 1s take well under a second even on a loaded machine.
  assert.ok(Date.now() - started < 10_000, `at once (${Date.now() - started} ms)`);
  // Any later lookup of the process whose deadline ends before the hold fails at once, sending nothing.
  emulator.resetStats();
  const again = await rejection(withClient(emulator, { deadlineMs: 10_000 }, (c) => c.listMappings(SMALL[0])));
  assert.ok(again instanceof RateLimitedError, String(again));
  assert.match(again.message, /Retry-After 293 s/);
  assert.equal(emulator.stats().requests, 0);
});
