import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SupportedRegions } from '../../lib/model/supported-regions';
import {
  CATALOG_GENERATED,
  authorityFromSupportedRegions,
  catalogAuthority,
  catalogFallbackReason,
  isKnownRegion,
  upperTierColosFor,
} from '../../lib/validate';

const live: SupportedRegions = {
  obtainedCodes: true,
  vendors: {
    gcp: [{ name: 'us-central1', upperTierColos: ['ORD'] }],
    aws: [
      { name: 'us-west-2', upperTierColos: ['SEA'] },
      { name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] },
    ],
  },
};

describe('authorityFromSupportedRegions', () => {
  test('takes regions and upper-tier colos from the live list', () => {
    const a = authorityFromSupportedRegions(live);
    assert.equal(a.kind, 'supported_regions');
    assert.deepEqual(upperTierColosFor(a, 'aws', 'us-east-1'), ['IAD', 'EWR']);
    assert.deepEqual(upperTierColosFor(a, 'gcp', 'us-central1'), ['ORD']);
    assert.equal(upperTierColosFor(a, 'aws', 'us-east-3'), undefined);
    assert.equal(upperTierColosFor(a, 'ibm', 'us-east-1'), undefined);
    // Only the live regions count for a vendor the live list names, even real AWS regions.
    assert.equal(isKnownRegion(a, 'aws', 'us-east-1'), true);
    assert.equal(isKnownRegion(a, 'aws', 'eu-west-1'), false);
  });

  test('adds catalog display names to live regions', () => {
    const a = authorityFromSupportedRegions(live);
    assert.equal(a.vendors.get('aws')!.get('us-east-1')!.name, 'US East (N. Virginia)');
  });

  test('validates a vendor of VENDORS missing from the live list against the catalog, and says so', () => {
    const a = authorityFromSupportedRegions(live);
    assert.deepEqual(a.catalogVendors, ['azure', 'oci']);
    assert.equal(isKnownRegion(a, 'azure', 'eastus'), true);
    assert.equal(isKnownRegion(a, 'oci', 'us-ashburn-1'), true);
    assert.equal(upperTierColosFor(a, 'azure', 'eastus'), undefined);
    assert.match(a.reason!, /lists no regions for azure, oci/);
    assert.match(a.reason!, new RegExp(`bundled catalog \\(generated ${CATALOG_GENERATED}\\)`));
  });

  test('accepts a vendor the live list names even when this package does not know it', () => {
    const a = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: { ibm: [{ name: 'us-south', upperTierColos: ['DFW'] }] },
    });
    assert.equal(isKnownRegion(a, 'ibm', 'us-south'), true);
    assert.deepEqual(upperTierColosFor(a, 'ibm', 'us-south'), ['DFW']);
    assert.deepEqual(a.catalogVendors, ['aws', 'azure', 'gcp', 'oci']);
  });

  test('treats colos as unknown when Cloudflare did not obtain the codes', () => {
    const a = authorityFromSupportedRegions({ ...live, obtainedCodes: false });
    assert.equal(upperTierColosFor(a, 'aws', 'us-east-1'), undefined);
    assert.equal(isKnownRegion(a, 'aws', 'us-east-1'), true);
  });

  test('reason says plainly when every vendor came from the live list', () => {
    const a = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: Object.fromEntries(['aws', 'azure', 'gcp', 'oci'].map((v) => [v, [{ name: 'r1', upperTierColos: [] }]])),
    });
    assert.deepEqual(a.catalogVendors, []);
    assert.equal(a.reason, "validated against the zone's supported_regions");
    assert.deepEqual(upperTierColosFor(a, 'oci', 'r1'), [], 'known to have no colos');
  });

  test('iterates vendors and regions in sorted order whatever the API order', () => {
    const a = authorityFromSupportedRegions(live);
    const b = authorityFromSupportedRegions({
      obtainedCodes: true,
      vendors: { aws: [...live.vendors.aws].reverse(), gcp: live.vendors.gcp },
    });
    assert.deepEqual([...a.vendors.keys()], ['aws', 'azure', 'gcp', 'oci']);
    assert.deepEqual([...a.vendors.get('aws')!.keys()], ['us-east-1', 'us-west-2']);
    assert.deepEqual(
      [...a.vendors].map(([v, r]) => [v, [...r.keys()]]),
      [...b.vendors].map(([v, r]) => [v, [...r.keys()]]),
    );
  });
});

describe('catalogFallbackReason', () => {
  test('names the cause and the catalog date', () => {
    const reason = catalogFallbackReason('supported_regions unavailable: 403 Forbidden');
    assert.equal(
      reason,
      `supported_regions unavailable: 403 Forbidden — validated against the bundled catalog (generated ${CATALOG_GENERATED})`,
    );
    assert.equal(catalogAuthority(reason).reason, reason);
  });
});
