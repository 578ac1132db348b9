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
