import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlacement, placementOf } from '../../lib/model/mapping';

const fail = (field: string, problem: string): never => {
  throw new RangeError(`${field}: ${problem}`);
};

describe('parsePlacement', () => {
  test('splits at the first slash: a region may hold one, a vendor never does', () => {
    assert.deepEqual(parsePlacement('aws/us-east-1', 'placement', fail), { vendor: 'aws', region: 'us-east-1' });
    assert.deepEqual(parsePlacement('gcp/europe/west', 'placement', fail), { vendor: 'gcp', region: 'europe/west' });
  });

  test('is the inverse of placementOf for every vendor without a slash', () => {
    const side = fc.string({ minLength: 1 });
    fc.assert(
      fc.property(
        side.filter((s) => !s.includes('/')),
        side,
        (vendor, region) => {
          assert.deepEqual(parsePlacement(placementOf({ vendor, region }), 'f', fail), { vendor, region });
        },
      ),
    );
  });

  for (const bad of ['', 'aws', '/us-east-1', 'aws/', '/']) {
    test(`refuses ${JSON.stringify(bad)} through the caller's failure, naming the field`, () => {
      assert.throws(() => parsePlacement(bad, 'output ocr_z_mappings["192.0.2.1"]', fail), {
        name: 'RangeError',
        message: 'output ocr_z_mappings["192.0.2.1"]: is not "<vendor>/<region>"',
      });
    });
  }
});
