import { VENDORS } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { CATALOG_GENERATED, catalogRegions } from './catalog';
import { compareCodeUnits } from '../model/order';

/** What the validation knows about one region of a vendor. */
export interface RegionInfo {
  /**
   * IATA codes of the Tiered Cache upper-tier colos the region routes through, in the API's order;
   * `undefined` when not known (catalog authority, a vendor the live list omits, or `obtained_codes: false`).
   */
  readonly upperTierColos: readonly string[] | undefined;
  /** The vendor's display name of the region (for example `US East (N. Virginia)`), when the catalog has one. */
  readonly name?: string;
}

/**
 * The list of vendors and regions that mappings and expectations are validated against.
 *
 * Build it with {@link authorityFromSupportedRegions} (the zone's live list, preferred) or
 * {@link catalogAuthority} (the bundled, sourced catalog; the fallback when the live list is unavailable).
 */
export interface RegionAuthority {
  /** Which source decided: the zone's live `supported_regions`, or the bundled catalog. */
  readonly kind: 'supported_regions' | 'catalog';
  /** Vendor → region id → what is known about that region. Keys iterate in sorted order. */
  readonly vendors: ReadonlyMap<string, ReadonlyMap<string, RegionInfo>>;
  /** Human explanation of the authority, for annotations and reports (for example why the catalog was used). */
  readonly reason?: string;
  /**
   * Vendors of {@link VENDORS} that the live `supported_regions` did not list and whose regions therefore
   * come from the bundled catalog. Empty for a catalog authority.
   */
  readonly catalogVendors?: readonly string[];
}

/**
 * Builds the authority from the zone's live `supported_regions` answer.
 *
 * Rules (why: the live list is per zone and Cloudflare may list only some vendors):
 * - A vendor the live list names is valid, even one this package does not know yet: the API is the
 *   authority, and this package should not lag behind a vendor Cloudflare adds.
 * - A vendor of {@link VENDORS} the live list leaves out is validated against the bundled catalog
 *   (its regions carry no upper-tier colos) and is named in {@link RegionAuthority.catalogVendors} and the
 *   reason. Flagging every mapping of such a vendor would be a false alarm: the API accepts the vendor.
 * - Any other vendor is unknown.
 * - When `obtainedCodes` is false, Cloudflare says the colo lists may be empty or incomplete, so
 *   every region's `upperTierColos` is `undefined` (unknown) rather than a list that might be wrong.
 * - Display names come from the catalog, so that did-you-mean recognises `US East (N. Virginia)`.
 */
export function authorityFromSupportedRegions(sr: SupportedRegions): RegionAuthority {
  const vendors = new Map<string, Map<string, RegionInfo>>();
  for (const [vendor, regions] of Object.entries(sr.vendors)) {
    const names = catalogNames(vendor);
    const byId = new Map<string, RegionInfo>();
    for (const region of regions) {
      const name = names.get(region.name);
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

/**
 * The authority built from the bundled catalog of cloud regions (`lib/validate/cloud-regions.json`, with its sources).
 * No region has known upper-tier colos: only the live `supported_regions` says which colos a region uses.
 *
 * @param reason - why the catalog is used, as a full sentence (for example
 *   `supported_regions unavailable (403) — validated against the bundled catalog (generated <date>)`);
 *   defaults to `validated against the bundled catalog (generated <date>)`
 */
export function catalogAuthority(reason?: string): RegionAuthority {
  const vendors = new Map<string, Map<string, RegionInfo>>();
  for (const vendor of VENDORS) vendors.set(vendor, catalogVendorRegions(vendor));
  return {
    kind: 'catalog',
    vendors: sortedVendors(vendors),
    reason: reason ?? `validated against the bundled catalog (generated ${CATALOG_GENERATED})`,
    catalogVendors: [],
  };
}

/**
 * The standard reason sentence for a catalog fallback, for {@link catalogAuthority}.
 *
 * @example catalogFallbackReason('supported_regions unavailable: 403 Forbidden')
 * // → 'supported_regions unavailable: 403 Forbidden — validated against the bundled catalog (generated 2026-11-28)'
 */
export function catalogFallbackReason(cause: string): string {
  return `${cause} — validated against the bundled catalog (generated ${CATALOG_GENERATED})`;
}

/**
 * The upper-tier colos Tiered Cache routes `vendor`/`region` through, or `undefined` when the
 * authority does not know them (or the region is not valid).
 */
export function upperTierColosFor(
  authority: RegionAuthority,
  vendor: string,
  region: string,
): readonly string[] | undefined {
  return authority.vendors.get(vendor)?.get(region)?.upperTierColos;
}

/** Whether `region` is valid for `vendor` according to the authority. Exact, case-sensitive match (as the API is). */
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

function catalogNames(vendor: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of catalogRegions(vendor)) if (r.name !== null) names.set(r.id, r.name);
  return names;
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
