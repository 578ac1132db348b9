import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSupportedRegions, generateMappings, isSupportedRegion } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { canonicalIp } from '../../lib/model/ip';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'lib', 'validate', 'cloud-regions.json'), 'utf8'),
) as {
  vendors: Record<string, { regions: { id: string }[] }>;
};

test('generateMappings is deterministic per seed and differs between seeds', () => {
  assert.deepEqual(generateMappings(200, 42), generateMappings(200, 42));
  assert.notDeepEqual(generateMappings(200, 42), generateMappings(200, 43));
  assert.deepEqual(generateMappings(50, 42), generateMappings(200, 42).slice(0, 50), 'a prefix of a longer run');
  assert.deepEqual(generateMappings(0), []);
  assert.deepEqual(generateMappings(10), generateMappings(10, 1), 'seed defaults to 1');
});

test('generated mappings are valid, unique, canonical, realistic and unsorted', () => {
  const ms = generateMappings(3500, 7);
  const ips = ms.map((m) => m.origin_ip);
  assert.equal(new Set(ips).size, 3500);
  assert.ok(ips.every((ip) => canonicalIp(ip) === ip));
  const v6 = ips.filter((ip) => ip.includes(':'));
  assert.ok(v6.length > 700 && v6.length < 2100, `${v6.length} IPv6`);
  assert.ok(v6.every((ip) => ip.startsWith('2001:db8:')));
  assert.ok(
    ips.every((ip) => !ip.startsWith('198.51.100.')),
    '198.51.100.0/24 is left for hand-written fixtures',
  );
  const supported = defaultSupportedRegions();
  assert.ok(ms.every((m) => isSupportedRegion(supported, m.vendor, m.region)));
  const vendors = new Map<string, number>();
  for (const m of ms) vendors.set(m.vendor, (vendors.get(m.vendor) ?? 0) + 1);
  assert.deepEqual([...vendors.keys()].sort(), ['aws', 'azure', 'gcp', 'oci']);
  assert.ok((vendors.get('aws') ?? 0) > (vendors.get('oci') ?? 0));
  assert.ok(ms.every((m) => /^2025-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(m.modified_on ?? '')));
  assert.deepEqual(new Set(generateMappings(4, 99).map((m) => m.vendor)).size, 4, 'four mappings cover four vendors');
  assert.notDeepEqual(ips.slice(0, 50), [...ips.slice(0, 50)].sort());
});

test('generateMappings rejects a bad count', () => {
  for (const n of [-1, 1.5, Number.NaN]) assert.throws(() => generateMappings(n), InvalidInputError);
});

test('defaultSupportedRegions: real region ids for all four vendors, IATA-style colos, a fresh copy each call', () => {
  const s = defaultSupportedRegions();
  assert.equal(s.obtained_codes, true);
  assert.deepEqual(Object.keys(s.vendors).sort(), ['aws', 'azure', 'gcp', 'oci']);
  for (const [vendor, regions] of Object.entries(s.vendors)) {
    assert.ok(regions.length >= 10 && regions.length <= 20, vendor);
    const known = new Set(catalog.vendors[vendor]?.regions.map((r) => r.id));
    for (const r of regions) {
      assert.ok(known.has(r.name), `${vendor}/${r.name} is in the region catalog`);
      assert.ok(r.upper_tier_colos.length > 0 && r.upper_tier_colos.every((c) => /^[A-Z]{3}$/.test(c)));
    }
  }
  s.vendors.aws?.pop();
  assert.notDeepEqual(defaultSupportedRegions().vendors.aws?.length, s.vendors.aws?.length);
  assert.equal(isSupportedRegion(s, 'toString', 'x'), false);
});
