import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORS } from '../../lib/model/mapping';
import { CATALOG_GENERATED, CLOUD_REGION_CATALOG, catalogAuthority, catalogRegions } from '../../lib/validate';

describe('bundled catalog', () => {
  // The shared reference sits next to the checkout in the team's workspace, not in a clone of the repo.
  const reference = join(__dirname, '../../../shared/reference/cloud-regions.json');
  test('is byte-identical to the shared reference it was copied from', { skip: !existsSync(reference) }, () => {
    const shipped = readFileSync(join(__dirname, '../../lib/validate/cloud-regions.json'), 'utf8');
    assert.equal(shipped, readFileSync(reference, 'utf8'));
  });

  test('holds every vendor of VENDORS with more than 30 regions and its sources', () => {
    for (const vendor of VENDORS) {
      const entry = CLOUD_REGION_CATALOG.vendors[vendor];
      assert.ok(entry, vendor);
      assert.ok(entry.regions.length > 30, `${vendor}: ${entry.regions.length} regions`);
      assert.ok(entry.sources.length > 0, `${vendor} has sources`);
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
