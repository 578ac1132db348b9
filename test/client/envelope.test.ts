import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody } from '../../lib/client/body';
import { parseListPage, parseSupportedRegions } from '../../lib/client/envelope';
import { CloudflareApiError, ResponseFormatError } from '../../lib/errors/client';
import { ipSortKey } from '../../lib/model/ip';

const ctx = {
  request: 'GET /client/v4/zones/z/origin/cloud_regions?page=1&per_page=20',
  status: 200,
  contentType: 'application/json',
  redact: (t: string) => t,
};

function page(result: unknown[], info: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: {
      page: 1,
      per_page: 20,
      count: result.length,
      total_count: result.length,
      total_pages: result.length ? 1 : 0,
      ...info,
    },
    ...extra,
  };
}
const m = (ip: string, extra: Record<string, unknown> = {}) => ({
  origin_ip: ip,
  vendor: 'aws',
  region: 'us-east-1',
  modified_on: '2026-03-01T12:00:00Z',
  ...extra,
});
const parse = (json: unknown, expected = { page: 1 }) => parseListPage(ctx, json, JSON.stringify(json), expected);

test('the documented examples parse, IPs become canonical', () => {
  const empty = parse(page([]));
  assert.deepEqual(
    {
      ...empty,
      mappings: [...empty.mappings],
      sortKeys: [...(empty.sortKeys ?? [])],
      sentTexts: [...(empty.sentTexts ?? [])],
    },
    {
      page: 1,
      perPage: 20,
      count: 0,
      totalCount: 0,
      totalPages: 0,
      mappings: [],
      sortKeys: [],
      sentOriginIps: new Map(),
      sentTexts: [],
    },
  );
  const two = parse(page([m('192.0.2.1'), m('2001:DB8:0:0::1', { modified_on: '2026-03-01T12:30:00+02:00' })]));
  assert.deepEqual(
    two.mappings.map((x) => x.originIp),
    ['192.0.2.1', '2001:db8::1'],
  );
  assert.equal(two.mappings[1].modifiedOn, '2026-03-01T12:30:00+02:00');
  // The page returns what it parsed beside the mappings: the IPs' sort keys, and the text of an IP not sent canonical.
  assert.deepEqual(two.sortKeys, [ipSortKey('192.0.2.1'), ipSortKey('2001:db8::1')]);
  assert.deepEqual([...(two.sentOriginIps ?? [])], [['2001:db8::1', '2001:DB8:0:0::1']]);
  const noDate = parse(page([{ origin_ip: '192.0.2.9', vendor: 'oci', region: 'us-ashburn-1' }]));
  assert.equal('modifiedOn' in noDate.mappings[0], false);
});

test('success:false with HTTP 200 is a CloudflareApiError carrying the codes', () => {
  const body = {
    success: false,
    errors: [{ code: 1146, message: 'invalid per_page parameter, must be between 1 and 100' }],
    messages: [],
    result: null,
  };
  assert.throws(
    () => parse(body),
    (e: unknown) =>
      e instanceof CloudflareApiError &&
      e.status === 200 &&
      e.cloudflareErrors[0].code === 1146 &&
      /per_page between 1 and 100/.test(e.message),
  );
});

