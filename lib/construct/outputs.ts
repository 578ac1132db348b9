import type { ExpectationDrift } from '../drift/expectations';
import { VENDORS, type OriginCloudRegionMapping } from '../model/mapping';
import { upperTierColosFor, type RegionAuthority } from '../validate/authority';
import type { ValidationFinding } from '../validate/validate-mappings';

/**
 * Pure builders of the construct's Terraform output values (the "Terraform output / marker contract").
 * Every list is in `sortMappings` order: cdktf sorts object keys when it writes JSON, but not arrays.
 */

/** One entry of the `ocr_<zone>_mappings` output. */
export interface MappingOutputEntry {
  /** Canonical origin IP. */
  readonly origin_ip: string;
  /** Cloud vendor. */
  readonly vendor: string;
  /** Vendor region. */
  readonly region: string;
  /** Tiered Cache upper-tier colos for the region; empty when unknown. */
  readonly upper_tier_colos: readonly string[];
}

/** The Terraform names of one zone's outputs and drift marker (see {@link outputNames}). */
export interface OutputNames {
  /** `ocr_<zone>_mappings`: the full mapping list. */
  readonly mappings: string;
  /** `ocr_<zone>_vendor_counts`: mappings per vendor. */
  readonly vendorCounts: string;
  /** `ocr_<zone>_upper_tier_colos`: origin IP → upper-tier colos, where known. */
  readonly upperTierColos: string;
  /** `ocr_<zone>_validation`: the authority used and the findings. */
  readonly validation: string;
  /** `ocr_<zone>_drift`: comparison with the expectations (only emitted with `expect`). */
  readonly drift: string;
  /** `ocr_<zone>_marker`: the logical id of the marker resource. */
  readonly marker: string;
}

/** The names of one zone's outputs and marker. Stable, and unique per zone within a stack. */
export function outputNames(zoneId: string): OutputNames {
  const p = `ocr_${zoneId}`;
  return {
    mappings: `${p}_mappings`,
    vendorCounts: `${p}_vendor_counts`,
    upperTierColos: `${p}_upper_tier_colos`,
    validation: `${p}_validation`,
    drift: `${p}_drift`,
    marker: `${p}_marker`,
  };
}

/** The `ocr_<zone>_mappings` value: every mapping (no `modified_on`, so plans are not noisy). */
export function mappingsOutput(
  mappings: readonly OriginCloudRegionMapping[],
  authority: RegionAuthority,
): MappingOutputEntry[] {
  return mappings.map((m) => ({
    origin_ip: m.originIp,
    vendor: m.vendor,
    region: m.region,
    upper_tier_colos: [...(upperTierColosFor(authority, m.vendor, m.region) ?? [])],
  }));
}

/** The `ocr_<zone>_vendor_counts` value: every known vendor (0 when absent), plus any other vendor seen. */
export function vendorCountsOutput(mappings: readonly OriginCloudRegionMapping[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of VENDORS) counts[v] = 0;
  for (const m of mappings) counts[m.vendor] = (counts[m.vendor] ?? 0) + 1;
  return counts;
}

/** The `ocr_<zone>_upper_tier_colos` value: origin IP → colos, for mappings whose colos are known. */
export function upperTierColosOutput(
  mappings: readonly OriginCloudRegionMapping[],
  authority: RegionAuthority,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of mappings) {
    const colos = upperTierColosFor(authority, m.vendor, m.region);
    if (colos !== undefined) out[m.originIp] = [...colos];
  }
  return out;
}

/** The `ocr_<zone>_validation` value: which authority decided, and every finding (`suggestion` null when none). */
export function validationOutput(
  authorityKind: RegionAuthority['kind'],
  findings: readonly ValidationFinding[],
): { authority: string; findings: { origin_ip: string; kind: string; value: string; suggestion: string | null }[] } {
  return {
    authority: authorityKind,
    findings: findings.map((f) => ({
      origin_ip: f.originIp,
      kind: f.kind,
      value: f.value,
      suggestion: f.suggestion ?? null,
    })),
  };
}

/** The `ocr_<zone>_drift` value, in the wire shape of the other outputs (snake_case, `sortMappings` order). */
export function driftOutput(drift: ExpectationDrift): {
  in_sync: boolean;
  missing: { origin_ip: string; vendor: string; region: string }[];
  mismatched: {
    origin_ip: string;
    expected: { vendor: string; region: string };
    actual: { vendor: string; region: string };
  }[];
  unexpected: { origin_ip: string; vendor: string; region: string }[];
} {
  return {
    in_sync: drift.inSync,
    missing: drift.missing.map((e) => ({ origin_ip: e.originIp, vendor: e.vendor, region: e.region })),
    mismatched: drift.mismatched.map((m) => ({
      origin_ip: m.originIp,
      expected: { vendor: m.expected.vendor, region: m.expected.region },
      actual: { vendor: m.actual.vendor, region: m.actual.region },
    })),
    unexpected: drift.unexpected.map((m) => ({ origin_ip: m.originIp, vendor: m.vendor, region: m.region })),
  };
}

/** One line for an annotation: what drifted from the expectations. */
export function describeDrift(zoneId: string, drift: ExpectationDrift): string {
  const parts: string[] = [];
  for (const e of drift.missing) parts.push(`${e.originIp} expected in ${e.vendor}/${e.region} but not mapped`);
  for (const m of drift.mismatched) {
    parts.push(
      `${m.originIp} expected in ${m.expected.vendor}/${m.expected.region} but mapped to ${m.actual.vendor}/${m.actual.region}`,
    );
  }
  for (const m of drift.unexpected) parts.push(`${m.originIp} mapped to ${m.vendor}/${m.region} but not expected`);
  const shown = parts.slice(0, 10).join('; ') + (parts.length > 10 ? `; and ${parts.length - 10} more` : '');
  return (
    `zone ${zoneId} differs from its expected mappings: ${shown}. ` +
    `Update \`expect\` or the zone's mappings (see output ${outputNames(zoneId).drift}).`
  );
}
