import { lookupResultOf, resolverFromResults, OriginCloudRegions } from '../../lib/construct';
import type { ZoneLookupResult } from '../../lib/lookup/types';
import { canonicalIp } from '../../lib/model/ip';
import type { ApiMapping, OriginCloudRegionMapping } from '../../lib/model/mapping';
import type { SupportedRegions } from '../../lib/model/supported-regions';
import type { EmulatorSeed } from '../../lib/emulator/types';
import type { IConstruct } from 'constructs';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE } from './constants';
import { testSeed } from './seed';

/**
 * Lookup results built from the test seed without a server: what the emulator would answer for its zones,
 * validated by the same code as a real lookup. For construct tests that test logic, not the fetch.
 */

/** A seed mapping as the client returns it (canonical IP, camelCase). */
export function toMapping(m: ApiMapping): OriginCloudRegionMapping {
  return {
    originIp: canonicalIp(m.origin_ip, 'origin_ip'),
    vendor: m.vendor,
    region: m.region,
    ...(m.modified_on === undefined ? {} : { modifiedOn: m.modified_on }),
  };
}

/** The seed's supported regions as the client returns them. */
export function seedSupportedRegions(seed: EmulatorSeed): SupportedRegions {
  const api = seed.supportedRegions!;
  return {
    obtainedCodes: api.obtained_codes,
    vendors: Object.fromEntries(
      Object.entries(api.vendors).map(([vendor, regions]) => [
        vendor,
        regions.map((r) => ({ name: r.name, upperTierColos: [...r.upper_tier_colos] })),
      ]),
    ),
  };
}

/**
 * The result of a seeded zone: validated against the seed's supported regions, or, for a zone with Tiered
 * Cache off, against the catalog with the reason the emulator's HTTP 400 gives.
 */
export function seedResult(zoneId: string = DEMO_ZONE, seed: EmulatorSeed = testSeed()): ZoneLookupResult {
  const zone = seed.zones[zoneId];
  const mappings = zone.mappings.map(toMapping);
  if (zone.tieredCache === false) {
    return lookupResultOf({
      zoneId,
      mappings,
      fallbackCause:
        'supported_regions unavailable (HTTP 400: 1159 Tiered Cache must be enabled on the zone to use origin cloud regions.)',
    });
  }
  return lookupResultOf({ zoneId, mappings, supportedRegions: seedSupportedRegions(seed) });
}

/** Makes every lookup of `scope`'s app answer from the test seed's zones (the demo zone and the Tiered-Cache-off zone). */
export function useSeedResults(scope: IConstruct, extra: readonly ZoneLookupResult[] = []): void {
  OriginCloudRegions.useResolver(
    scope,
    resolverFromResults([seedResult(DEMO_ZONE), seedResult(NO_TIERED_CACHE_ZONE), ...extra]),
  );
}
