import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wireMappingSchema, supportedRegionsSchema } from '../../lib/model/wire-schema';
import { checkSnapshotData } from '../../lib/snapshot/rules';

// A snapshot can be edited in a pull request, so it is held to the API's value rules: the snapshot reader
// (lib/snapshot/rules.ts, which words one problem at a time) must accept exactly what the wire schemas accept.

const base = {
  format: 'origin-cloud-regions-snapshot',
  version: 2,
  zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
  changedAt: '2026-03-01T12:00:00Z',
  mappings: [] as unknown[],
  supportedRegions: null as unknown,
};

const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('aws', 'gcp', 'us-east-1', 'IAD', '__proto__', 'toString') },
  fc.constantFrom('', 'x'.repeat(200), 'x'.repeat(201), 'bad\u0007', 'ok\u00a0', 'a/b', 'us\u001b[31m'),
  fc.constantFrom(7, null, undefined, ['aws']),
);

test('supported regions: the snapshot reader and supportedRegionsSchema agree (property)', () => {
  const region = fc.record(
    { name: text, upper_tier_colos: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(null)) },
    { requiredKeys: [] },
  );
  const vendors = fc.dictionary(
    fc.oneof(fc.constantFrom('aws', 'gcp', '__proto__', 'constructor'), fc.constantFrom('', 'a/b', 'x\u0000')),
    fc.oneof({ weight: 4, arbitrary: fc.array(region, { maxLength: 3 }) }, fc.constant(7)),
  );
  fc.assert(
    fc.property(vendors, fc.oneof({ weight: 5, arbitrary: fc.boolean() }, fc.constant('yes')), (v, obtained) => {
      // Through JSON, so that a `__proto__` key is an own key, as in a file.
      const sr = JSON.parse(JSON.stringify({ obtained_codes: obtained, vendors: v })) as unknown;
      const wire = supportedRegionsSchema.safeParse(sr);
      const read = checkSnapshotData({ ...base, supportedRegions: sr });
      assert.equal(read.ok, wire.success, JSON.stringify(sr));
    }),
    { numRuns: 1000 },
  );
});

test('mappings: the snapshot reader and wireMappingSchema agree on each value (property)', () => {
  const mapping = fc.record(
    {
      origin_ip: fc.oneof(
        { weight: 4, arbitrary: fc.oneof(fc.ipV4(), fc.ipV6()) },
        fc.constantFrom('999.0.0.1', 'fe80::1%eth0', '01.2.3.4', '1.2.3', ' ::1', '', 12),
      ),
      vendor: text,
      region: text,
      modified_on: fc.oneof(
        { weight: 4, arbitrary: fc.constant('2026-03-01T12:30:00+02:00') },
        fc.constantFrom(null, 'yesterday', '2023-02-29T00:00:00Z', '2026-03-01', 5),
      ),
    },
    { requiredKeys: ['origin_ip', 'vendor', 'region'] },
  );
  fc.assert(
    fc.property(mapping, (m) => {
      const json = JSON.parse(JSON.stringify(m)) as unknown;
      const read = checkSnapshotData({ ...base, mappings: [json] });
      assert.equal(read.ok, wireMappingSchema.safeParse(json).success, JSON.stringify(json));
    }),
    { numRuns: 1000 },
  );
});
