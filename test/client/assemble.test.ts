import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleListing, expectedPageCount, pageLayout } from '../../lib/client/assemble';
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
  const got = assembleListing(pages(items, 20).reverse());
  assert.ok(got.ok);
  assert.deepEqual(
    got.mappings.map((m) => m.originIp),
    Array.from({ length: 45 }, (_, i) => `192.0.2.${i + 1}`),
  );
  assert.equal(got.pages, 3);
  const empty = assembleListing(pages([], 20));
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
    const got = assembleListing(input);
    assert.equal(got.ok, false);
    assert.match((got as { reason: string }).reason, why);
  }
});

test('the page layout is read from page 1, whatever per_page was asked or reported', () => {
  const layout = (count: number, totalCount: number, perPage: number, totalPages: number) =>
    pageLayout({ count, totalCount, perPage, totalPages });
  // The documented examples: per_page 20 reported, everything on page 1.
  assert.deepEqual(layout(2, 2, 20, 1), { ok: true, size: 20, pages: 1 });
  assert.deepEqual(layout(0, 0, 20, 0), { ok: true, size: 20, pages: 0 });
  assert.deepEqual(layout(0, 0, 20, 1), { ok: true, size: 20, pages: 0 });
  // A server that serves 50 of the 100 asked, and says so.
  assert.deepEqual(layout(50, 3500, 50, 70), { ok: true, size: 50, pages: 70 });
  // A server that reports its default (20) but serves 100: total_pages follows what it serves.
  assert.deepEqual(layout(100, 3500, 20, 35), { ok: true, size: 100, pages: 35 });
  const refused: [number, number, number, number, RegExp][] = [
    [2, 2, 20, 3, /one page/],
    [0, 5, 20, 1, /empty although mappings remain/],
    [50, 3500, 50, 35, /makes 70 pages/],
    // Short page 1 while per_page explains total_pages: the size served is unclear.
    [99, 150, 100, 2, /not per_page 100, yet more pages follow/],
  ];
  for (const [count, total, perPage, pages, why] of refused) {
    const got = layout(count, total, perPage, pages);
    assert.equal(got.ok, false);
    assert.match((got as { reason: string }).reason, why);
  }
});

test('one origin in two notations is named as that (not restarted); the same text twice is an overlap', () => {
  const page = (n: number, sent: string): ListPage => ({
    page: n,
    perPage: 1,
    count: 1,
    totalCount: 2,
    totalPages: 2,
    mappings: [{ originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1' }],
    sentTexts: [sent],
  });
  const twoNotations = assembleListing([page(1, '2001:db8::1'), page(2, '2001:0db8:0:0::1')]);
  assert.equal(twoNotations.ok, false);
  assert.equal((twoNotations as { restart: boolean }).restart, false);
  assert.match(
    (twoNotations as { reason: string }).reason,
    /in two notations: "2001:db8::1" \(page 1\) and "2001:0db8:0:0::1" \(page 2\)/,
  );
  const overlap = assembleListing([page(1, '2001:db8::1'), page(2, '2001:db8::1')]);
  assert.equal((overlap as { restart: boolean }).restart, true);
  assert.match((overlap as { reason: string }).reason, /page 2 repeats page 1; pages overlapped/);
});
