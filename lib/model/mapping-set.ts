import type { SupportedRegions } from './supported-regions';

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
  /** The zone's own label (the construct's `label`, from `ocr_<zone>_summary`), when the source carries one. */
  readonly zoneLabel?: string;
  /**
   * The zone's supported regions, when the source holds them (a snapshot); `null` when the snapshot
   * says they were unavailable. Reports validate added and changed origins against them.
   */
  readonly supportedRegions?: SupportedRegions | null;
  /**
   * The validation the source recorded at synth (`ocr_<zone>_validation`): which authority decided and
   * every finding. Reports prefer it to validating again, because it is exactly what synth saw.
   */
  readonly validation?: {
    /** `supported_regions` or `catalog`, as the output says. */
    readonly authority: string;
    /** The findings, one per problem. */
    readonly findings: readonly RecordedFinding[];
  };
}

/** A validation finding about one origin, as a source recorded it (fields as plain strings). */
export interface RecordedFinding {
  /** Canonical origin IP. */
  readonly originIp: string;
  /** The finding kind, for example `unknown-region`. */
  readonly kind: string;
  /** The offending value. */
  readonly value: string;
  /** What the value should probably be, when something is close. */
  readonly suggestion?: string;
  /** The finding as one sentence. */
  readonly message: string;
}

/** The mapping list inside a {@link MappingSetLike}. */
export function mappingsOf(set: MappingSetLike): readonly MappingEntry[] {
  return Array.isArray(set)
    ? (set as readonly MappingEntry[])
    : (set as { readonly mappings: readonly MappingEntry[] }).mappings;
}
