import { placementOf, type OriginCloudRegionMapping } from '../model/mapping';
import { isPseudoRegion } from '../model/pseudo-regions';
import { clip, forTerminal } from '../sinks/terminal';
import { compareFindings, type ValidationFinding } from './validate-mappings';

/** The part of a mapping's IP range verdict (lib/ipranges `MappingVerdict`) a finding needs. */
interface VerdictForFinding extends Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'> {
  readonly verdict: string;
  readonly published: { readonly vendor: string; readonly region: string; readonly prefix: string } | null;
}

/**
 * A `region-mismatch` or `vendor-mismatch` finding for each mapping the published IP ranges contradict, naming the
 * published prefix; the suggestion is the published region, `vendor/region`, or the vendor alone for a pseudo-region.
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
    } else if (v.verdict === 'vendor_mismatch') {
      // Anycast (`global`) or listed without a region (`unknown`): the vendor is known, no region can be suggested.
      const pseudo = isPseudoRegion(p.region);
      const how = p.region === 'global' ? 'as a global (anycast) address' : 'without a region';
      const where = pseudo ? `${how} (prefix ${p.prefix})` : `(region "${p.region}", prefix ${p.prefix})`;
      const suggestion = pseudo ? p.vendor : placementOf(p);
      out.push({
        kind: 'vendor-mismatch',
        originIp: v.originIp,
        value: v.vendor,
        suggestion,
        message: forTerminal(
          `origin ${v.originIp}: ${p.vendor} publishes it ${where}, not ${clip(v.vendor)}; did you mean ${pseudo ? 'vendor ' : ''}"${suggestion}"?`,
        ),
      });
    }
  }
  return out.sort(compareFindings);
}
