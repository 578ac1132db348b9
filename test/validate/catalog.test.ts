import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FEED_VENDORS, isPseudoRegion, type FeedVendor } from '../../lib/ipranges';
import { parseFeed } from '../../lib/ipranges/parse';
import { type IpRangeFeed } from '../../lib/ipranges/types';
import { VENDORS } from '../../lib/model/mapping';
import {
  authorityFromSupportedRegions,
  CATALOG_GENERATED,
  CLOUD_REGION_CATALOG,
  catalogAuthority,
  catalogRegions,
  suggestRegion,
} from '../../lib/validate';
import { hasRegionIdShape } from '../../lib/validate/suggest';

const FIXTURES = path.join(__dirname, '..', 'ipranges', 'fixtures');

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

describe('bundled catalog against the feeds it was refreshed from', () => {
  // The excerpts scripts/refresh-catalog.ts wrote: one prefix per region of each real feed.
  const excerpt = (vendor: FeedVendor): IpRangeFeed =>
    parseFeed(vendor, readFileSync(path.join(FIXTURES, `${vendor}-excerpt.json`), 'utf8'), vendor);
  const feedRegions = (vendor: FeedVendor): string[] =>
    [...new Set(excerpt(vendor).prefixes.map((p) => p.region))].filter((r) => !isPseudoRegion(r));

  test('covers every region named in the feed excerpts, and records their versions', () => {
    for (const vendor of FEED_VENDORS) {
      const ids = new Set(catalogRegions(vendor).map((r) => r.id));
      const missing = feedRegions(vendor).filter((r) => !ids.has(r));
      assert.deepEqual(missing, [], `${vendor}: run scripts/refresh-catalog.ts (docs/development.md)`);
      assert.equal(CLOUD_REGION_CATALOG.feeds?.[vendor]?.version, excerpt(vendor).version, vendor);
    }
  });

  test('a real region of one vendor never gets a did-you-mean naming another vendor', () => {
    for (const vendor of FEED_VENDORS) {
      const others = FEED_VENDORS.filter((v) => v !== vendor);
      for (const region of feedRegions(vendor)) {
        // The shape that keeps a region newer than the catalog from looking like another vendor's typo.
        assert.ok(hasRegionIdShape(vendor, region), `${vendor}/${region} has the shape of ${vendor} ids`);
        for (const other of others) assert.ok(!catalogRegions(other).some((r) => r.id === region), region);
        // A live list that lags (it lists only us-east-1 of aws, say): no other vendor suggested.
        const live = authorityFromSupportedRegions({
          obtainedCodes: false,
          vendors: Object.fromEntries(
            FEED_VENDORS.map((v) => [
              v,
              catalogRegions(v)
                .filter((r) => r.id !== region)
                .map((r) => ({ name: r.id, upperTierColos: [] })),
            ]),
          ),
        });
        const suggestion = suggestRegion(live, vendor, region);
        assert.ok(
          suggestion === undefined || suggestion.vendor === vendor,
          `${vendor}/${region}: ${JSON.stringify(suggestion)}`,
        );
      }
    }
    // The case that failed: aws me-west-1 is not gcp me-west1, whatever the authority lists.
    assert.equal(hasRegionIdShape('aws', 'me-west-1'), true);
    assert.equal(hasRegionIdShape('gcp', 'me-west-1'), false);
  });

  test('the README says how old the catalog is: its date and the feed versions', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.ok(readme.includes(`generated ${CATALOG_GENERATED}`), `README names generated ${CATALOG_GENERATED}`);
    for (const vendor of FEED_VENDORS) {
      const version = CLOUD_REGION_CATALOG.feeds?.[vendor]?.version ?? '';
      assert.ok(readme.includes(version), `README names the ${vendor} feed version ${version}`);
    }
  });
});
