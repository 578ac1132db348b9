import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markerTriggers } from '../../lib/drift/marker';
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
