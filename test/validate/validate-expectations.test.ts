import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidExpectationError, InvalidInputError, OriginCloudRegionsError } from '../../lib/errors';
import { authorityFromSupportedRegions, catalogAuthority, validateExpectations } from '../../lib/validate';

const catalog = catalogAuthority();

function rejects(
  expectations: Parameters<typeof validateExpectations>[0],
  authority = catalog,
): InvalidExpectationError {
  try {
    validateExpectations(expectations, authority);
  } catch (e) {
    assert.ok(e instanceof InvalidExpectationError);
    return e;
  }
  assert.fail('expected InvalidExpectationError');
}

describe('validateExpectations', () => {
  test('returns canonical IPs in mapping order', () => {
    const out = validateExpectations(
      [
        { originIp: '2001:DB8:0::1', vendor: 'gcp', region: 'us-central1' },
        { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.9', vendor: 'azure', region: 'eastus' },
      ],
      catalog,
    );
    assert.deepEqual(out, [
      { originIp: '192.0.2.9', vendor: 'azure', region: 'eastus' },
      { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
      { originIp: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
    ]);
    assert.deepEqual(validateExpectations([], catalog), []);
  });

  test('unknown region → InvalidInputError on expect[i].region with did-you-mean', () => {
    const e = rejects([
      { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
      { originIp: '192.0.2.2', vendor: 'aws', region: 'us-east-1' },
      { originIp: '192.0.2.3', vendor: 'aws', region: 'us-east-1' },
      { originIp: '192.0.2.4', vendor: 'aws', region: 'us-east-3' },
    ]);
    assert.ok(e instanceof InvalidInputError);
    assert.ok(e instanceof OriginCloudRegionsError);
    assert.equal(e.code, 'OCR_INVALID_INPUT');
    assert.equal(e.field, 'expect[3].region');
    assert.deepEqual(e.problems, [
      {
        field: 'expect[3].region',
        message: 'region "us-east-3" is not a supported aws region; did you mean "us-east-1"?',
        suggestion: 'us-east-1',
      },
    ]);
    assert.match(e.message, /^1 invalid expectation, validated against the bundled catalog/);
    assert.match(e.message, /expect\[3\]\.region: region "us-east-3" .* did you mean "us-east-1"\?/);
    assert.match(e.message, /Fix these entries of `expect`/);
  });

  test('lists every bad entry at once: vendor, region, IP, duplicate IP', () => {
    const e = rejects([
      { originIp: '192.0.2.1', vendor: 'Amazon', region: 'us-east-1' },
      { originIp: 'origin.example.com', vendor: 'aws', region: 'us-east-1' },
      { originIp: '2001:db8::1', vendor: 'aws', region: 'us-central1' },
      { originIp: '2001:DB8:0::1', vendor: 'aws', region: 'us-east-1a' },
    ]);
    assert.deepEqual(
      e.problems.map((p) => [p.field, p.suggestion]),
      [
        ['expect[0].vendor', 'aws'],
        ['expect[1].originIp', undefined],
        ['expect[2].region', 'gcp/us-central1'],
        ['expect[3].originIp', undefined],
        ['expect[3].region', 'us-east-1'],
      ],
    );
    assert.equal(e.field, 'expect[0].vendor');
    assert.match(e.message, /^5 invalid expectations/);
    assert.match(e.problems[3].message, /2001:db8::1 is already expected by expect\[2\]/);
    assert.equal(e.message.split('\n').length, 7, 'header, five problems, fix');
  });

  test('vendor and region must match exactly, as the API compares them', () => {
    const e = rejects([{ originIp: '192.0.2.1', vendor: 'AWS', region: 'US-EAST-1' }]);
    assert.deepEqual(
      e.problems.map((p) => [p.field, p.suggestion]),
      [['expect[0].vendor', 'aws']],
    );
  });

  test('uses the live authority when given', () => {
    const live = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: { aws: [{ name: 'us-east-1', upperTierColos: ['IAD'] }] },
    });
    const e = rejects([{ originIp: '192.0.2.1', vendor: 'aws', region: 'eu-west-1' }], live);
    assert.equal(e.field, 'expect[0].region');
    assert.match(e.message, /supported_regions/);
    assert.deepEqual(validateExpectations([{ originIp: '192.0.2.1', vendor: 'azure', region: 'westeurope' }], live), [
      { originIp: '192.0.2.1', vendor: 'azure', region: 'westeurope' },
    ]);
  });
});
