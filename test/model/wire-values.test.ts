import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateMappings } from '../../lib/emulator';
import {
  dateTimeSchema,
  envelopeSchema,
  listPageSchema,
  printableTextSchema,
  vendorSchema,
} from '../../lib/model/wire-schema';
import { isPlainEnvelope, isPrintableText, isRfc3339DateTime, plainListPage } from '../../lib/model/wire-values';

// The plain checks stand in for zod on the hot path: a page they pass must be one the schema passes, with the same
// output, and a page the schema passes must pass them (so it never loads zod). One knowing exception: zod 4.6 counts
// a string's length in code points, the plain checks in UTF-16 units, so text with characters beyond U+FFFF near
// the 200 limit takes the schema's path. A zod release that changes a rule (its date-time pattern, what `int()`
// takes, how it counts) fails here.

const root = path.resolve(__dirname, '..', '..');
const astral = (value: unknown): boolean => /[\ud800-\udbff]/.test(JSON.stringify(value));

/** `plain` must be the schema's answer; and when the schema passes `value`, `plain` must be there, but for astral text. */
function assertAgrees(value: unknown, plain: unknown, zod: { success: boolean; data?: unknown }): void {
  if (plain !== undefined && plain !== false) {
    assert.equal(zod.success, true, JSON.stringify(value));
    if (plain !== true) assert.deepEqual(plain, zod.data);
  } else if (!astral(value)) {
    assert.equal(zod.success, false, JSON.stringify(value));
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('', 'aws', 'a/b', 'us-east-1', 'a'.repeat(200), 'a'.repeat(201), '\u0000x', 'x\u009f', '\u00a0é'),
  fc.constantFrom('😀'.repeat(100), '😀'.repeat(101), 'x\u007f', 'x\u0085y'),
);
const dates = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '0000-02-29T00:00:00Z',
    '2024-04-31T10:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T00:00:00+0100',
    '2024-01-01T00:00:00.5+01:00',
    '2024-01-01T00:00:00-23:59',
    '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00Z',
    '2024-01-01 00:00:00Z',
    '2024-01-01T00:00:00z',
    '2024-01-01T00:00:00',
    '２０２４-01-01T00:00:00Z',
  ),
  fc.string({ maxLength: 25 }),
);
const ints = fc.oneof(
  fc.integer({ min: -2, max: 102 }),
  fc.constantFrom(0, 1, 100, 101, 100_000, 100_001, 2 ** 53 - 1, 2 ** 53, 1.5, -0, '1', null),
);
const ips = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom('1.2.3', '01.2.3.4', 'fe80::1%eth0', '::ffff:1.2.3.4', '2001:DB8::1', ' 1.2.3.4', 7),
);
const mapping = fc.oneof(
  { weight: 8, arbitrary: fc.record({ origin_ip: ips, vendor: text, region: text }) },
  {
    weight: 4,
    arbitrary: fc.record(
      { origin_ip: ips, vendor: text, region: text, modified_on: fc.oneof(dates, fc.constant(null)), extra: ints },
      { requiredKeys: ['origin_ip', 'vendor', 'region'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 'x', [], {}) },
);
const envelope = fc.record(
  {
    success: fc.oneof(fc.boolean(), fc.constant('true')),
    errors: fc.oneof(fc.constant([]), fc.constant([{ code: 1000, message: 'x' }]), fc.constant([{ code: 'x' }])),
    messages: fc.oneof(fc.constant([]), fc.constant('x'), fc.constant([{ code: 1, message: 'm' }])),
    result: fc.oneof({ weight: 6, arbitrary: fc.array(mapping, { maxLength: 3 }) }, fc.constant({})),
    result_info: fc.record(
      { page: ints, per_page: ints, count: ints, total_count: ints, total_pages: ints },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['success', 'errors', 'result', 'result_info'] },
);

test('the plain value rules agree with the schemas', () => {
  fc.assert(
    fc.property(text, dates, (t, d) => {
      assertAgrees(t, isPrintableText(t), printableTextSchema('x').safeParse(t));
      assertAgrees(t, isPrintableText(t) && !t.includes('/'), vendorSchema.safeParse(t));
      assertAgrees(d, isRfc3339DateTime(d), dateTimeSchema.safeParse(d));
    }),
    { numRuns: 3000 },
  );
});

test('a page passes the plain checks when it passes the schemas, with the same output', () => {
  fc.assert(
    fc.property(envelope, (e) => {
      const plainEnvelope = isPlainEnvelope(e);
      const zodEnvelope = envelopeSchema.safeParse(e);
      assert.equal(plainEnvelope, zodEnvelope.success && zodEnvelope.data.errors.length === 0);
      assertAgrees(e, plainListPage(e), listPageSchema.safeParse(e));
    }),
    { numRuns: 3000 },
  );
});

test('a page of generated mappings takes the plain path', () => {
  const result = generateMappings(100, 3).map((m) => ({ ...m }));
  const page = {
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: { page: 1, per_page: 100, count: 100, total_count: 3500, total_pages: 35 },
  };
  assert.equal(isPlainEnvelope(page), true);
  assert.deepEqual(plainListPage(page), listPageSchema.parse(page));
});

test('checking a well-formed list page does not load zod', () => {
  const script = `
    const { parseListPage } = require('./lib/client/envelope.ts');
    const json = { success: true, errors: [], messages: [], result: [
      { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modified_on: '2026-03-01T12:00:00Z' },
    ], result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 } };
    const page = parseListPage({ request: 'GET /', status: 200, contentType: 'application/json', redact: (t) => t },
      json, JSON.stringify(json), { page: 1 });
    const zod = Object.keys(require.cache).some((f) => f.includes('node_modules/zod/'));
    console.log(JSON.stringify({ mappings: page.mappings.length, zod }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { mappings: 1, zod: false });
});
