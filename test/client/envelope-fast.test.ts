import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseListPage, parseSupportedRegions } from '../../lib/client/envelope';
import { RFC3339_DATETIME } from '../../lib/client/envelope-rules';
import { listSchema, modifiedOnSchema, supportedSchema, summariseIssues } from '../../lib/client/envelope-schemas';
import { ResponseFormatError } from '../../lib/errors/client';
import { canonicalIp } from '../../lib/model/ip';

// parseListPage and parseSupportedRegions pass well-formed answers with hand-written checks and leave
// everything else to zod. These properties pin that down: on any input, the outcome is the one the zod
// schema alone gives (same data when it accepts, its issues in the message when it refuses).

const ctx = { request: 'GET /x', status: 200, contentType: 'application/json', redact: (t: string) => t };

const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
// Mostly valid parts, so that each odd part is usually the only one that decides.
const part = (valid: fc.Arbitrary<string>, odd: string[]) =>
  fc.oneof({ weight: 5, arbitrary: valid }, fc.constantFrom(...odd));
const twoDigits = (min: number, max: number) => fc.integer({ min, max }).map((v) => String(v).padStart(2, '0'));
const dateTime = fc
  .tuple(
    part(digits(4), ['2024', '2100', '2000', '1900', '123']),
    part(twoDigits(1, 12), ['00', '13', '1']),
    part(twoDigits(1, 28), ['29', '30', '31', '00', '32']),
    part(fc.constant('T'), ['t', ' ']),
    part(twoDigits(0, 23), ['24', '7']),
    part(twoDigits(0, 59), ['60']),
    part(twoDigits(0, 59), ['60', '']),
    fc.constantFrom('', '', '.5', '.123456789', '.'),
    part(fc.constantFrom('Z', '+02:00', '-23:59', '+00:00'), ['z', '', '+24:00', '+0200', '-00:60', '+2:00']),
  )
  .map(([y, mo, d, t, h, mi, s, frac, off]) => `${y}-${mo}-${d}${t}${h}:${mi}${s ? ':' + s : ''}${frac}${off}`);

describe('hand-written checks agree with the zod schemas', () => {
  test('RFC3339_DATETIME accepts exactly what z.iso.datetime({ offset: true }) accepts (property)', () => {
    for (const known of ['2026-03-01T12:00:00Z', '2024-02-29T00:00:00+05:30', '2023-02-29T00:00:00Z', '2026-03-01']) {
      assert.equal(RFC3339_DATETIME.test(known), modifiedOnSchema.safeParse(known).success, known);
    }
    fc.assert(
      fc.property(fc.oneof(dateTime, fc.string({ maxLength: 30 })), (text) => {
        assert.equal(RFC3339_DATETIME.test(text), modifiedOnSchema.safeParse(text).success, text);
      }),
      { numRuns: 3000 },
    );
  });

  const text = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('aws', 'gcp', 'us-east-1', 'europe-west1') },
    fc.constantFrom('', 'x'.repeat(201), 'x'.repeat(200), 'bad\u0007', 'ok\u00a0'),
    fc.constantFrom(7, null, undefined, ['aws']),
  );
  const mapping = fc.record(
    {
      origin_ip: fc.oneof(
        { weight: 6, arbitrary: fc.oneof(fc.ipV4(), fc.ipV6()) },
        fc.constantFrom('999.0.0.1', 'fe80::1%eth0', '01.2.3.4', '', 12),
      ),
      vendor: text,
      region: text,
      modified_on: fc.oneof({ weight: 4, arbitrary: dateTime }, fc.constantFrom(null, 'yesterday', 5)),
    },
    { requiredKeys: [] },
  );
  const count = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 120 }) },
    fc.constantFrom(-1, 2.5, '3', 1e9),
  );

  test('list pages (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 10, arbitrary: mapping }, fc.constantFrom(null, [], 'x')), { maxLength: 8 }),
        fc.record({ page: count, per_page: count, total_count: count, total_pages: count }),
        fc.boolean(),
        (result, info, countMatches) => {
          const resultInfo = { ...info, count: countMatches ? result.length : info.per_page };
          const json = { success: true, errors: [], messages: [], result, result_info: resultInfo };
          const zod = listSchema.safeParse(json);
          let got: ReturnType<typeof parseListPage> | undefined;
          let error: unknown;
          try {
            got = parseListPage(ctx, json, JSON.stringify(json), {
              page: typeof info.page === 'number' ? info.page : 1,
              perPage: typeof info.per_page === 'number' ? info.per_page : 1,
            });
          } catch (e) {
            error = e;
          }
          if (!zod.success) {
            assert.ok(error instanceof ResponseFormatError);
            assert.ok(error.message.includes(summariseIssues(zod.error)), error.message);
            return;
          }
          if (got === undefined) {
            // zod accepted the mappings; only the result_info cross-checks may refuse.
            assert.ok(error instanceof ResponseFormatError && !/malformed/.test(error.message), String(error));
            return;
          }
          assert.deepEqual(
            got.mappings.map((m) => ({ ...m })),
            zod.data.result.map((m) => ({
              originIp: canonicalIp(m.origin_ip),
              vendor: m.vendor,
              region: m.region,
              ...(m.modified_on != null ? { modifiedOn: m.modified_on } : {}),
            })),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('supported regions (property)', () => {
    const region = fc.record(
      { name: text, upper_tier_colos: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(null)) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(fc.constantFrom('aws', 'gcp', 'oci'), fc.constant('')),
          fc.oneof(fc.array(region, { maxLength: 3 }), fc.constant(7)),
        ),
        fc.oneof({ weight: 5, arbitrary: fc.boolean() }, fc.constant('yes')),
        (vendors, obtained) => {
          const json = { success: true, errors: [], result: { obtained_codes: obtained, vendors } };
          const zod = supportedSchema.safeParse(json);
          if (!zod.success) {
            assert.throws(
              () => parseSupportedRegions(ctx, json, ''),
              (e: unknown) => e instanceof ResponseFormatError && e.message.includes(summariseIssues(zod.error)),
            );
            return;
          }
          const got = parseSupportedRegions(ctx, json, '');
          assert.equal(got.obtainedCodes, zod.data.result.obtained_codes);
          assert.deepEqual(
            Object.entries(got.vendors).map(([v, rs]) => [v, rs.map((r) => [r.name, [...r.upperTierColos]])]),
            Object.entries(zod.data.result.vendors).map(([v, rs]) => [v, rs.map((r) => [r.name, r.upper_tier_colos])]),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
