import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestBudget } from '../../lib/client';
import { ListingBatch } from '../../lib/client/batch';
import { Operation } from '../../lib/client/operation';
import { DeadlineExceededError, RateBudgetExceededError } from '../../lib/errors';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { lookupZonesSettled } from '../../lib/lookup/lookup-zones';
import { generateMappings, leakedSecret, rejection, startEmulator, TOKEN, zone } from '../client/helpers';

/**
 * A batch that cannot fit the rate budget fails before it spends it (issue: a synth of 40 zones needing 1,400
 * requests, against Cloudflare's 1,200 per 5 minutes, had spent 1,168 of the user's requests when it failed).
 * Page 1 of every zone tells the batch's whole need; the rest is planned at once, or nothing more is sent.
 * 350 mappings at per_page 10 cost what 3,500 cost at 100: 35 pages a zone.
 */

const ZONES = Array.from({ length: 40 }, (_, i) => zone(0xb000 + i));
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator(Object.fromEntries(ZONES.map((id, i) => [id, generateMappings(350, 100 + i)])));
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.setRateLimit(undefined);
  emulator.resetStats();
});

function requests(zoneIds: readonly string[], limit: { requests: number; windowMs: number }) {
  const client = {
    apiToken: TOKEN,
    baseUrl: emulator.baseUrl,
    perPage: 10,
    rateLimitRequests: limit.requests,
    rateLimitWindowMs: limit.windowMs,
    // A loaded machine can take seconds per attempt: a retry would change the request counts asserted below.
    attemptTimeoutMs: 60_000,
    deadlineMs: 20_000,
    env: {},
  };
  return zoneIds.map((zoneId) => ({ zoneId, client, offline: false }));
}

test('40 zones needing 1,400 requests against 1,200 per 5 minutes: fails after page 1 of each, naming the need', async () => {
  const limit = { requests: 1200, windowMs: 300_000 };
  emulator.setRateLimit(limit);
  const started = Date.now();
  const outcomes = await lookupZonesSettled(requests(ZONES, limit));
  const elapsed = Date.now() - started;
  const stats = emulator.stats();
  // Page 1 and supported_regions of each zone, and nothing more: 1,120 of the user's 1,200 are left to others.
  assert.equal(stats.requests, 80, `requests sent: ${stats.requests}`);
  assert.equal(stats.rateLimited, 0);
  for (const [i, outcome] of outcomes.entries()) {
    assert.equal(outcome.ok, false);
    const error = (outcome as { error: unknown }).error;
    assert.ok(error instanceof RateBudgetExceededError, String(error));
    assert.equal(error.zoneId, ZONES[i]);
    assert.equal(error.requestsNeeded, 40 * 34);
    assert.equal(error.requestsAvailable, 1120);
    assert.match(error.message, /This batch \(the pages after page 1 of 40 zones/);
    assert.match(error.message, /needs 1360 more requests/);
    assert.match(error.message, /1200 requests per 300 s/);
    assert.match(error.message, /1120 left now/);
    assert.match(error.message, /Nothing more was sent/);
    assert.match(error.message, /ORIGIN_CLOUD_REGIONS_OFFLINE=1/);
    assert.equal(leakedSecret(error.message), undefined);
  }
  assert.ok(elapsed < 15_000, `failed early (${elapsed} ms), not at the deadline`);
});

test('a batch that fits is planned at once: every zone complete, one request per page, no 429', async () => {
  const limit = { requests: 200, windowMs: 300_000 };
  emulator.setRateLimit(limit);
  const five = ZONES.slice(0, 5);
  const outcomes = await lookupZonesSettled(requests(five, limit));
  for (const outcome of outcomes) assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
  const stats = emulator.stats();
  assert.equal(stats.requests, 5 * 35 + 5);
  assert.equal(stats.rateLimited, 0);
});

test('a listing that waits for the batch past its deadline fails with DeadlineExceededError, and stops counting', async () => {
  const batch = new ListingBatch();
  const waiting = batch.ticket();
  const slow = batch.ticket();
  const other = batch.ticket();
  const budget = new RequestBudget({ requests: 10, windowMs: 60_000, perSecond: 0 });
  const op = new Operation(50);
  const error = await rejection(waiting.plan(budget, op, ZONES[0], 3));
  op.dispose();
  assert.ok(error instanceof DeadlineExceededError, String(error));
  assert.match(error.message, /waited past its 50 ms deadline for page 1 of the other zones/);
  // The one that gave up no longer counts: the others are planned without it.
  const op2 = new Operation(5000);
  const planned = other.plan(budget, op2, ZONES[1], 4);
  slow.leave();
  assert.equal((await planned).length, 4);
  op2.dispose();
  assert.equal(budget.used(), 4);
});
