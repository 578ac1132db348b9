import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authorityFromSupportedRegions, catalogAuthority, suggestRegion, suggestVendor } from '../../lib/validate';

const catalog = catalogAuthority();

function suggest(vendor: string, value: string) {
  return suggestRegion(catalog, vendor, value);
}

describe('suggestRegion', () => {
  test('typo → nearest region of the same vendor', () => {
    assert.deepEqual(suggest('aws', 'us-east-3'), { vendor: 'aws', region: 'us-east-1', reason: 'typo' });
    assert.deepEqual(suggest('aws', 'us-esat-1'), { vendor: 'aws', region: 'us-east-1', reason: 'typo' });
    assert.deepEqual(suggest('azure', 'westeurop'), { vendor: 'azure', region: 'westeurope', reason: 'typo' });
    assert.deepEqual(suggest('gcp', 'europe-west7'), { vendor: 'gcp', region: 'europe-west1', reason: 'typo' });
  });

  test('ties prefer the longer common prefix over alphabetical order', () => {
    assert.equal(suggest('aws', 'eu-east-1')?.region, 'eu-west-1');
  });

  test('availability zone or zone → its region', () => {
    assert.deepEqual(suggest('aws', 'us-east-1a'), { vendor: 'aws', region: 'us-east-1', reason: 'zone' });
    assert.deepEqual(suggest('aws', 'us-east-1-bos-1a'), { vendor: 'aws', region: 'us-east-1', reason: 'zone' });
    assert.deepEqual(suggest('gcp', 'us-central1-a'), { vendor: 'gcp', region: 'us-central1', reason: 'zone' });
    // A trailing number is a typo, not a zone: eastus2 is the better guess than eastus.
    assert.equal(suggest('azure', 'eastus-2')?.region, 'eastus2');
  });

  test('vendor:region and vendor/region notation', () => {
    assert.deepEqual(suggest('aws', 'aws:us-east-1'), { vendor: 'aws', region: 'us-east-1', reason: 'notation' });
    assert.deepEqual(suggest('gcp', 'gcp/europe-west1'), { vendor: 'gcp', region: 'europe-west1', reason: 'notation' });
    assert.deepEqual(suggest('aws', 'AWS: us-east-1a'), { vendor: 'aws', region: 'us-east-1', reason: 'notation' });
  });

  test('case, spaces and underscores', () => {
    assert.deepEqual(suggest('aws', 'US-EAST-1'), { vendor: 'aws', region: 'us-east-1', reason: 'notation' });
    assert.deepEqual(suggest('aws', ' us_east_1 '), { vendor: 'aws', region: 'us-east-1', reason: 'notation' });
    assert.deepEqual(suggest('azure', 'East US'), { vendor: 'azure', region: 'eastus', reason: 'notation' });
  });

  test('display name → region id', () => {
    assert.deepEqual(suggest('aws', 'US East (N. Virginia)'), {
      vendor: 'aws',
      region: 'us-east-1',
      reason: 'display-name',
    });
    assert.deepEqual(suggest('aws', 'europe (frankfurt)'), {
      vendor: 'aws',
      region: 'eu-central-1',
      reason: 'display-name',
    });
    assert.deepEqual(suggest('azure', 'West Europe')?.region, 'westeurope');
  });

  test('a region of another vendor → that vendor', () => {
    assert.deepEqual(suggest('aws', 'us-central1'), { vendor: 'gcp', region: 'us-central1', reason: 'other-vendor' });
    assert.deepEqual(suggest('aws', 'gcp:us-central1'), {
      vendor: 'gcp',
      region: 'us-central1',
      reason: 'other-vendor',
    });
    assert.deepEqual(suggest('gcp', 'eastus'), { vendor: 'azure', region: 'eastus', reason: 'other-vendor' });
    assert.deepEqual(suggest('azure', 'us-ashburn-1'), {
      vendor: 'oci',
      region: 'us-ashburn-1',
      reason: 'other-vendor',
    });
  });

  test('same-vendor spelling beats another vendor whose id squashes the same way', () => {
    // gcp "us-east1" and aws "us-east-1" differ only by a dash.
    assert.deepEqual(suggest('gcp', 'us-east-1'), { vendor: 'gcp', region: 'us-east1', reason: 'notation' });
    assert.deepEqual(suggest('aws', 'us-east1'), { vendor: 'aws', region: 'us-east-1', reason: 'notation' });
  });

  test('too far → no suggestion', () => {
    for (const far of ['zz-nowhere-9', 'mars-north-1', 'x', '', 'us-east-123456']) {
      assert.equal(suggest('aws', far), undefined, far);
    }
    assert.equal(suggest('ibm', 'us-south'), undefined);
  });

  test('only suggests regions the live authority lists', () => {
    const live = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: {
        aws: [
          { name: 'us-east-1', upperTierColos: ['IAD'] },
          { name: 'eu-west-1', upperTierColos: ['DUB'] },
        ],
      },
    });
    assert.equal(suggestRegion(live, 'aws', 'us-east-2')?.region, 'us-east-1');
    // A real aws region missing from the live list: not gcp's look-alike us-west2, and us-east-1 is 3 edits away.
    assert.equal(suggestRegion(live, 'aws', 'us-west-2'), undefined);
  });
});

describe('suggestVendor', () => {
  test('case, aliases, typos and transpositions', () => {
    assert.equal(suggestVendor(catalog, 'AWS'), 'aws');
    assert.equal(suggestVendor(catalog, 'Amazon'), 'aws');
    assert.equal(suggestVendor(catalog, 'Google Cloud'), 'gcp');
    assert.equal(suggestVendor(catalog, 'microsoft'), 'azure');
    assert.equal(suggestVendor(catalog, 'oracle'), 'oci');
    assert.equal(suggestVendor(catalog, 'azur'), 'azure');
    assert.equal(suggestVendor(catalog, 'gpc'), 'gcp');
  });

  test('infers the vendor from a region that belongs to exactly one vendor', () => {
    assert.equal(suggestVendor(catalog, 'cloud', 'us-central1'), 'gcp');
    assert.equal(suggestVendor(catalog, 'cloud', 'eastus'), 'azure');
  });

  test('nothing close → undefined', () => {
    assert.equal(suggestVendor(catalog, 'ibm'), undefined);
    assert.equal(suggestVendor(catalog, 'digitalocean', 'nyc1'), undefined);
  });
});
