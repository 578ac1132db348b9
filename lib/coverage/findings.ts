import { clip, forTerminal } from '../sinks/terminal';
import { compareFindings, type ValidationFinding } from '../validate/validate-mappings';
import type { ZoneCoverage } from './types';

/** Sources named in one finding's message; the rest are counted. */
const SOURCES_SHOWN = 3;

/**
 * The findings of a zone's coverage, sorted like every finding:
 * - `unmapped-origin`: an origin IP the feeds place in one cloud region has no mapping (the value is its sources,
 *   the suggestion the `vendor/region` of the mapping to create);
 * - `orphaned-mapping`: a mapping whose IP is no origin of the zone (the value is the mapping's `vendor/region`).
 * While a source could not be read, an orphaned mapping may be an origin of it: its message says so.
 * Messages are terminal-safe; the value keeps the data as it is (every sink escapes it).
 */
export function coverageFindings(coverage: ZoneCoverage): ValidationFinding[] {
  const partial =
    coverage.missing.length === 0
      ? ''
      : ` (${coverage.missing.map((m) => m.source).join(', ')} could not be read, so it may be an origin there)`;
  const out: ValidationFinding[] = [];
  for (const u of coverage.unmapped) {
    out.push({
      kind: 'unmapped-origin',
      originIp: u.ip,
      value: u.sources.join(', '),
      suggestion: u.suggested,
      message: forTerminal(
        `origin ${u.ip} (${describeSources(u.sources)}) has no mapping, and the IP range feeds place it in ${clip(u.suggested)}: create that mapping, or Smart Tiered Cache cannot locate this origin.`,
      ),
    });
  }
  for (const o of coverage.orphaned) {
    out.push({
      kind: 'orphaned-mapping',
      originIp: o.ip,
      value: o.mapping,
      message: forTerminal(
        `mapping ${o.ip} → ${clip(o.mapping)} points at no origin of the zone (no proxied DNS record or load balancer pool origin has this IP)${partial}: delete it, or fix its IP.`,
      ),
    });
  }
  return out.sort(compareFindings);
}

function describeSources(sources: readonly string[]): string {
  const shown = sources.slice(0, SOURCES_SHOWN).map(clip).join(', ');
  const more = sources.length - SOURCES_SHOWN;
  return more > 0 ? `${shown} and ${more} more` : shown;
}
