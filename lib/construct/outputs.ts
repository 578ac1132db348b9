import type { ZoneCoverage } from '../coverage/types';
import type { ExpectationDrift } from '../expectations/compare';
import { compareCodeUnits } from '../model/order';
import { plainObjectOf } from '../model/record';
import { placementOf, VENDORS, type OriginCloudRegionMapping } from '../model/mapping';
import { quoteForMessage } from '../sinks/terminal';
import { upperTierColosFor, type RegionAuthority } from '../validate/authority';
import { keptSpelling, mergeNfcEqualKeys } from '../validate/key-collisions';
import type { ValidationFinding } from '../validate/validate-mappings';

/**
 * Pure builders of the construct's Terraform output values. Outputs are maps keyed by a stable id (origin IP, or
 * `vendor/region`) rather than lists: removing one element of a list shifts every later one, and `terraform plan`
 * shows origins that never moved as changed; a map changes only at the keys that changed. The construct makes every
 * string literal for Terraform (`terraformLiteralDeep`), which also leaves out `undefined` values: cdktf cannot
 * synthesize a `null` inside an output value.
 */

/** Which outputs a lookup emits (see {@link OriginCloudRegionsProps.outputs}). */
export type OutputSet = 'full' | 'summary';

/** The names of one zone's outputs and marker. Stable, and unique per zone within a stack. */
export function outputNames(zoneId: string) {
  const p = `ocr_${zoneId}`;
  return {
    mappings: `${p}_mappings`,
    vendorCounts: `${p}_vendor_counts`,
    upperTierColos: `${p}_upper_tier_colos`,
    summary: `${p}_summary`,
    validation: `${p}_validation`,
    drift: `${p}_drift`,
    marker: `${p}_marker`,
    coverage: `${p}_coverage`,
  };
}

/**
 * The `ocr_<zone>_vendor_counts` value: every known vendor (0 when absent), plus any other vendor seen; NFC-equal
 * vendors counted together under their NFC form, as Terraform reads them (each such origin has a finding).
 */
export function vendorCountsOutput(mappings: readonly OriginCloudRegionMapping[]): Record<string, number> {
  const counts = new Map<string, number>(VENDORS.map((v) => [v, 0]));
  for (const m of mappings) counts.set(m.vendor, (counts.get(m.vendor) ?? 0) + 1);
  return plainObjectOf(mergeNfcEqualKeys(counts, (values) => values.reduce((a, b) => a + b, 0)));
}

/**
 * The `ocr_<zone>_upper_tier_colos` value: `"vendor/region"` → upper-tier colos, for each placement whose colos the
 * authority knows. NFC-equal placements have one entry, under their NFC form, with the colos of the NFC spelling
 * (else the first one); each such origin has a `colliding-key` finding, which names dropped colos.
 */
export function upperTierColosOutput(
  mappings: readonly OriginCloudRegionMapping[],
  authority: RegionAuthority,
): Record<string, string[]> {
  const byPlacement = new Map<string, string[]>();
  for (const m of mappings) {
    const placement = placementOf(m);
    if (byPlacement.has(placement)) continue;
    const colos = upperTierColosFor(authority, m.vendor, m.region);
    if (colos !== undefined) byPlacement.set(placement, [...colos]);
  }
  return plainObjectOf(
    mergeNfcEqualKeys(byPlacement, (values, spellings, nfc) => values[spellings.indexOf(keptSpelling(nfc, spellings))]),
  );
}

/** The `ocr_<zone>_validation` value: which authority decided, and every finding. */
export function validationOutput(authorityKind: RegionAuthority['kind'], findings: readonly ValidationFinding[]) {
  return {
    authority: authorityKind,
    findings: findings.map((f) => ({
      origin_ip: f.originIp,
      kind: f.kind,
      value: f.value,
      suggestion: f.suggestion,
      message: f.message,
    })),
  };
}

/** The `ocr_<zone>_drift` value, in the wire shape of the other outputs (snake_case, `sortMappings` order). */
export function driftOutput(drift: ExpectationDrift) {
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

/** The `ocr_<zone>_coverage` value; the hostnames sorted, so the same zone always gives the same value. */
export function coverageOutput(coverage: ZoneCoverage) {
  return {
    unmapped: plainObjectOf(new Map(coverage.unmapped.map((u) => [u.ip, u.suggested]))),
    orphaned: plainObjectOf(new Map(coverage.orphaned.map((o) => [o.ip, o.mapping]))),
    hostnames: coverage.hostnames.map((h) => h.name).sort(compareCodeUnits),
    missing: plainObjectOf(new Map(coverage.missing.map((m) => [m.source, m.permission]))),
  };
}

/** One line for an annotation: what drifted from the expectations (values shown terminal-safe). */
export function describeDrift(zoneId: string, drift: ExpectationDrift): string {
  const at = (placement: { vendor: string; region: string }): string => quoteForMessage(placementOf(placement));
  const parts: string[] = [];
  for (const e of drift.missing) parts.push(`${e.originIp} expected in ${at(e)} but not mapped`);
  for (const m of drift.mismatched)
    parts.push(`${m.originIp} expected in ${at(m.expected)} but mapped to ${at(m.actual)}`);
  for (const m of drift.unexpected) parts.push(`${m.originIp} mapped to ${at(m)} but not expected`);
  const shown = parts.slice(0, 10).join('; ') + (parts.length > 10 ? `; and ${parts.length - 10} more` : '');
  return (
    `zone ${zoneId} differs from its expected mappings: ${shown}. ` +
    `Update \`expect\` or the zone's mappings (see output ${outputNames(zoneId).drift}).`
  );
}
