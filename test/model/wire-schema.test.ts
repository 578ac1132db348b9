import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  looseSupportedRegionsSchema,
  listPageSchema,
  supportedRegionsSchema,
  type WireSupportedRegions,
} from '../../lib/model/wire-schema';
import { supportedRegionsFromWire } from '../../lib/model/supported-regions';
import { ipSortKey } from '../../lib/model/ip';

const regions = (name: string) => [{ name, upper_tier_colos: ['IAD'] }];

describe('the wire schemas', () => {
  test('supported_regions: every vendor key is checked and kept as an own key, in order, __proto__ included', () => {
    const text = `{"obtained_codes":true,"vendors":{"__proto__":${JSON.stringify(regions('p'))},"toString":[],"aws":${JSON.stringify(regions('us-east-1'))}}}`;
    const parsed = supportedRegionsSchema.parse(JSON.parse(text));
    assert.equal(Object.getPrototypeOf(parsed.vendors), null);
    assert.deepEqual(Object.keys(parsed.vendors), ['__proto__', 'toString', 'aws']);
    assert.deepEqual(parsed.vendors['__proto__'], regions('p'));
    const bad = supportedRegionsSchema.safeParse(JSON.parse('{"obtained_codes":true,"vendors":{"__proto__":"x"}}'));
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error?.issues[0].path, ['vendors', '__proto__']);
  });

  test('the API rules refuse what the loose (emulator seed) shape serves', () => {
    const hostile: WireSupportedRegions = {
      obtained_codes: true,
      vendors: { 'a/b': [{ name: 'r\u001b[31m', upper_tier_colos: ['x'.repeat(201)] }] },
    };
    assert.equal(looseSupportedRegionsSchema.safeParse(hostile).success, true);
    const strict = supportedRegionsSchema.safeParse(hostile);
    assert.deepEqual(
      strict.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [
        ['vendors.a/b', 'vendor contains "/" (the separator of vendor/region values)'],
        ['vendors.a/b.0.name', 'region name contains control characters'],
        ['vendors.a/b.0.upper_tier_colos.0', 'colo code is longer than 200 characters'],
      ],
    );
  });

  test('a list page parses each origin IP once: text as sent, canonical form, sort key', () => {
    const page = listPageSchema.parse({
      result: [{ origin_ip: '2001:DB8::1', vendor: 'aws', region: 'us-east-1', modified_on: null }],
      result_info: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 },
    });
    assert.deepEqual(page.result[0].origin_ip, {
      sent: '2001:DB8::1',
      canonical: '2001:db8::1',
      key: ipSortKey('2001:db8::1'),
    });
    const bad = listPageSchema.safeParse({
      result: [{ origin_ip: '01.2.3.4', vendor: 'aws', region: 'us-east-1' }],
      result_info: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 },
    });
    assert.deepEqual(
      bad.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [['result.0.origin_ip', 'is not an IPv4 or IPv6 address']],
    );
  });

  test('supportedRegionsFromWire: camelCase, frozen, vendors without a prototype', () => {
    const sr = supportedRegionsFromWire({ obtained_codes: false, vendors: { aws: regions('us-east-1') } });
    assert.deepEqual(
      { ...sr, vendors: { ...sr.vendors } },
      {
        obtainedCodes: false,
        vendors: { aws: [{ name: 'us-east-1', upperTierColos: ['IAD'] }] },
      },
    );
    assert.equal(Object.getPrototypeOf(sr.vendors), null);
    assert.ok(Object.isFrozen(sr) && Object.isFrozen(sr.vendors.aws[0].upperTierColos));
  });
});
