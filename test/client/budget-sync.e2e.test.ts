/**
 * The budget's early failure inside a blocking lookup (the synth's path): the error crosses the lookup worker as
 * itself. The emulator runs in a child process, because this thread blocks on the worker.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RateBudgetExceededError } from '../../lib/errors';
import { startEmulatorProcess, type EmulatorProcess } from '../../lib/emulator';
import { lookupZonesSync } from '../../lib/lookup/sync';
import { generateMappings, TOKEN, zone } from './helpers';

const Z = zone(0x5c);
let emulator: EmulatorProcess;

before(async () => {
  emulator = await startEmulatorProcess({
    seed: { zones: { [Z]: { mappings: generateMappings(350, 5) } }, credentials: { tokens: [TOKEN] } },
    rateLimit: { requests: 20, windowMs: 60_000 },
  });
});
after(async () => {
  await emulator?.stop();
});

test('a synth-time lookup that cannot fit the budget fails early with RateBudgetExceededError, in the caller’s thread', async () => {
  const client = {
    apiToken: TOKEN,
    baseUrl: emulator.baseUrl,
    perPage: 10,
    rateLimitRequests: 20,
    rateLimitWindowMs: 60_000,
    deadlineMs: 10_000,
    env: {},
  };
  const started = Date.now();
  assert.throws(
    () => lookupZonesSync([{ zoneId: Z, client, offline: false }]),
    (error: unknown) =>
      error instanceof RateBudgetExceededError &&
      error.code === 'OCR_RATE_BUDGET_EXCEEDED' &&
      error.requestsNeeded === 34 &&
      /origin-cloud-regions refresh/.test(error.message),
  );
  assert.ok(Date.now() - started < 8000, 'before the deadline');
  const stats = await emulator.stats();
  assert.ok(stats.requests <= 2, `page 1 and supported_regions at most (${stats.requests})`);
  assert.equal(stats.rateLimited, 0);
});
