import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IncompleteListingError, ResponseFormatError } from '../../lib/errors';
import type { CloudflareApiEmulator } from '../../lib/emulator';
import { expected, generateMappings, rejection, startEmulator, withClient, zone } from './helpers';

/**
 * Pages as the server serves them: Cloudflare's contract promises no echo of the `per_page` asked (its own
 * examples report the default, 20), so a listing reads the page size the server reports and serves, and stays
 * complete, consistent and as cheap as that size allows.
 */

// Cloudflare's OpenAPI document (the excerpt kept for the contract test), whose list examples are the ones the
// API reference shows: both report `per_page: 20`.
const SPEC = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', 'emulator', 'fixtures', 'cloudflare-origin-cloud-regions.openapi.json'),
    'utf8',
  ),
) as { components: { examples: Record<string, { value: unknown }> } };
const DOCUMENTED_LIST = SPEC.components.examples['cache-rules_origin_cloud_region_v2_list'].value;
const DOCUMENTED_EMPTY = SPEC.components.examples['cache-rules_origin_cloud_region_v2_list_empty'].value;

const FULL = zone(0x3500);
const full = generateMappings(3500, 35);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator({ [FULL]: full });
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.setPaging(undefined);
  emulator.resetStats();
});

test('the documented list examples, served verbatim, are read (per_page 20 reported, 100 asked)', async () => {
  const Z = zone(0xd0c);
  emulator.addFaults({ match: { path: '/origin/cloud_regions$' }, kind: 'envelope', body: DOCUMENTED_LIST });
  const list = await withClient(emulator, {}, (c) => c.listMappings(Z));
  assert.deepEqual(list.mappings, [
    { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-03-01T12:00:00Z' },
    { originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1', modifiedOn: '2026-03-01T12:30:00Z' },
  ]);
  assert.equal(list.totalCount, 2);
  assert.equal(list.requests, 1);

  emulator.clearFaults();
  emulator.addFaults({ match: { path: '/origin/cloud_regions$' }, kind: 'envelope', body: DOCUMENTED_EMPTY });
  const empty = await withClient(emulator, {}, (c) => c.listMappings(Z));
  assert.deepEqual(empty.mappings, []);
  assert.equal(empty.requests, 1);
});

for (const [name, paging, perPage, pages] of [
  ['serves at most 50 per page', { maxPerPage: 50 }, 100, 70],
  ['ignores per_page and serves its default 20', { ignorePerPage: true }, 100, 175],
  ['reports per_page 20 whatever it serves', { reportPerPage: 20 }, 100, 35],
  ['reports per_page 100 but serves 50', { maxPerPage: 50, reportPerPage: 100 }, 100, 70],
  ['serves more than asked (20 by default)', { ignorePerPage: true }, 10, 175],
] as const) {
  test(`a server that ${name}: 3,500 mappings, complete, one request per page served`, async () => {
    emulator.setPaging(paging);
    const list = await withClient(emulator, { perPage }, (c) => c.listMappings(FULL));
    assert.deepEqual(list.mappings, expected(full));
    assert.equal(list.pages, pages);
    assert.equal(list.requests, pages, 'page 1 told the size: the rest were fetched once each');
    assert.equal(emulator.stats().requests, pages);
  });
}

test('a listing whose count changes between pages is still refused (typed)', async () => {
  emulator.setPaging({ maxPerPage: 50 });
  const Z = zone(0x77);
  emulator.setMappings(Z, generateMappings(120, 77));
  // Each listing's page 2 adds a mapping first: page 2's total_count never agrees with its page 1's.
  emulator.addFaults(
    ...[1, 2, 3].map((i) => ({
      match: { page: 2 },
      kind: 'mutate' as const,
      add: [{ origin_ip: `198.51.100.${i}`, vendor: 'aws', region: 'us-east-1' }],
      times: 1,
    })),
  );
  const error = await rejection(withClient(emulator, {}, (c) => c.listMappings(Z)));
  assert.ok(error instanceof IncompleteListingError, String(error));
});

test('pages that overlap are still refused (typed): a server that shifts its pages', async () => {
  const Z = zone(0x78);
  const items = generateMappings(60, 78);
  emulator.setMappings(Z, items);
  // Page 2 served at an offset of 45 instead of 50: its first five mappings repeat page 1's last five.
  const served = emulator.getMappings(Z);
  const page2 = served.slice(45, 55);
  emulator.setPaging({ maxPerPage: 50 });
  emulator.addFaults({
    match: { page: 2 },
    kind: 'envelope',
    body: {
      success: true,
      errors: [],
      messages: [],
      result: page2,
      result_info: { page: 2, per_page: 50, count: 10, total_count: 60, total_pages: 2 },
    },
  });
  const error = await rejection(withClient(emulator, {}, (c) => c.listMappings(Z)));
  assert.ok(error instanceof IncompleteListingError, String(error));
  assert.match(error.message, /appears twice|pages overlapped/);
});

test('one origin in two notations is reported as that, naming both, not as overlapping pages', async () => {
  const Z = zone(0x79);
  const body = (page: number, ip: string) => ({
    success: true,
    errors: [],
    messages: [],
    result: [{ origin_ip: ip, vendor: 'gcp', region: 'us-central1' }],
    result_info: { page, per_page: 1, count: 1, total_count: 2, total_pages: 2 },
  });
  emulator.addFaults(
    { match: { page: 1 }, kind: 'envelope', body: body(1, '2001:db8::1') },
    { match: { page: 2 }, kind: 'envelope', body: body(2, '2001:0db8:0:0::1') },
  );
  const error = await rejection(withClient(emulator, {}, (c) => c.listMappings(Z)));
  assert.ok(error instanceof ResponseFormatError, String(error));
  assert.match(error.message, /two notations/);
  assert.match(error.message, /"2001:db8::1"/);
  assert.match(error.message, /"2001:0db8:0:0::1"/);
  assert.doesNotMatch(error.message, /overlapped/);
  assert.equal(emulator.stats().requests, 2, 'not restarted: asking again gets the same answer');
});
