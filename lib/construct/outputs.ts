import type { ZoneCoverage } from '../coverage/types';
import type { ExpectationDrift } from '../expectations/compare';
import { compareCodeUnits } from '../model/order';
import { placementOf, VENDORS, type OriginCloudRegionMapping } from '../model/mapping';

export { placementOf };
import { quoteForMessage } from '../sinks/terminal';
import { upperTierColosFor, type RegionAuthority } from '../validate/authority';
import { keptSpelling, mergeNfcEqualKeys } from '../validate/key-collisions';
import type { ValidationFinding } from '../validate/validate-mappings';

/**
 * Pure builders of the construct's Terraform output values (the "Terraform output / marker contract").
 *
 * Outputs are maps keyed by a stable id (origin IP, or `vendor/region`) rather than lists: when one origin
 * is removed from a list, every later element shifts and `terraform plan` shows origins that never moved as
 * changed; a map changes only at the keys that changed, and Terraform hides the rest. Values are returned as
 * data; the construct makes every string literal for Terraform (`terraformLiteralDeep`) when it emits them.
 * Objects are built with `Object.create(null)` or `Map`s wherever keys come from data, so that a vendor named
 * `constructor` or `__proto__` is just a key.
 */

/** Which outputs a lookup emits (see {@link OriginCloudRegionsProps.outputs}). */
export type OutputSet = 'full' | 'summary';

/** The Terraform names of one zone's outputs and drift marker (see {@link outputNames}). */
export interface OutputNames {
  /** `ocr_<zone>_mappings`: origin IP → `"vendor/region"`. */
  readonly mappings: string;
  /** `ocr_<zone>_vendor_counts`: mappings per vendor. */
  readonly vendorCounts: string;
  /** `ocr_<zone>_upper_tier_colos`: `"vendor/region"` → upper-tier colos, for each placement used in the zone. */
  readonly upperTierColos: string;
  /** `ocr_<zone>_summary`: zone id, label, counts and authority. */
  readonly summary: string;
  /** `ocr_<zone>_validation`: the authority used and the findings. */
  readonly validation: string;
  /** `ocr_<zone>_drift`: comparison with the expectations (only emitted with `expect`). */
  readonly drift: string;
  /** `ocr_<zone>_marker`: the logical id of the marker resource. */
  readonly marker: string;
  /** `ocr_<zone>_coverage`: origins without a mapping, mappings without an origin (only emitted with `coverage`). */
  readonly coverage: string;
}

