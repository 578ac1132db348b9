import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OriginCloudRegionsError } from '../../lib/errors';
import { assembleListing } from '../../lib/client/assemble';
import { parseJsonBody } from '../../lib/client/body';
import { parseListPage } from '../../lib/client/envelope';
import { canonicalIp } from '../../lib/model/ip';
import { sortMappings } from '../../lib/model/order';
import { listPageBodies } from './helpers';

/**
 * Property: whatever pages the server sends, the pure listing pipeline (JSON text → envelope
 * validation → assembly) yields either exactly the zone's complete, sorted list, or a typed error
 * (or an inconsistency the client turns into a restart / IncompleteListingError). Never a wrong list.
 */

type Wire = { origin_ip: string; vendor: string; region: string; modified_on?: string };

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((p) => p.map((x) => x.toString(16)).join(':'));
const mapping = fc.record({
  origin_ip: fc.oneof(ipv4, ipv6),
  vendor: fc.constantFrom('aws', 'azure', 'gcp', 'oci'),
  region: fc.constantFrom('us-east-1', 'eu-west-1', 'us-central1', 'westeurope'),
  modified_on: fc.option(fc.constant('2026-03-01T12:00:00Z'), { nil: undefined }),
});
const zone = fc.uniqueArray(mapping, { maxLength: 60, selector: (m) => canonicalIp(m.origin_ip) });

// One mutation, aimed at a random page; some keep the listing valid (reordering), most must be caught.
const mutation = fc.record({
  kind: fc.constantFrom(
    'none',
    'shuffle-items',
    'drop-item',
    'duplicate-item',
    'copy-from-other-page',
    'count',
    'total_count',
    'total_pages',
    'page',
    'per_page',
    'success-false',
    'result-null',
    'no-result_info',
    'bad-ip',
    'bad-vendor',
    'bad-date',
    'negative',
    'absurd',
    'truncate-json',
    'html',
    'random-json',
    'drop-page',
    'extra-page',
  ),
  page: fc.nat(),
  item: fc.nat(),
  value: fc.integer({ min: -3, max: 5 }),
  junk: fc.jsonValue(),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(bodies: Record<string, unknown>[], mu: Mutation): string[] {
  const b = structuredClone(bodies);
  const p = mu.page % b.length;
  const target = b[p];
  const result = target.result as Wire[];
  const info = target.result_info as Record<string, number>;
  const at = result.length ? mu.item % result.length : 0;
  let texts: string[] | undefined;
  switch (mu.kind) {
    case 'none':
      break;
    case 'shuffle-items':
      result.reverse();
      break;
    case 'drop-item':
      result.splice(at, 1);
      break;
    case 'duplicate-item':
      if (result.length) result.push(result[at]);
      break;
    case 'copy-from-other-page': {
      const other = b[(p + 1) % b.length].result as Wire[];
      if (other.length && result.length) result[at] = other[mu.item % other.length]!;
      break;
    }
    case 'count':
    case 'total_count':
    case 'total_pages':
    case 'page':
    case 'per_page':
      info[mu.kind] = info[mu.kind] + (mu.value === 0 ? 1 : mu.value);
      break;
    case 'success-false':
      Object.assign(target, { success: false, errors: [{ code: 1142, message: 'gone' }], result: null });
      break;
    case 'result-null':
      target.result = null;
      break;
    case 'no-result_info':
      delete target.result_info;
      break;
    case 'bad-ip':
      if (result.length) result[at].origin_ip = '300.1.2.3';
      else target.result = [{ origin_ip: 'nope', vendor: 'aws', region: 'x' }];
      break;
    case 'bad-vendor':
      if (result.length) (result[at] as unknown as Record<string, unknown>).vendor = mu.value;
      else info.count = 3;
      break;
    case 'bad-date':
      if (result.length) result[at].modified_on = 'not-a-date';
      else info.total_pages = 7;
      break;
    case 'negative':
      info.total_count = -1;
      break;
    case 'absurd':
      info.total_count = 5_000_000;
      info.total_pages = Math.ceil(5_000_000 / info.per_page);
      break;
    case 'random-json':
      b[p] = mu.junk as Record<string, unknown>;
      break;
    case 'drop-page':
      b.splice(p, 1);
      if (b.length === 0) return [];
      break;
    case 'extra-page':
      b.push(structuredClone(b[p]));
      break;
    case 'truncate-json':
    case 'html':
      texts = b.map((x) => JSON.stringify(x));
      texts[p] =
        mu.kind === 'html'
          ? '<html><body>502 Bad Gateway</body></html>'
          : texts[p].slice(0, Math.floor(texts[p].length * mu.cut * 0.99));
      return texts;
  }
  return b.map((x) => JSON.stringify(x));
}

function run(texts: string[]): { ok: true; list: unknown } | { ok: false; typed: boolean } {
  try {
    const pages = texts.map((text, i) => {
      const ctx = {
        request: `GET page ${i + 1}`,
        status: 200,
        contentType: 'application/json',
        redact: (t: string) => t,
      };
      const json = parseJsonBody(ctx, text);
      const page = (json as { result_info?: { page?: unknown } } | null)?.result_info?.page;
      // The client always validates against the page it asked for; extra/dropped pages keep their own number.
      return parseListPage(ctx, json, text, { page: typeof page === 'number' && page >= 1 ? page : i + 1 });
    });
    const outcome = assembleListing(pages);
    return outcome.ok ? { ok: true, list: outcome.mappings } : { ok: false, typed: true };
  } catch (error) {
    return { ok: false, typed: error instanceof OriginCloudRegionsError };
  }
}

test('property: mutated page sequences give the exact complete list or a typed error', () => {
  fc.assert(
    fc.property(zone, fc.constantFrom(1, 3, 7, 20, 100), mutation, (items, perPage, mu) => {
      const expected = sortMappings(
        items.map((m) => ({
          originIp: canonicalIp(m.origin_ip),
          vendor: m.vendor,
          region: m.region,
          ...(m.modified_on ? { modifiedOn: m.modified_on } : {}),
        })),
      );
      const texts = apply(listPageBodies(items, perPage), mu);
      if (texts.length === 0) return; // dropped the only page: the client would never get here
      const got = run(texts);
      if (got.ok) {
        assert.deepEqual(got.list, expected, `mutation ${mu.kind} produced a wrong list`);
      } else {
        assert.ok(got.typed, `mutation ${mu.kind} produced an untyped error`);
      }
      if (mu.kind === 'none' || mu.kind === 'shuffle-items') assert.ok(got.ok, 'valid pages must be accepted');
    }),
    { numRuns: 600, seed: 20260301 },
  );
});

test('property: arbitrary JSON as a list page is always a typed error', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (junk) => {
      const got = run([JSON.stringify(junk) ?? 'null']);
      assert.equal(got.ok, false);
      assert.ok(!got.ok && got.typed);
    }),
    { numRuns: 300 },
  );
});
