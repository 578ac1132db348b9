import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleListing, expectedPageCount } from '../../lib/client/assemble';
import type { ListPage } from '../../lib/client/envelope';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';

const mk = (i: number): OriginCloudRegionMapping => ({ originIp: `192.0.2.${i}`, vendor: 'aws', region: 'us-east-1' });

function pages(items: OriginCloudRegionMapping[], perPage: number): ListPage[] {
  const totalPages = Math.ceil(items.length / perPage);
  const out: ListPage[] = [];
  for (let p = 1; p <= Math.max(1, totalPages); p++) {
    const slice = items.slice((p - 1) * perPage, p * perPage);
    out.push({ page: p, perPage, count: slice.length, totalCount: items.length, totalPages, mappings: slice });
  }
  return out;
}

test('expected page sizes', () => {
  assert.equal(expectedPageCount(1, 20, 0), 0);
  assert.equal(expectedPageCount(1, 20, 45), 20);
  assert.equal(expectedPageCount(3, 20, 45), 5);
  assert.equal(expectedPageCount(4, 20, 45), 0);
});

test('complete pages in any order give the sorted list', () => {
  const items = Array.from({ length: 45 }, (_, i) => mk(45 - i));
  const got = assembleListing(pages(items, 20).reverse(), 20);
  assert.ok(got.ok);
  assert.deepEqual(
    got.mappings.map((m) => m.originIp),
    Array.from({ length: 45 }, (_, i) => `192.0.2.${i + 1}`),
  );
  assert.equal(got.pages, 3);
  const empty = assembleListing(pages([], 20), 20);
  assert.ok(empty.ok);
  assert.equal(empty.mappings.length, 0);
});

test('inconsistent pages are refused with the reason', () => {
  const items = Array.from({ length: 45 }, (_, i) => mk(i + 1));
  const base = pages(items, 20);
  const cases: [ListPage[], RegExp][] = [
    [[base[0], base[1]], /expected pages 1..3/],
    [[base[0], { ...base[1], totalCount: 46 }, base[2]], /zone changed/],
    [
      [base[0], base[1], { ...base[2], mappings: base[2].mappings.slice(1), count: 4 }],
      /holds 4 mappings.*should hold 5/,
    ],
    [
      [base[0], { ...base[1], mappings: [base[0].mappings[0], ...base[1].mappings.slice(1)] }, base[2]],
      /appears twice/,
    ],
    [[base[0], base[0], base[2]], /expected pages 1..3/],
  ];
  for (const [input, why] of cases) {
    const got = assembleListing(input, 20);
    assert.equal(got.ok, false);
    assert.match((got as { reason: string }).reason, why);
  }
});
