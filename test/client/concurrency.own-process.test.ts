import { after, before, beforeEach, test } from 'node:test';
// The process-wide cap is read from the environment once, on first use: this file runs in its own
// process, so setting it here proves the variable is honoured and keeps the numbers below small.
process.env.ORIGIN_CLOUD_REGIONS_CONCURRENCY = '8';
import assert from 'node:assert/strict';
import { listZones, processRequestLimiter } from '../../lib/client';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { expected, generateMappings, startEmulator, withClient, zone } from './helpers';

// 3,500 mappings (Cloudflare's per-zone maximum) at per_page 20: 175 pages.
const BIG = zone(0xb1);
const ZONES = [1, 2, 3, 4, 5, 6].map((i) => zone(0xc0 + i));
const big = generateMappings(3500, 42);
const seeded: Record<string, ReturnType<typeof generateMappings>> = { [BIG]: big };
for (const [i, id] of ZONES.entries()) seeded[id] = generateMappings(150 + i * 7, 100 + i);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator(seeded);
  emulator.setLatency(3);
});
after(async () => {
  await emulator.close();
});
beforeEach(() => emulator.resetStats());

test('pageConcurrency bounds the pages in flight, and pages really overlap', async () => {
  const list = await withClient(emulator, { perPage: 20, pageConcurrency: 4 }, (c) => c.listMappings(BIG));
  const stats = emulator.stats();
  assert.equal(list.requests, 175);
  assert.equal(stats.requests, 175);
  assert.ok(stats.maxInFlight <= 4, `maxInFlight ${stats.maxInFlight}`);
  assert.ok(stats.maxInFlight >= 2, 'pages were fetched concurrently');
});

test('the process-wide cap (8, from ORIGIN_CLOUD_REGIONS_CONCURRENCY) holds even when a client asks for more', async () => {
  assert.equal(processRequestLimiter().cap, 8);
  await withClient(emulator, { perPage: 20, pageConcurrency: 64 }, (c) => c.listMappings(BIG));
  assert.ok(emulator.stats().maxInFlight <= 8, `maxInFlight ${emulator.stats().maxInFlight}`);
});

test('the cap is shared by every zone and every client of the process', async () => {
  const a = withClient(emulator, { perPage: 20, pageConcurrency: 8 }, (c) => listZones(c, ZONES));
  const b = withClient(emulator, { perPage: 20, pageConcurrency: 8 }, (c) => c.listMappings(BIG));
  const [lists] = await Promise.all([a, b]);
  assert.ok(emulator.stats().maxInFlight <= 8, `maxInFlight ${emulator.stats().maxInFlight}`);
  assert.deepEqual(
    lists.map((l) => l.zoneId),
    ZONES,
  );
  for (const l of lists) assert.deepEqual(l.mappings, expected(seeded[l.zoneId]));
});

test('concurrent fetching gives output byte-identical to sequential fetching', async () => {
  const sequential = await withClient(emulator, { perPage: 20, pageConcurrency: 1 }, (c) => c.listMappings(BIG));
  assert.equal(emulator.stats().maxInFlight, 1);
  const concurrent = await withClient(emulator, { perPage: 20, pageConcurrency: 8 }, (c) => c.listMappings(BIG));
  assert.equal(JSON.stringify(concurrent.mappings), JSON.stringify(sequential.mappings));
  assert.deepEqual(concurrent.mappings, expected(big));
  const zonesSeq = await withClient(emulator, { pageConcurrency: 1 }, (c) => listZones(c, ZONES));
  const zonesPar = await withClient(emulator, { pageConcurrency: 8 }, (c) => listZones(c, ZONES));
  assert.equal(JSON.stringify(zonesPar), JSON.stringify(zonesSeq.map((l) => ({ ...l, requests: l.requests }))));
});
