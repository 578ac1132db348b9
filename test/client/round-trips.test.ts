/**
 * Two round trips per zone: once page 1 tells the page count, every other page goes out at once. This file
 * runs in its own process with no ORIGIN_CLOUD_REGIONS_CONCURRENCY, so the default process-wide cap applies.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OriginCloudRegionsClient, processRequestLimiter } from '../../lib/client';
import { DEFAULT_PROCESS_CONCURRENCY } from '../../lib/client/limiter';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { expected, generateMappings, options, startEmulator, zone } from './helpers';

// Long enough that the 34 requests sent together all reach the server before the first answer, even on a loaded machine.
const LATENCY_MS = 1500;
// Cloudflare's per-zone maximum, 3,500 mappings, at the client's default per_page of 100: 35 pages.
const FULL = zone(0xf0);
const full = generateMappings(3500, 7);
let emulator: CloudflareApiEmulator;

before(async () => {
  delete process.env.ORIGIN_CLOUD_REGIONS_CONCURRENCY;
  emulator = await startEmulator({ [FULL]: full });
});
after(async () => {
  await emulator.close();
});

test('a 35-page zone takes two rounds of latency at the default cap: page 1, then all 34 others at once', async () => {
  assert.equal(processRequestLimiter().cap, DEFAULT_PROCESS_CONCURRENCY);
  const client = new OriginCloudRegionsClient(options(emulator));
  try {
    // The latency holds every answer long enough that requests sent together are in flight together.
    emulator.setLatency(LATENCY_MS);
    emulator.resetStats();
    const list = await client.listMappings(FULL);
    assert.equal(list.pages, 35);
    assert.equal(list.requests, 35);
    assert.deepEqual(list.mappings, expected(full));
    const stats = emulator.stats();
    assert.equal(stats.requests, 35);
    // 35 requests with at most 34 in flight, and 34 of them at once: page 1 alone, then every other page
    // together — two rounds of latency, measured by the server rather than by a clock on a busy machine.
    assert.equal(stats.maxInFlight, 34, 'every page after page 1 was in flight at the same time');
  } finally {
    emulator.setLatency(0);
    await client.close();
  }
});
