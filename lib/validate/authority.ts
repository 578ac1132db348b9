import { VENDORS } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { CATALOG_GENERATED, catalogRegions } from './catalog';
import { compareCodeUnits } from '../model/order';

/** What the validation knows about one region of a vendor. */
export interface RegionInfo {
  /** The region's upper-tier colos in the API's order; `undefined` when the live list did not say them. */
  readonly upperTierColos: readonly string[] | undefined;
  /** The catalog's display name of the region (`US East (N. Virginia)`), when it has one. */
  readonly name?: string;
}

/** The vendors and regions that mappings and expectations are validated against. */
export interface RegionAuthority {
  readonly kind: 'supported_regions' | 'catalog';
  /** Vendor → region id → what is known about that region, keys in sorted order. */
  readonly vendors: ReadonlyMap<string, ReadonlyMap<string, RegionInfo>>;
  /** For annotations and reports, for example why the catalog was used. */
  readonly reason?: string;
  /** Vendors of {@link VENDORS} the live list left out, whose regions come from the catalog. */
  readonly catalogVendors?: readonly string[];
}

/**
 * The authority of the zone's live `supported_regions`. A vendor it names is valid, even one this package does not
 * know yet (the API decides); a vendor of {@link VENDORS} it leaves out is checked against the catalog, as flagging
 * its every mapping would be a false alarm; any other vendor is unknown. With `obtainedCodes` false the colo lists
 * may be incomplete, so no region's colos are known.
 */
export function authorityFromSupportedRegions(sr: SupportedRegions): RegionAuthority {
  const vendors = new Map<string, Map<string, RegionInfo>>();
  for (const [vendor, regions] of Object.entries(sr.vendors)) {
    const catalog = catalogVendorRegions(vendor);
    const byId = new Map<string, RegionInfo>();
    for (const region of regions) {
      const name = catalog.get(region.name)?.name;
      const colos = sr.obtainedCodes ? [...region.upperTierColos] : undefined;
      byId.set(region.name, name === undefined ? { upperTierColos: colos } : { upperTierColos: colos, name });
    }
    vendors.set(vendor, byId);
  }
  const catalogVendors = VENDORS.filter((v) => !vendors.has(v));
  for (const vendor of catalogVendors) vendors.set(vendor, catalogVendorRegions(vendor));
  const reason =
    catalogVendors.length === 0
      ? "validated against the zone's supported_regions"
      : `validated against the zone's supported_regions; it lists no regions for ${catalogVendors.join(', ')}, ` +
        `so ${catalogVendors.length === 1 ? 'that vendor is' : 'those vendors are'} validated against the bundled catalog (generated ${CATALOG_GENERATED})`;
  return { kind: 'supported_regions', vendors: sortedVendors(vendors), reason, catalogVendors };
}

/** The authority of the bundled catalog (no colos known); `reason` says why it is used ({@link catalogFallbackReason}). */
export function catalogAuthority(reason?: string): RegionAuthority {
  const vendors = new Map<string, Map<string, RegionInfo>>(VENDORS.map((v) => [v, catalogVendorRegions(v)]));
  return {
    kind: 'catalog',
    vendors: sortedVendors(vendors),
    reason: reason ?? `validated against the bundled catalog (generated ${CATALOG_GENERATED})`,
    catalogVendors: [],
  };
}

/** `<cause> — validated against the bundled catalog (generated <date>)`, for {@link catalogAuthority}. */
export function catalogFallbackReason(cause: string): string {
  return `${cause} — validated against the bundled catalog (generated ${CATALOG_GENERATED})`;
}

/** The upper-tier colos of `vendor`/`region`, or `undefined` when the authority does not know them. */
export function upperTierColosFor(
  authority: RegionAuthority,
  vendor: string,
  region: string,
): readonly string[] | undefined {
  return authority.vendors.get(vendor)?.get(region)?.upperTierColos;
}

/** Whether `region` is valid for `vendor`: exact and case-sensitive, as the API is. */
export function isKnownRegion(authority: RegionAuthority, vendor: string, region: string): boolean {
  return authority.vendors.get(vendor)?.has(region) ?? false;
}

function catalogVendorRegions(vendor: string): Map<string, RegionInfo> {
  const byId = new Map<string, RegionInfo>();
  for (const r of catalogRegions(vendor)) {
    byId.set(r.id, r.name === null ? { upperTierColos: undefined } : { upperTierColos: undefined, name: r.name });
  }
  return byId;
}

// Sorted keys make every iteration over the authority (suggestions, messages) independent of API order.
function sortedVendors(vendors: Map<string, Map<string, RegionInfo>>): Map<string, Map<string, RegionInfo>> {
  const out = new Map<string, Map<string, RegionInfo>>();
  for (const vendor of [...vendors.keys()].sort()) {
    const regions = vendors.get(vendor)!;
    out.set(vendor, new Map([...regions.entries()].sort(([a], [b]) => compareCodeUnits(a, b))));
  }
  return out;
}
