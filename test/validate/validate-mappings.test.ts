import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiMapping, OriginCloudRegionMapping } from '../../lib/model/mapping';
import {
  authorityFromSupportedRegions,
  catalogAuthority,
  validateApiMappings,
  validateMappings,
  type ValidationFinding,
} from '../../lib/validate';
import { validateClientMappings } from '../../lib/validate/validate-mappings';
import { canonicalIpAndKey } from '../../lib/model/ip';

const catalog = catalogAuthority();
const live = authorityFromSupportedRegions({
  obtainedCodes: true,
  vendors: {
    aws: [
      { name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] },
      { name: 'us-west-2', upperTierColos: ['SEA'] },
    ],
    gcp: [{ name: 'us-central1', upperTierColos: ['ORD'] }],
  },
});

function m(originIp: string, vendor: string, region: string): OriginCloudRegionMapping {
  return { originIp, vendor, region, modifiedOn: '2026-01-01T00:00:00Z' };
}

describe('validateMappings', () => {
  test('valid mappings → no findings, under both authorities', () => {
    const ok = [m('192.0.2.1', 'aws', 'us-east-1'), m('2001:db8::1', 'gcp', 'us-central1')];
    assert.deepEqual(validateMappings(ok, catalog), []);
    assert.deepEqual(validateMappings(ok, live), []);
    assert.deepEqual(validateMappings([], live), []);
  });

  test('unknown region names origin, value and suggestion', () => {
    assert.deepEqual(validateMappings([m('192.0.2.7', 'aws', 'us-east-3')], catalog), [
      {
        kind: 'unknown-region',
        originIp: '192.0.2.7',
        value: 'us-east-3',
        suggestion: 'us-east-1',
        message: 'origin 192.0.2.7: region "us-east-3" is not a supported aws region; did you mean "us-east-1"?',
      },
    ]);
  });

  test('unknown region with no close match has no suggestion', () => {
    const [f] = validateMappings([m('192.0.2.7', 'aws', 'mars-north-1')], catalog);
    assert.equal(f.kind, 'unknown-region');
    assert.equal(f.suggestion, undefined);
    assert.equal(f.message, 'origin 192.0.2.7: region "mars-north-1" is not a supported aws region');
  });

  test('region of another vendor suggests vendor/region', () => {
    const [f] = validateMappings([m('192.0.2.8', 'aws', 'us-central1')], live);
    assert.equal(f.suggestion, 'gcp/us-central1');
    assert.match(
      f.message,
      /^origin 192\.0\.2\.8: region "us-central1" is not a supported aws region; "us-central1" is a gcp region, not aws/,
    );
  });

  test('unknown vendor names the vendors and suggests one', () => {
    const [f] = validateMappings([m('192.0.2.9', 'Amazon', 'us-east-1')], catalog);
    assert.deepEqual(f, {
      kind: 'unknown-vendor',
      originIp: '192.0.2.9',
      value: 'Amazon',
      suggestion: 'aws',
      message:
        'origin 192.0.2.9: vendor "Amazon" is not a supported vendor (aws, azure, gcp, oci); did you mean "aws"?',
    });
    const [g] = validateMappings([m('192.0.2.9', 'ibm', 'us-south')], catalog);
    assert.equal(g.kind, 'unknown-vendor');
    assert.equal(g.suggestion, undefined);
  });

  test('live authority: a real region the zone does not list is reported without a guess', () => {
    const [f] = validateMappings([m('192.0.2.10', 'aws', 'eu-west-1')], live);
    assert.equal(f.kind, 'unknown-region');
    assert.equal(f.suggestion, undefined);
    assert.equal(
      f.message,
      `origin 192.0.2.10: region "eu-west-1" is an aws region, but not one this zone's supported_regions lists`,
    );
    // The same region is fine for the catalog.
    assert.deepEqual(validateMappings([m('192.0.2.10', 'aws', 'eu-west-1')], catalog), []);
  });

  test('live authority: vendors it does not list are checked against the catalog', () => {
    assert.deepEqual(validateMappings([m('192.0.2.11', 'azure', 'eastus')], live), []);
    const [f] = validateMappings([m('192.0.2.11', 'azure', 'eastus9')], live);
    assert.equal(f.kind, 'unknown-region');
    assert.ok(['eastus', 'eastus2'].includes(f.suggestion!), f.suggestion);
  });

  test('a non-canonical IP in a mapping is flagged too', () => {
    const [f] = validateMappings([m('2001:DB8::1', 'aws', 'us-east-1')], catalog);
    assert.equal(f.kind, 'non-canonical-ip');
    assert.equal(f.suggestion, '2001:db8::1');
  });
});

