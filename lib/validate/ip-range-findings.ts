import { placementOf, type OriginCloudRegionMapping } from '../model/mapping';
import { isPseudoRegion } from '../model/pseudo-regions';
import { forTerminal } from '../sinks/terminal';
import { clip, compareFindings, type ValidationFinding } from './validate-mappings';

/** The part of a mapping's IP range verdict a finding needs (see lib/ipranges `MappingVerdict`). */
export interface VerdictForFinding extends Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'> {
  /** The verdict (`region_mismatch` and `vendor_mismatch` become findings; the others do not). */
  readonly verdict: string;
  /** Where a feed publishes the IP, when one does. */
  readonly published: { readonly vendor: string; readonly region: string; readonly prefix: string } | null;
}

/**
 * The findings of the mappings the vendors' published IP ranges contradict: `region-mismatch` (the value is the
 * claimed region, the suggestion the published one) and `vendor-mismatch` (the value is the claimed vendor, the
 * suggestion the published `vendor/region`, or the vendor alone when it publishes the IP as global or without a
 * region: a pseudo-region is never suggested). Each message names the published prefix. Sorted like every finding.
 */
export function ipRangeFindings(verdicts: readonly VerdictForFinding[]): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  for (const v of verdicts) {
    const p = v.published;
    if (p === null) continue;
    if (v.verdict === 'region_mismatch') {
      out.push({
        kind: 'region-mismatch',
        originIp: v.originIp,
        value: v.region,
        suggestion: p.region,
        message: forTerminal(
          `origin ${v.originIp}: ${p.vendor} publishes it in region "${p.region}" (prefix ${p.prefix}), not "${clip(v.region)}"; did you mean "${p.region}"?`,
        ),
      });
    } else if (v.verdict === 'vendor_mismatch' && isPseudoRegion(p.region)) {
      // Anycast (`global`) or listed without a region (`unknown`): the vendor is known, no region can be suggested.
      const how = p.region === 'global' ? 'as a global (anycast) address' : 'without a region';
      out.push({
        kind: 'vendor-mismatch',
        originIp: v.originIp,
        value: v.vendor,
        suggestion: p.vendor,
        message: forTerminal(
          `origin ${v.originIp}: ${p.vendor} publishes it ${how} (prefix ${p.prefix}), not ${clip(v.vendor)}; did you mean vendor "${p.vendor}"?`,
        ),
      });
    } else if (v.verdict === 'vendor_mismatch') {
      out.push({
        kind: 'vendor-mismatch',
        originIp: v.originIp,
        value: v.vendor,
        suggestion: placementOf(p),
        message: forTerminal(
          `origin ${v.originIp}: ${p.vendor} publishes it (region "${p.region}", prefix ${p.prefix}), not ${clip(v.vendor)}; did you mean "${placementOf(p)}"?`,
        ),
      });
    }
  }
  return out.sort(compareFindings);
}
