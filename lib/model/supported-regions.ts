import type { WireSupportedRegions } from './wire-schema';

/** One region Cloudflare accepts for a vendor, with the Tiered Cache upper tiers it routes through. */
export interface SupportedRegion {
  /** Vendor region identifier, for example `us-east-1`. */
  readonly name: string;
  /** IATA codes of the upper-tier colos co-located with the region, for example `["IAD", "EWR"]`. */
  readonly upperTierColos: readonly string[];
}

/**
 * What `GET /zones/{zone_id}/origin/cloud_regions/supported_regions` says: the vendors and
 * regions valid for the zone's mappings.
 */
export interface SupportedRegions {
  /** Whether Cloudflare resolved the colo codes; when false, `upperTierColos` may be empty or incomplete. */
  readonly obtainedCodes: boolean;
  /** Vendor name → its supported regions, in the order the API gave. */
  readonly vendors: Readonly<Record<string, readonly SupportedRegion[]>>;
}

/**
 * The package's camelCase shape of supported regions in the API's wire shape: frozen, and `vendors` without a
 * prototype, filled with own data properties in the wire's order, so a vendor named `__proto__`,
 * `constructor` or `toString` is an ordinary key that neither vanishes nor reads as an inherited function.
 */
export function supportedRegionsFromWire(wire: WireSupportedRegions): SupportedRegions {
  const vendors = Object.create(null) as Record<string, readonly SupportedRegion[]>;
  for (const vendor of Object.keys(wire.vendors)) {
    const regions = wire.vendors[vendor].map((r) =>
      Object.freeze({ name: r.name, upperTierColos: Object.freeze([...r.upper_tier_colos]) }),
    );
    // Not writable, not configurable: defineProperty's defaults.
    Object.defineProperty(vendors, vendor, { value: Object.freeze(regions), enumerable: true });
  }
  return Object.freeze({ obtainedCodes: wire.obtained_codes, vendors: Object.freeze(vendors) });
}
