import type { SupportedRegions } from './supported-regions';

/** One mapping as any source holds it (snapshot, synthesized stack, plan, live API); IPs compare canonical. */
export interface MappingEntry {
  readonly originIp: string;
  readonly vendor: string;
  readonly region: string;
  /** The region's upper-tier colos, when the source knows them (snapshots, synthesized outputs). */
  readonly upperTierColos?: readonly string[];
  /** Accepted so live lists pass as they are; never compared. */
  readonly modifiedOn?: string;
}

/** A list of mappings, or anything that carries one in a `mappings` field (a `MappingList`, a snapshot set). */
export type MappingSetLike = readonly MappingEntry[] | { readonly mappings: readonly MappingEntry[] };

/** One zone's mappings (in `sortMappings` order, IPs canonical) as read from one source. */
export interface ZoneMappingSet {
  readonly zoneId: string;
  readonly mappings: readonly MappingEntry[];
  /** Where the mappings came from, for reports (for example `cdktf.out/stacks/main/cdk.tf.json`). */
  readonly label: string;
  /** The construct's `label` (from `ocr_<zone>_summary`), when the source carries one. */
  readonly zoneLabel?: string;
  /** A snapshot's supported regions (`null`: unavailable then), which reports validate new origins against. */
  readonly supportedRegions?: SupportedRegions | null;
  /** The validation recorded at synth (`ocr_<zone>_validation`): reports prefer it, as exactly what synth saw. */
  readonly validation?: {
    readonly authority: string;
    readonly findings: readonly RecordedFinding[];
  };
}

/** A validation finding about one origin, as a source recorded it (fields as plain strings). */
export interface RecordedFinding {
  readonly originIp: string;
  readonly kind: string;
  readonly value: string;
  readonly suggestion?: string;
  readonly message: string;
}

/** The mapping list inside a {@link MappingSetLike}. */
export function mappingsOf(set: MappingSetLike): readonly MappingEntry[] {
  return Array.isArray(set)
    ? (set as readonly MappingEntry[])
    : (set as { readonly mappings: readonly MappingEntry[] }).mappings;
}
