import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidInputError } from '../../lib/errors';
import { parsePlacement, placementOf } from '../../lib/model/mapping';

describe('parsePlacement', () => {
  test('splits at the first slash: a region may hold one, a vendor never does', () => {
    assert.deepEqual(parsePlacement('aws/us-east-1', 'placement'), { vendor: 'aws', region: 'us-east-1' });
    assert.deepEqual(parsePlacement('gcp/europe/west', 'placement'), { vendor: 'gcp', region: 'europe/west' });
  });

  test('is the inverse of placementOf for every vendor without a slash', () => {
    const side = fc.string({ minLength: 1 });
    fc.assert(
      fc.property(
        side.filter((s) => !s.includes('/')),
        side,
        (vendor, region) => {
          assert.deepEqual(parsePlacement(placementOf({ vendor, region }), 'f'), { vendor, region });
        },
      ),
    );
  });

  for (const bad of ['', 'aws', '/us-east-1', 'aws/', '/']) {
    test(`refuses ${JSON.stringify(bad)} with an InvalidInputError naming the field and the fix`, () => {
      assert.throws(
        () => parsePlacement(bad, 'output ocr_z_mappings["192.0.2.1"]'),
        (error: unknown) =>
          error instanceof InvalidInputError &&
          error.code === 'OCR_INVALID_INPUT' &&
          error.field === 'output ocr_z_mappings["192.0.2.1"]' &&
          error.message ===
            'output ocr_z_mappings["192.0.2.1"] is not "<vendor>/<region>". Write the vendor, a slash and the region, for example "aws/us-east-1".',
      );
    });
  }

  test("reports through the caller's failure when one is given", () => {
    const fail = (field: string, problem: string): never => {
      throw new RangeError(`${field}: ${problem}`);
    };
    assert.throws(() => parsePlacement('aws', 'x', fail), {
      name: 'RangeError',
      message: 'x: is not "<vendor>/<region>"',
    });
  });
});
