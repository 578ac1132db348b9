import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VENDORS } from '../../lib/model/mapping';
import { CATALOG_GENERATED, CLOUD_REGION_CATALOG, catalogAuthority, catalogRegions } from '../../lib/validate';

describe('bundled catalog', () => {
  test('holds every vendor of VENDORS with more than 30 regions and its sources', () => {
    for (const vendor of VENDORS) {
      const entry = CLOUD_REGION_CATALOG.vendors[vendor];
      assert.ok(entry, vendor);
      assert.ok(entry.regions.length > 30, `${vendor}: ${entry.regions.length} regions`);
      // The provenance travels with the data: each vendor's first source names a repository at a pinned commit.
      assert.match(entry.sources[0], /^github\.com\/[\w.-]+\/[\w.-]+ @ [0-9a-f]{40} /, `${vendor} cites a commit`);
    }
    assert.match(CATALOG_GENERATED, /^\d{4}-\d{2}-\d{2}$/);
  });

  test('holds the regions of the documented examples, with display names', () => {
    const aws = catalogRegions('aws');
    assert.equal(aws.find((r) => r.id === 'us-east-1')?.name, 'US East (N. Virginia)');
    assert.ok(catalogRegions('gcp').some((r) => r.id === 'us-central1'));
    assert.ok(catalogRegions('gcp').some((r) => r.id === 'europe-west1'));
    assert.ok(catalogRegions('azure').some((r) => r.id === 'eastus'));
    assert.ok(catalogRegions('oci').some((r) => r.id === 'us-ashburn-1'));
    assert.deepEqual(catalogRegions('ibm'), []);
    assert.deepEqual(catalogRegions('constructor'), [], 'no prototype keys');
  });

  test('catalogAuthority has every catalog region, no colos, and says it is the catalog', () => {
    const a = catalogAuthority();
    assert.equal(a.kind, 'catalog');
    assert.deepEqual([...a.vendors.keys()], ['aws', 'azure', 'gcp', 'oci']);
    for (const vendor of VENDORS) {
      assert.equal(a.vendors.get(vendor)!.size, catalogRegions(vendor).length);
      for (const info of a.vendors.get(vendor)!.values()) assert.equal(info.upperTierColos, undefined);
    }
    assert.equal(a.reason, `validated against the bundled catalog (generated ${CATALOG_GENERATED})`);
    assert.equal(catalogAuthority('offline').reason, 'offline');
  });
});