/** The names of one zone's outputs and marker. Stable, and unique per zone within a stack. */
export function outputNames(zoneId: string): OutputNames {
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
 * The `ocr_<zone>_vendor_counts` value: every known vendor (0 when absent), plus any other vendor seen. Vendors that
 * differ only in Unicode normalization are counted together under their NFC form, as Terraform would read them (it
 * refuses the object otherwise); each origin so counted has a `colliding-key` finding.
 */
export function vendorCountsOutput(mappings: readonly OriginCloudRegionMapping[]): Record<string, number> {
  const counts = new Map<string, number>(VENDORS.map((v) => [v, 0]));
  for (const m of mappings) counts.set(m.vendor, (counts.get(m.vendor) ?? 0) + 1);
  return fromEntries(mergeNfcEqualKeys(counts, (values) => values.reduce((a, b) => a + b, 0)));
}

/**
 * The `ocr_<zone>_upper_tier_colos` value: `"vendor/region"` → upper-tier colos, once for each placement used
 * in the zone whose colos the authority knows. Join it with `ocr_<zone>_mappings` to get an origin's colos.
 * Placements that differ only in Unicode normalization have one entry, under their NFC form, with the colos of the
 * NFC spelling (else the first one); each origin so written has a `colliding-key` finding, which names dropped colos.
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
  return fromEntries(
    mergeNfcEqualKeys(byPlacement, (values, spellings, nfc) => values[spellings.indexOf(keptSpelling(nfc, spellings))]),
  );
}

/** One finding in the `ocr_<zone>_validation` output; `suggestion` is left out when there is none. */
export interface FindingOutput {
  /** The origin IP, canonical. */
  readonly origin_ip: string;
  /** The finding kind (`unknown-vendor`, `unknown-region`, `implausible-value`, `colliding-key`, `non-canonical-ip`, …). */
  readonly kind: string;
  /** The offending value, exactly as received. */
  readonly value: string;
  /** The did-you-mean, when one is close. */
  readonly suggestion?: string;
  /** One sentence naming the origin, the value and the fix. */
  readonly message: string;
}

/**
 * The `ocr_<zone>_validation` value: which authority decided, and every finding. cdktf cannot synthesize a
 * `null` inside an output value, so a finding without a did-you-mean has no `suggestion` key at all.
 */
export function validationOutput(
  authorityKind: RegionAuthority['kind'],
  findings: readonly ValidationFinding[],
): { authority: string; findings: FindingOutput[] } {
  return {
    authority: authorityKind,
    findings: findings.map((f) => {
      const entry: { -readonly [K in keyof FindingOutput]: FindingOutput[K] } = {
        origin_ip: f.originIp,
        kind: f.kind,
        value: f.value,
        message: f.message,
      };
      if (f.suggestion !== undefined) entry.suggestion = f.suggestion;
      return entry;
    }),
  };
}

/** The `ocr_<zone>_summary` value. */
export interface SummaryOutput {
  /** The zone id. */
  readonly zone_id: string;
  /** The zone's label from the `label` prop; left out when none was given. */
  readonly label?: string;
  /** How many mappings the zone has. */
  readonly mappings: number;
  /** `supported_regions` or `catalog`. */
  readonly authority: string;
  /** How many validation findings there are. */
  readonly findings: number;
}

/** The `ocr_<zone>_summary` value: one small object a dashboard or a `terraform output` reader can use. */
export function summaryOutput(input: {
  zoneId: string;
  label?: string;
  mappingCount: number;
  authorityKind: RegionAuthority['kind'];
  findingCount: number;
}): SummaryOutput {
  const out: { -readonly [K in keyof SummaryOutput]: SummaryOutput[K] } = {
    zone_id: input.zoneId,
    mappings: input.mappingCount,
    authority: input.authorityKind,
    findings: input.findingCount,
  };
  if (input.label !== undefined) out.label = input.label;
  return out;
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

/** The `ocr_<zone>_coverage` value (see {@link coverageOutput}). */
export interface CoverageOutput {
  /** Origin IP → the `vendor/region` of the mapping to create, for each origin the feeds place and no mapping names. */
  readonly unmapped: Record<string, string>;
  /** Origin IP → `vendor/region`, for each mapping whose IP is no origin of the zone. */
  readonly orphaned: Record<string, string>;
  /** The hostname origins (CNAME targets, pool hostnames), sorted. */
  readonly hostnames: string[];
  /** Source → the token permission it needs, for each source that could not be read (empty: the report is complete). */
  readonly missing: Record<string, string>;
}

/**
 * The `ocr_<zone>_coverage` value: maps keyed by origin IP (a removed entry shifts nothing in `terraform plan`), and
 * the hostnames sorted, so the same zone always gives the same value.
 */
export function coverageOutput(coverage: ZoneCoverage): CoverageOutput {
  return {
    unmapped: fromEntries(new Map(coverage.unmapped.map((u) => [u.ip, u.suggested]))),
    orphaned: fromEntries(new Map(coverage.orphaned.map((o) => [o.ip, o.mapping]))),
    hostnames: coverage.hostnames.map((h) => h.name).sort(compareCodeUnits),
    missing: fromEntries(new Map(coverage.missing.map((m) => [m.source, m.permission]))),
  };
}

/** One line for an annotation: what drifted from the expectations (values shown terminal-safe). */
export function describeDrift(zoneId: string, drift: ExpectationDrift): string {
  const at = (vendor: string, region: string): string => quoteForMessage(`${vendor}/${region}`);
  const parts: string[] = [];
  for (const e of drift.missing) parts.push(`${e.originIp} expected in ${at(e.vendor, e.region)} but not mapped`);
  for (const m of drift.mismatched) {
    parts.push(
      `${m.originIp} expected in ${at(m.expected.vendor, m.expected.region)} but mapped to ${at(m.actual.vendor, m.actual.region)}`,
    );
  }
  for (const m of drift.unexpected) parts.push(`${m.originIp} mapped to ${at(m.vendor, m.region)} but not expected`);
  const shown = parts.slice(0, 10).join('; ') + (parts.length > 10 ? `; and ${parts.length - 10} more` : '');
  return (
    `zone ${zoneId} differs from its expected mappings: ${shown}. ` +
    `Update \`expect\` or the zone's mappings (see output ${outputNames(zoneId).drift}).`
  );
}

// A plain object from data-keyed entries: defineProperty keeps `__proto__` an ordinary key, and the
// object keeps Object.prototype (cdktf's synthesizer expects plain objects).
function fromEntries<V>(entries: ReadonlyMap<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
