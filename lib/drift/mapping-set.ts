/**
 * The shapes the drift code compares: one zone's mappings as read from any source
 * (snapshot, synthesized stack, Terraform plan, live API).
 */

/** One origin IP → cloud region mapping, with the upper-tier colos when the source knows them. */
export interface MappingEntry {
  /** Origin IP address, in any valid notation (compared in canonical form). */
  readonly originIp: string;
  /** Cloud vendor, for example `aws`. */
  readonly vendor: string;
  /** Vendor region identifier, for example `us-east-1`. */
  readonly region: string;
  /**
   * IATA codes of the Tiered Cache upper-tier colos for the mapping's region, when the source
   * knows them (snapshots with supported-regions data, synthesized outputs); absent otherwise.
   */
  readonly upperTierColos?: readonly string[];
  /** When Cloudflare last modified the mapping. Accepted so live lists pass as they are; never compared. */
  readonly modifiedOn?: string;
}

/** A list of mappings, or anything that carries one in a `mappings` field (a `MappingList`, a snapshot set). */
export type MappingSetLike =
  | readonly MappingEntry[]
  | {
      /** The mappings to compare; other fields of the object are ignored. */
      readonly mappings: readonly MappingEntry[];
    };

/** One zone's mappings as read from one source, with a human label naming where they came from. */
export interface ZoneMappingSet {
  /** The Cloudflare zone id. */
  readonly zoneId: string;
  /** The zone's mappings in `sortMappings` order, IPs canonical. */
  readonly mappings: readonly MappingEntry[];
  /** Where the mappings came from, for reports (for example `cdktf.out/stacks/main/cdk.tf.json`). */
  readonly label: string;
}

/** The mapping list inside a {@link MappingSetLike}. */
export function mappingsOf(set: MappingSetLike): readonly MappingEntry[] {
  return Array.isArray(set)
    ? (set as readonly MappingEntry[])
    : (set as { readonly mappings: readonly MappingEntry[] }).mappings;
}