describe('validateApiMappings', () => {
  const api = (origin_ip: string, vendor = 'aws', region = 'us-east-1'): ApiMapping => ({ origin_ip, vendor, region });

  test('flags non-canonical IPv6 naming the RFC 5952 form', () => {
    assert.deepEqual(validateApiMappings([api('2001:DB8:0::1')], catalog), [
      {
        kind: 'non-canonical-ip',
        originIp: '2001:db8::1',
        value: '2001:DB8:0::1',
        suggestion: '2001:db8::1',
        message:
          'origin 2001:db8::1: the API returned "2001:DB8:0::1", not the canonical form; use "2001:db8::1" (RFC 5952)',
      },
    ]);
  });

  test('canonical IPv4, IPv6 and IPv4-mapped pass', () => {
    assert.deepEqual(validateApiMappings([api('192.0.2.1'), api('2001:db8::1'), api('::ffff:192.0.2.1')], catalog), []);
  });

  test('text that is no IP at all is flagged without a suggestion', () => {
    const [f] = validateApiMappings([api('origin.example.com')], catalog);
    assert.equal(f.kind, 'non-canonical-ip');
    assert.equal(f.originIp, 'origin.example.com');
    assert.equal(f.suggestion, undefined);
    assert.match(f.message, /not an IPv4 or IPv6 address/);
  });

  test('one origin can carry an IP finding and a region finding, IP first', () => {
    const fs = validateApiMappings([api('2001:DB8::2', 'aws', 'us-east-3')], catalog);
    assert.deepEqual(
      fs.map((f) => [f.kind, f.originIp]),
      [
        ['non-canonical-ip', '2001:db8::2'],
        ['unknown-region', '2001:db8::2'],
      ],
    );
    assert.match(fs[1].message, /^origin 2001:db8::2: /, 'messages name the canonical IP');
  });
});

describe('determinism', () => {
  const input: ApiMapping[] = [
    { origin_ip: '2001:DB8::a', vendor: 'aws', region: 'us-east-3' },
    { origin_ip: '192.0.2.10', vendor: 'amazon', region: 'us-east-1' },
    { origin_ip: '192.0.2.9', vendor: 'gcp', region: 'us-central1-a' },
    { origin_ip: '10.0.0.1', vendor: 'azure', region: 'East US' },
    { origin_ip: '2001:db8::1', vendor: 'oci', region: 'us-ashburn-1' },
    { origin_ip: '198.51.100.1', vendor: 'aws', region: 'US East (N. Virginia)' },
    { origin_ip: '::ffff:192.0.2.1', vendor: 'aws', region: 'gcp:europe-west1' },
    { origin_ip: '192.0.2.2', vendor: 'ibm', region: 'us-south' },
  ];

  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  test('shuffled input → identical findings, in IP order (IPv4 numeric, then IPv6)', () => {
    const expected = validateApiMappings(input, catalog);
    assert.deepEqual(
      expected.map((f: ValidationFinding) => `${f.originIp} ${f.kind}`),
      [
        '10.0.0.1 unknown-region',
        '192.0.2.2 unknown-vendor',
        '192.0.2.9 unknown-region',
        '192.0.2.10 unknown-vendor',
        '198.51.100.1 unknown-region',
        '::ffff:192.0.2.1 unknown-region',
        '2001:db8::a non-canonical-ip',
        '2001:db8::a unknown-region',
      ],
    );
    for (let seed = 1; seed <= 20; seed++) {
      assert.deepEqual(validateApiMappings(shuffled(input, seed), catalog), expected, `seed ${seed}`);
    }
  });

  test("the client's path (canonical IPs plus the texts sent) finds exactly what validateApiMappings finds", () => {
    const wire = input.filter((a) => canonicalIpAndKey(a.origin_ip) !== undefined);
    const sent = new Map<string, string>();
    const parsed = wire.map((a) => {
      const canonical = canonicalIpAndKey(a.origin_ip)?.canonical ?? '';
      if (canonical !== a.origin_ip) sent.set(canonical, a.origin_ip);
      return m(canonical, a.vendor, a.region);
    });
    assert.ok(sent.size > 0, 'the input holds IPs sent in a non-canonical form');
    for (const authority of [catalog, live]) {
      const expected = validateApiMappings(wire, authority);
      assert.ok(expected.some((f) => f.kind === 'non-canonical-ip') && expected.length >= 5);
      assert.deepEqual(validateClientMappings(parsed, sent, authority), expected);
    }
  });

  test('an IPv6 address with a zone index is flagged as no origin IP, not thrown', () => {
    const [f] = validateApiMappings([{ origin_ip: 'fe80::1%eth0', vendor: 'aws', region: 'us-east-1' }], catalog);
    assert.equal(f.kind, 'non-canonical-ip');
    assert.equal(f.suggestion, undefined);
    assert.match(f.message, /not an IPv4 or IPv6 address/);
  });

  test('live supported_regions in another order → identical findings', () => {
    const a = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: {
        aws: [
          { name: 'us-east-2', upperTierColos: ['CMH'] },
          { name: 'us-east-1', upperTierColos: ['IAD'] },
        ],
      },
    });
    const b = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: {
        aws: [
          { name: 'us-east-1', upperTierColos: ['IAD'] },
          { name: 'us-east-2', upperTierColos: ['CMH'] },
        ],
      },
    });
    const bad = [m('192.0.2.1', 'aws', 'us-east-3')];
    assert.deepEqual(validateMappings(bad, a), validateMappings(bad, b));
    assert.equal(validateMappings(bad, a)[0].suggestion, 'us-east-1');
  });
});