test('malformed envelopes and mappings are ResponseFormatErrors that say what is wrong', () => {
  const cases: [unknown, RegExp][] = [
    [[], /JSON object envelope, got an array/],
    [null, /got null/],
    [{ result: [] }, /not a Cloudflare v4 envelope/],
    [page([m('192.0.2.1')], {}, { result: null }), /result/],
    [{ ...page([]), result_info: undefined }, /result_info/],
    [page([m('999.0.0.1')]), /result\[0\]\.origin_ip: is not an IPv4 or IPv6 address/],
    [page([m('192.0.2.1', { vendor: 7 })]), /result\[0\]\.vendor/],
    [page([m('192.0.2.1', { region: '' })]), /region is empty/],
    [page([m('192.0.2.1', { region: 'us\u001b[31m' })]), /control characters/],
    [page([m('192.0.2.1', { modified_on: 'yesterday' })]), /modified_on: is not an RFC 3339 date-time/],
    [page([m('192.0.2.1')], { count: -1 }), /count/],
    [page([m('192.0.2.1')], { total_count: 2.5 }), /total_count/],
    [page([m('192.0.2.1')], { total_count: 1e9, total_pages: 5e7 }), /absurd/],
    [page([m('192.0.2.1')], { count: 2 }), /count is 2, but the page holds 1/],
    [page([m('192.0.2.1')], { page: 2 }), /page 1 was requested/],
    [page([m('192.0.2.1')], { total_count: 0 }), /count 1 is over total_count 0/],
    [{ ...page([]), success: true, errors: [{ code: 1000, message: 'x' }] }, /lists errors/],
  ];
  for (const [json, why] of cases) {
    assert.throws(
      () => parse(json),
      (e: unknown) => e instanceof ResponseFormatError && why.test(e.message) && /retry later/.test(e.message),
      `${JSON.stringify(json)?.slice(0, 120)} → ${why}`,
    );
  }
});

test('bodies that are not JSON say what came back', () => {
  const html = { ...ctx, status: 200, contentType: 'text/html' };
  assert.throws(
    () => parseJsonBody(html, '<!DOCTYPE html><html><body>Bad gateway</body></html>'),
    (e: unknown) =>
      e instanceof ResponseFormatError &&
      /HTML/.test(e.message) &&
      /text\/html/.test(e.message) &&
      /Bad gateway/.test(e.message),
  );
  assert.throws(() => parseJsonBody(ctx, '{"success":true,"errors":[],"res'), /truncated/);
  assert.throws(() => parseJsonBody(ctx, ''), /empty body/);
  assert.throws(() => parseJsonBody(ctx, 'hello'), /not valid JSON/);
  assert.throws(
    () =>
      parseJsonBody(
        { ...ctx, redact: (t) => t.split('sekrit_token_1').join('[REDACTED]') },
        'oops sekrit_token_1 oops',
      ),
    (e: unknown) => e instanceof Error && !e.message.includes('sekrit_token_1') && e.message.includes('[REDACTED]'),
  );
});

test('supported_regions: camelCase and validated', () => {
  const body = {
    success: true,
    errors: [],
    messages: [],
    result: {
      obtained_codes: true,
      vendors: {
        aws: [{ name: 'us-east-1', upper_tier_colos: ['IAD', 'EWR'] }],
        gcp: [{ name: 'us-central1', upper_tier_colos: [] }],
      },
    },
  };
  const parsed = parseSupportedRegions(ctx, body, '');
  assert.equal(Object.getPrototypeOf(parsed.vendors), null, 'vendor names are plain keys, never inherited ones');
  assert.deepEqual(
    { ...parsed, vendors: { ...parsed.vendors } },
    {
      obtainedCodes: true,
      vendors: {
        aws: [{ name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] }],
        gcp: [{ name: 'us-central1', upperTierColos: [] }],
      },
    },
  );
  assert.throws(() => parseSupportedRegions(ctx, { ...body, result: { vendors: {} } }, ''), ResponseFormatError);
  assert.throws(
    () =>
      parseSupportedRegions(ctx, { ...body, result: { obtained_codes: true, vendors: { aws: [{ name: 'x' }] } } }, ''),
    /upper_tier_colos/,
  );
});

