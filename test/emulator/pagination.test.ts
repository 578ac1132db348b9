import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { compareIps } from '../../lib/model/ip';
import { BEARER, json, raw, zone } from './helpers';

const SIZES = [0, 1, 20, 101, 3500];
const seeded = new Map(SIZES.map((n) => [n, generateMappings(n, n + 11)]));
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: Object.fromEntries(SIZES.map((n) => [zone(n + 1), { mappings: seeded.get(n) ?? [] }])) },
  });
});
after(() => emulator.close());

async function page(zoneId: string, query: string) {
  const res = await raw(`${emulator.baseUrl}/zones/${zoneId}/origin/cloud_regions${query}`, { headers: BEARER });
  return { status: res.status, body: json(res) };
}

for (const n of SIZES) {
  for (const perPage of [100, 20]) {
    test(`${n} mappings, per_page ${perPage}: total_pages pages hold exactly the zone`, async () => {
      emulator.resetStats();
      const pages = Math.ceil(n / perPage);
      const got: unknown[] = [];
      let p = 1;
      do {
        const { status, body } = await page(zone(n + 1), `?page=${p}&per_page=${perPage}`);
        assert.equal(status, 200);
        const result = body.result as unknown[];
        const expectedCount = Math.max(0, Math.min(perPage, n - (p - 1) * perPage));
        assert.deepEqual(body.result_info, {
          page: p,
          per_page: perPage,
          count: expectedCount,
          total_count: n,
          total_pages: pages,
        });
        assert.equal(result.length, expectedCount);
        got.push(...result);
        p += 1;
      } while (p <= pages);
      assert.equal(emulator.stats().requests, Math.max(1, pages));
      // Any consistent order will do to compare the two lists (compareIps parses each IP: too slow for 3,500).
      const byIp = (a: { origin_ip: string }, b: { origin_ip: string }) =>
        a.origin_ip < b.origin_ip ? -1 : a.origin_ip > b.origin_ip ? 1 : 0;
      assert.deepEqual([...(got as { origin_ip: string }[])].sort(byIp), [...(seeded.get(n) ?? [])].sort(byIp));
    });
  }
}

test('defaults: page 1, per_page 20', async () => {
  const { body } = await page(zone(102), '');
  assert.deepEqual(body.result_info, { page: 1, per_page: 20, count: 20, total_count: 101, total_pages: 6 });
});

test('an empty zone answers as the documented example: total_pages 0', async () => {
  const { status, body } = await page(zone(1), '');
  assert.equal(status, 200);
  assert.deepEqual(body, {
    success: true,
    errors: [],
    messages: [],
    result: [],
    result_info: { count: 0, page: 1, per_page: 20, total_count: 0, total_pages: 0 },
  });
  // A zone the seed never named is empty too.
  assert.deepEqual((await page(zone(0xfff), '')).body.result_info, {
    count: 0,
    page: 1,
    per_page: 20,
    total_count: 0,
    total_pages: 0,
  });
});

test('a page past the end is empty with the true totals', async () => {
  const { status, body } = await page(zone(102), '?page=9&per_page=20');
  assert.equal(status, 200);
  assert.deepEqual(body.result, []);
  assert.deepEqual(body.result_info, { page: 9, per_page: 20, count: 0, total_count: 101, total_pages: 6 });
});

test('bad per_page is 400 code 1146 with the documented message; bad page is 1146 too', async () => {
  for (const q of ['?per_page=0', '?per_page=101', '?per_page=abc', '?per_page=1.5', '?per_page=-1', '?per_page=']) {
    const { status, body } = await page(zone(102), q);
    assert.equal(status, 400, q);
    assert.deepEqual(body, {
      success: false,
      errors: [{ code: 1146, message: 'invalid per_page parameter, must be between 1 and 100' }],
      messages: [],
      result: null,
    });
  }
  for (const q of ['?page=0', '?page=x', '?page=-2']) {
    const { status, body } = await page(zone(102), q);
    assert.equal(status, 400, q);
    assert.equal((body.errors as { code: number }[])[0]?.code, 1146);
  }
  for (const q of ['?per_page=1', '?per_page=100', '?per_page=%20100'])
    assert.equal((await page(zone(102), q)).status, 200, q);
});

test('the server order is stable but not IP order, so clients must sort', async () => {
  const first = (await page(zone(3501), '?per_page=100')).body.result as { origin_ip: string }[];
  const again = (await page(zone(3501), '?per_page=100')).body.result as { origin_ip: string }[];
  assert.deepEqual(first, again);
  const sorted = [...first].sort((a, b) => compareIps(a.origin_ip, b.origin_ip));
  assert.notDeepEqual(first, sorted);
});

test("order 'insertion' serves the seed's order, new mappings last", async () => {
  const mappings = [
    { origin_ip: '192.0.2.9', vendor: 'aws', region: 'us-east-1' },
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
  ];
  const e = await CloudflareApiEmulator.start({ order: 'insertion', seed: { zones: { [zone(5)]: { mappings } } } });
  try {
    e.addFaults({ kind: 'mutate', add: [{ origin_ip: '192.0.2.5', vendor: 'gcp', region: 'us-central1' }], times: 1 });
    const res = await raw(`${e.baseUrl}/zones/${zone(5)}/origin/cloud_regions`, { headers: BEARER });
    assert.deepEqual(
      (json(res).result as { origin_ip: string }[]).map((m) => m.origin_ip),
      ['192.0.2.9', '192.0.2.1', '192.0.2.5'],
    );
  } finally {
    await e.close();
  }
});
