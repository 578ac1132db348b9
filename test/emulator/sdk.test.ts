import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import Cloudflare from 'cloudflare';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { zone } from './helpers';

// The official SDK against the emulator: proof that the emulator speaks the real protocol.
const Z = zone(0x5d1);
const EMPTY = zone(0x5d2);
const seeded = generateMappings(45, 21);
const TOKEN = 'sdk-test-token-8c2f';
let emulator: CloudflareApiEmulator;
let client: Cloudflare;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: { [Z]: { mappings: seeded } },
      credentials: { tokens: [TOKEN], keys: [{ email: 'sdk@example.test', key: 'sdk-key-1234' }] },
    },
  });
  client = new Cloudflare({ apiToken: TOKEN, baseURL: emulator.baseUrl, maxRetries: 0 });
});
after(() => emulator.close());
beforeEach(() => {
  emulator.setMappings(Z, seeded);
  emulator.clearFaults();
  emulator.resetStats();
});

const key = (m: { origin_ip: string; vendor: string; region: string; modified_on?: string }) =>
  `${m.origin_ip} ${m.vendor} ${m.region} ${m.modified_on ?? ''}`;

test('the SDK lists exactly the seeded mappings (per_page 100 and 20)', async () => {
  for (const perPage of [100, 20]) {
    emulator.resetStats();
    const got: string[] = [];
    for await (const m of client.cache.originCloudRegions.list({ zone_id: Z, per_page: perPage })) got.push(key(m));
    assert.deepEqual(got.sort(), seeded.map(key).sort());
    // The SDK stops on the first empty page: one request more than total_pages.
    assert.equal(emulator.stats().requests, Math.ceil(45 / perPage) + 1);
  }
  const none: unknown[] = [];
  for await (const m of client.cache.originCloudRegions.list({ zone_id: EMPTY })) none.push(m);
  assert.deepEqual(none, []);
});

test('the SDK authenticates with email + key too', async () => {
  const byKey = new Cloudflare({
    apiEmail: 'sdk@example.test',
    apiKey: 'sdk-key-1234',
    baseURL: emulator.baseUrl,
    maxRetries: 0,
  });
  const page = await byKey.cache.originCloudRegions.list({ zone_id: Z, per_page: 5 });
  assert.equal(page.result.length, 5);
  const wrong = new Cloudflare({ apiToken: 'not-accepted-token', baseURL: emulator.baseUrl, maxRetries: 0 });
  await assert.rejects(wrong.cache.originCloudRegions.list({ zone_id: Z }), (e: unknown) => {
    assert.ok(e instanceof Cloudflare.PermissionDeniedError);
    assert.equal(e.status, 403);
    return true;
  });
});

test('the SDK round-trips get, update, bulkUpdate, delete and supportedRegions', async () => {
  const updated = await client.cache.originCloudRegions.update('2001:DB8::7', {
    zone_id: Z,
    origin_ip: '2001:db8::7',
    vendor: 'gcp',
    region: 'europe-west4',
  });
  assert.equal(updated.origin_ip, '2001:db8::7');
  const got = await client.cache.originCloudRegions.get('2001:db8:0::7', { zone_id: Z });
  assert.equal(got.region, 'europe-west4');
  const bulk = await client.cache.originCloudRegions.bulkUpdate({
    zone_id: Z,
    body: [
      { origin_ip: '198.51.100.10', vendor: 'aws', region: 'us-east-1' },
      { origin_ip: '198.51.100.11', vendor: 'aws', region: 'atlantis-1' },
    ],
  });
  assert.deepEqual(
    bulk.succeeded.map((s) => s.origin_ip),
    ['198.51.100.10'],
  );
  assert.deepEqual(
    bulk.failed.map((f) => f.origin_ip),
    ['198.51.100.11'],
  );
  const deleted = await client.cache.originCloudRegions.delete('2001:db8::7', { zone_id: Z });
  assert.equal(deleted.origin_ip, '2001:db8::7');
  await assert.rejects(client.cache.originCloudRegions.get('2001:db8::7', { zone_id: Z }), (e: unknown) => {
    assert.ok(e instanceof Cloudflare.NotFoundError);
    return true;
  });
  const supported = await client.cache.originCloudRegions.supportedRegions({ zone_id: Z });
  assert.equal(supported.obtained_codes, true);
  assert.ok((supported.vendors.aws ?? []).some((r) => r.name === 'us-east-1' && r.upper_tier_colos.includes('IAD')));
});

test('the SDK sees injected faults as its own typed errors (maxRetries 0)', async () => {
  emulator.addFaults({ kind: 'rate-limit', retryAfter: '30', times: 1 }, { kind: 'status', status: 503, times: 1 });
  await assert.rejects(client.cache.originCloudRegions.list({ zone_id: Z }), Cloudflare.RateLimitError);
  await assert.rejects(client.cache.originCloudRegions.list({ zone_id: Z }), Cloudflare.InternalServerError);
  await assert.rejects(
    client.cache.originCloudRegions.list({ zone_id: Z, per_page: 1000 }),
    Cloudflare.BadRequestError,
  );
  assert.equal(emulator.stats().requests, 3);
});
