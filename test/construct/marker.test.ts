import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalMappingLines, markerDigest, markerTriggers } from '../../lib/model/drift-marker';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';

const base: OriginCloudRegionMapping[] = [
  { originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1', modifiedOn: '2026-01-01T00:00:00Z' },
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-01-01T00:00:00Z' },
  { originIp: '192.0.2.9', vendor: 'azure', region: 'westeurope', modifiedOn: '2026-01-01T00:00:00Z' },
];

test('triggers map each canonical IP to vendor/region, in mapping order', () => {
  const triggers = markerTriggers(base);
  assert.deepEqual(triggers, {
    '192.0.2.9': 'azure/westeurope',
    '192.0.2.10': 'aws/us-east-1',
    '2001:db8::1': 'gcp/us-central1',
  });
  assert.deepEqual(Object.keys(triggers), ['192.0.2.9', '192.0.2.10', '2001:db8::1']);
});

test('triggers change on add, remove, vendor change and region change', () => {
  const before = markerTriggers(base);
  const added = markerTriggers([...base, { originIp: '198.51.100.1', vendor: 'oci', region: 'us-ashburn-1' }]);
  const removed = markerTriggers(base.slice(1));
  const vendorChanged = markerTriggers(base.map((m) => (m.originIp === '192.0.2.10' ? { ...m, vendor: 'gcp' } : m)));
  const regionChanged = markerTriggers(
    base.map((m) => (m.originIp === '192.0.2.10' ? { ...m, region: 'us-west-2' } : m)),
  );
  for (const [name, after] of Object.entries({ added, removed, vendorChanged, regionChanged })) {
    assert.notDeepEqual(after, before, name);
  }
  assert.equal(added['198.51.100.1'], 'oci/us-ashburn-1');
  assert.equal(removed['2001:db8::1'], undefined);
  assert.equal(vendorChanged['192.0.2.10'], 'gcp/us-east-1');
  assert.equal(regionChanged['192.0.2.10'], 'aws/us-west-2');
});

test('triggers do not change when only modified_on changes, or with the order of the input', () => {
  const touched = base.map((m) => ({ ...m, modifiedOn: '2027-06-30T12:00:00Z' }));
  assert.deepEqual(markerTriggers(touched), markerTriggers(base));
  assert.equal(JSON.stringify(markerTriggers([...base].reverse())), JSON.stringify(markerTriggers(base)));
});

test('the digest hashes the sorted ip=vendor/region lines and counts them', () => {
  const lines = '192.0.2.10=aws/us-east-1\n192.0.2.9=azure/westeurope\n2001:db8::1=gcp/us-central1\n';
  assert.equal(canonicalMappingLines(base), lines, 'code-unit order, as LC_ALL=C sort');
  assert.deepEqual(markerDigest(base), {
    mappings_sha256: createHash('sha256').update(lines).digest('hex'),
    mappings: '3',
  });
  assert.deepEqual(markerDigest([]), { mappings_sha256: createHash('sha256').update('').digest('hex'), mappings: '0' });
});

test('the digest changes when a mapping moves, is added or removed; not with modified_on or input order', () => {
  const digest = markerDigest(base);
  const moved = markerDigest(base.map((m) => (m.originIp === '192.0.2.10' ? { ...m, region: 'us-west-2' } : m)));
  const vendor = markerDigest(base.map((m) => (m.originIp === '192.0.2.10' ? { ...m, vendor: 'gcp' } : m)));
  const removed = markerDigest(base.slice(1));
  for (const [name, other] of Object.entries({ moved, vendor, removed })) {
    assert.notEqual(other.mappings_sha256, digest.mappings_sha256, name);
  }
  assert.equal(moved.mappings, '3');
  assert.equal(removed.mappings, '2');
  assert.deepEqual(markerDigest(base.map((m) => ({ ...m, modifiedOn: '2027-06-30T12:00:00Z' }))), digest);
  assert.deepEqual(markerDigest([...base].reverse()), digest);
});

test('property: the digest is a function of the set of pairs, and separates any two different sets', () => {
  const mapping = fc.record({
    originIp: fc.ipV4(),
    vendor: fc.constantFrom('aws', 'gcp', 'azure', 'oci'),
    region: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  });
  const zone = fc.uniqueArray(mapping, { selector: (m) => m.originIp, maxLength: 30 });
  fc.assert(
    fc.property(zone, zone, (a, b) => {
      const same = JSON.stringify(markerTriggers(a)) === JSON.stringify(markerTriggers(b));
      assert.equal(markerDigest(a).mappings_sha256 === markerDigest(b).mappings_sha256, same);
      assert.deepEqual(markerDigest([...a].reverse()), markerDigest(a));
    }),
  );
});

test('the digest is taken over NFC text, so a plan (where Terraform normalized the strings) matches the synth', () => {
  const decomposed = [{ originIp: '192.0.2.1', vendor: 'aws', region: 'caf\u0065\u0301' }];
  const composed = [{ originIp: '192.0.2.1', vendor: 'aws', region: 'caf\u00e9' }];
  assert.deepEqual(markerDigest(decomposed), markerDigest(composed));
});
