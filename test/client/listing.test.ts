import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError, MissingCredentialsError } from '../../lib/errors';
import { OriginCloudRegionsClient, listZones } from '../../lib/client';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { EMAIL, KEY, TOKEN, expected, generateMappings, options, startEmulator, zone } from './helpers';

const SIZES = [0, 1, 20, 101, 3500];
const seeded = Object.fromEntries(SIZES.map((n, i) => [zone(i + 1), generateMappings(n, i + 1)]));
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator(seeded);
});
after(async () => {
  await emulator.close();
});

for (const perPage of [100, 20]) {
  for (const [i, n] of SIZES.entries()) {
    test(`zone of ${n} mappings at per_page ${perPage}: exactly the seeded mappings, sorted, one request per page`, async () => {
      // An attempt may wait long for its answer on a loaded machine (175 pages, 64 at once): a retry after the
      // default 10 s attempt timeout would be a second request for a page, which this test is not about.
      const client = new OriginCloudRegionsClient(options(emulator, { perPage, attemptTimeoutMs: 120_000 }));
      try {
        emulator.resetStats();
        const list = await client.listMappings(zone(i + 1));
        const pages = Math.max(1, Math.ceil(n / perPage));
        assert.equal(list.mappings.length, n);
        assert.deepEqual(list.mappings, expected(seeded[zone(i + 1)]));
        assert.equal(list.totalCount, n);
        assert.equal(list.pages, pages);
        assert.equal(list.requests, pages);
        assert.equal(emulator.stats().requests, pages, 'the server saw exactly one request per page');
      } finally {
        await client.close();
      }
    });
  }
}

test('auth by email + Global API key (from the environment)', async () => {
  const client = new OriginCloudRegionsClient({
    baseUrl: emulator.baseUrl,
    env: { CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: KEY },
  });
  try {
    const list = await client.listMappings(zone(3));
    assert.deepEqual(list.mappings, expected(seeded[zone(3)]));
  } finally {
    await client.close();
  }
});

test('auth by token from the environment, base URL from CLOUDFLARE_BASE_URL', async () => {
  const client = new OriginCloudRegionsClient({
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl },
  });
  try {
    assert.equal((await client.listMappings(zone(2))).mappings.length, 1);
  } finally {
    await client.close();
  }
});

test('bad input is refused before any request is sent', async () => {
  emulator.resetStats();
  const typed = (field: string) => (e: unknown) =>
    (e instanceof InvalidInputError || e instanceof MissingCredentialsError) && e.field === field;
  assert.throws(
    () => new OriginCloudRegionsClient({ baseUrl: emulator.baseUrl, env: {} }),
    typed('CLOUDFLARE_API_TOKEN'),
  );
  assert.throws(
    () => new OriginCloudRegionsClient({ baseUrl: emulator.baseUrl, env: { CLOUDFLARE_EMAIL: EMAIL } }),
    typed('CLOUDFLARE_API_KEY'),
  );
  assert.throws(() => new OriginCloudRegionsClient(options(emulator, { perPage: 101 })), typed('perPage'));
  assert.throws(
    () => new OriginCloudRegionsClient(options(emulator, { baseUrl: 'http://192.0.2.1/client/v4' })),
    typed('baseUrl'),
  );
  const client = new OriginCloudRegionsClient(options(emulator));
  try {
    await assert.rejects(client.listMappings(zone(1).toUpperCase().replace(/^0/, 'A')), typed('zoneId'));
    await assert.rejects(client.listMappings('not-a-zone'), typed('zoneId'));
    await assert.rejects(client.listMappings(zone(1), { perPage: 0 }), typed('perPage'));
    await assert.rejects(client.listMappings(zone(1), { perPage: 1.5 }), typed('perPage'));
    await assert.rejects(client.supportedRegions('zone'), typed('zoneId'));
    await assert.rejects(listZones(client, [zone(1), 'bad']), typed('zoneIds[1]'));
  } finally {
    await client.close();
  }
  assert.equal(emulator.stats().requests, 0, 'no request reached the server');
});

test('listZones: zones concurrently, output in input order, duplicates fetched once', async () => {
  const client = new OriginCloudRegionsClient(options(emulator));
  try {
    emulator.resetStats();
    const ids = [zone(5), zone(1), zone(4), zone(5)];
    const lists = await listZones(client, ids);
    assert.deepEqual(
      lists.map((l) => l.zoneId),
      ids,
    );
    assert.deepEqual(lists[0].mappings, expected(seeded[zone(5)]));
    assert.equal(lists[1].mappings.length, 0);
    assert.equal(lists[0], lists[3]);
    assert.equal(emulator.stats().requests, 35 + 1 + 2);
  } finally {
    await client.close();
  }
});

test('supportedRegions: camelCase result from the API', async () => {
  const client = new OriginCloudRegionsClient(options(emulator));
  try {
    const regions = await client.supportedRegions(zone(2));
    assert.equal(typeof regions.obtainedCodes, 'boolean');
    assert.ok(Object.keys(regions.vendors).length > 0);
    for (const list of Object.values(regions.vendors)) {
      for (const r of list) {
        assert.equal(typeof r.name, 'string');
        assert.ok(Array.isArray(r.upperTierColos));
      }
    }
  } finally {
    await client.close();
  }
});