test('a vendor holding "/" (the vendor/region separator) is refused, naming the field', () => {
  const mapping = { origin_ip: '192.0.2.1', vendor: 'aws/evil', region: 'us-east-1' };
  assert.throws(
    () => parseListPage(ctx, page([mapping]), '', { page: 1 }),
    (e: unknown) => e instanceof ResponseFormatError && /result\[0\]\.vendor: vendor contains "\/"/.test(e.message),
  );
  // A region may hold it: readers split vendor/region at the first "/".
  const region = { ...mapping, vendor: 'aws', region: 'us/east' };
  assert.equal(parseListPage(ctx, page([region]), '', { page: 1 }).mappings[0].region, 'us/east');
  const supported = (vendors: unknown) => ({
    success: true,
    errors: [],
    messages: [],
    result: { obtained_codes: true, vendors },
  });
  assert.throws(
    () => parseSupportedRegions(ctx, supported({ 'a/b': [] }), ''),
    (e: unknown) => e instanceof ResponseFormatError && /result\.vendors\.a\/b: vendor contains "\/"/.test(e.message),
  );
});

test('supported_regions vendors named like Object built-ins stay ordinary keys; none vanishes', () => {
  const regions = (name: string) => [{ name, upper_tier_colos: ['IAD'] }];
  const text = `{"success":true,"errors":[],"messages":[],"result":{"obtained_codes":true,"vendors":{
    "__proto__":${JSON.stringify(regions('__proto__'))},"constructor":${JSON.stringify(regions('toString'))},
    "toString":${JSON.stringify(regions('constructor'))},"aws":${JSON.stringify(regions('us-east-1'))}}}}`;
  const sr = parseSupportedRegions(ctx, JSON.parse(text), text);
  assert.deepEqual(Object.keys(sr.vendors), ['__proto__', 'constructor', 'toString', 'aws']);
  assert.deepEqual(sr.vendors['__proto__'], [{ name: '__proto__', upperTierColos: ['IAD'] }]);
  assert.deepEqual(sr.vendors.constructor, [{ name: 'toString', upperTierColos: ['IAD'] }]);
  assert.equal(Object.getPrototypeOf(sr.vendors), null, 'no prototype to pollute or inherit from');
  assert.equal(({} as Record<string, unknown>).name, undefined, 'Object.prototype is untouched');
  // The zod path (taken when the hand check fails) skips a __proto__ key: it is checked on its own.
  const bad = JSON.parse('{"success":true,"errors":[],"result":{"obtained_codes":true,"vendors":{"__proto__":"x"}}}');
  assert.throws(
    () => parseSupportedRegions(ctx, bad, ''),
    (e: unknown) => e instanceof ResponseFormatError && /result\.vendors\.__proto__/.test(e.message),
  );
  const mixed = JSON.parse(
    `{"success":true,"errors":[],"result":{"obtained_codes":true,"vendors":{"__proto__":${JSON.stringify(regions('r'))},"aws":[{"name":"x"}]}}}`,
  );
  assert.throws(() => parseSupportedRegions(ctx, mixed, ''), /upper_tier_colos/);
});

test('server keys quoted in a malformed-answer message are redacted and escaped', () => {
  const secret = 'tok_KEYINPATH_123456';
  const redacting = { ...ctx, redact: (t: string) => t.split(secret).join('[REDACTED]') };
  const body = {
    success: true,
    errors: [],
    result: { obtained_codes: true, vendors: { [`\u001b]0;x\u0007${secret}`]: 'not a list' } },
  };
  assert.throws(
    () => parseSupportedRegions(redacting, body, ''),
    (e: unknown) =>
      e instanceof ResponseFormatError &&
      e.message.includes('\\x1b]0;x\\x07') &&
      !e.message.includes('\u001b') &&
      !e.message.includes(secret),
  );
});

test('an empty vendor is reported once, as empty (not also as control characters)', () => {
  for (const field of ['vendor', 'region'] as const) {
    assert.throws(
      () => parse(page([m('192.0.2.1', { [field]: '' })])),
      (e: unknown) =>
        e instanceof ResponseFormatError &&
        e.message.split(`${field} is empty`).length === 2 &&
        !/control characters/.test(e.message),
    );
  }
});
