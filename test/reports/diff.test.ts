import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffMappings, hasMappingChanges } from '../../lib/reports/diff';
import { InvalidInputError } from '../../lib/errors';
import { generateZone } from '../support/generate-zones';

describe('diffMappings', () => {
  test('finds added, removed and changed (vendor, region) mappings, ignoring modified_on', () => {
    const diff = diffMappings(
      [
        { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-01-01T00:00:00Z' },
        { originIp: '192.0.2.2', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.3', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.4', vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD'] },
      ],
      {
        mappings: [
          { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-02-02T00:00:00Z' },
          { originIp: '192.0.2.3', vendor: 'gcp', region: 'us-east-1' },
          { originIp: '192.0.2.4', vendor: 'aws', region: 'us-west-2', upperTierColos: ['SEA'] },
          { originIp: '192.0.2.5', vendor: 'oci', region: 'us-ashburn-1' },
        ],
      },
    );
    assert.deepEqual(diff, {
      added: [{ originIp: '192.0.2.5', vendor: 'oci', region: 'us-ashburn-1' }],
      removed: [{ originIp: '192.0.2.2', vendor: 'aws', region: 'us-east-1' }],
      changed: [
        {
          originIp: '192.0.2.3',
          before: { vendor: 'aws', region: 'us-east-1' },
          after: { vendor: 'gcp', region: 'us-east-1' },
        },
        {
          originIp: '192.0.2.4',
          before: { vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD'] },
          after: { vendor: 'aws', region: 'us-west-2', upperTierColos: ['SEA'] },
        },
      ],
      unchangedCount: 1,
    });
  });

  test('treats IPv6 notations of one address as the same origin', () => {
    const diff = diffMappings(
      [{ originIp: '2001:DB8:0::1', vendor: 'aws', region: 'us-east-1' }],
      [{ originIp: '2001:db8::1', vendor: 'aws', region: 'us-east-1' }],
    );
    assert.equal(hasMappingChanges(diff), false);
    assert.equal(diff.unchangedCount, 1);
    const moved = diffMappings(
      [{ originIp: '2001:0db8:0000:0000:0000:0000:0000:0001', vendor: 'aws', region: 'us-east-1' }],
      [{ originIp: '2001:db8::1', vendor: 'aws', region: 'eu-west-1' }],
    );
    assert.deepEqual(
      moved.changed.map((c) => c.originIp),
      ['2001:db8::1'],
    );
  });

  test('empty zones: nothing to compare, or everything added or removed', () => {
    assert.deepEqual(diffMappings([], []), { added: [], removed: [], changed: [], unchangedCount: 0 });
    const zone = generateZone(3, 7);
    assert.equal(diffMappings([], zone).added.length, 3);
    assert.equal(diffMappings(zone, []).removed.length, 3);
  });

  test('rejects an origin listed twice on one side', () => {
    assert.throws(
      () =>
        diffMappings(
          [
            { originIp: '2001:db8::1', vendor: 'aws', region: 'us-east-1' },
            { originIp: '2001:DB8::1', vendor: 'aws', region: 'us-east-1' },
          ],
          [],
        ),
      (e: unknown) => e instanceof InvalidInputError && /2001:db8::1 appears twice in the base/.test(e.message),
    );
  });

  test('does not depend on input order, and lists come out sorted (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 40 }), (seed, n) => {
        const before = generateZone(n, seed);
        const after = generateZone(n, seed + 1, 3);
        const forward = diffMappings(before, after);
        const shuffled = diffMappings([...before].reverse(), [...after].reverse());
        assert.deepEqual(shuffled, forward);
        assert.equal(forward.added.length + forward.changed.length + forward.unchangedCount, after.length);
        assert.equal(forward.removed.length + forward.changed.length + forward.unchangedCount, before.length);
      }),
      { numRuns: 50 },
    );
  });
});
