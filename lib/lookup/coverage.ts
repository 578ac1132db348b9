import { classifyCoverage } from '../coverage/classify';
import { coverageFindings } from '../coverage/findings';
import { COVERAGE_SOURCES, SOURCE_PERMISSIONS, type CoverageMapping, type ZoneOrigins } from '../coverage/types';
import { locateIp, type LoadedIpRanges, type PublishedLocation } from '../ipranges';
import { feedVersionsOf, unconfiguredFeedNotes } from '../ipranges/zone';
import { coverageToSnapshot, type SnapshotCoverage } from '../snapshot/coverage';
import { compareFindings } from '../validate/validate-mappings';
import type { LookupCoverage, ZoneLookupResult } from './types';

/**
 * Classifies a zone's collected origins with the loaded feeds, remembering every placement looked up, so that an
 * offline lookup classifies them with the placements recorded in the snapshot and gives the same report.
 */
export function coverageOnline(
  origins: ZoneOrigins,
  mappings: readonly CoverageMapping[],
  loaded: LoadedIpRanges,
): { coverage: LookupCoverage; recorded: SnapshotCoverage } {
  const placements = new Map<string, readonly PublishedLocation[]>();
  const report = classifyCoverage(origins, mappings, (ip) => {
    const found = locateIp(loaded.index, ip);
    placements.set(ip, found);
    return found;
  });
  // An origin no loaded feed places may be a vendor's whose feed is not configured (Azure by default): say how.
  const unplaced = report.unknown.some((u) => u.published.length === 0);
  const warnings = [
    ...loaded.warnings.map((w) => w.replace(/^warning: /, '')),
    ...unconfiguredFeedNotes(loaded, unplaced ? [{ vendor: '', verdict: 'unverified' }] : []),
  ];
  const recorded = coverageToSnapshot(origins, feedVersionsOf(loaded), placements);
  return { coverage: { report, warnings }, recorded };
}

/**
 * The coverage an offline lookup reports: the recorded origins classified with the recorded placements. A snapshot
 * written without coverage holds no origins: then every source is missing, nothing (not even a mapping) is
 * classified, and a warning says how to record them.
 */
export function coverageOffline(
  zoneId: string,
  recorded: SnapshotCoverage | undefined,
  mappings: readonly CoverageMapping[],
  file: string,
): LookupCoverage {
  if (recorded !== undefined) {
    // An IP not recorded is one no feed lists.
    const byIp = new Map(recorded.placements.map((p) => [p.ip, p.published]));
    return { report: classifyCoverage({ zoneId, ...recorded }, mappings, (ip) => byIp.get(ip) ?? []), warnings: [] };
  }
  const reason = NOT_RECORDED;
  const missing = COVERAGE_SOURCES.map((source) => ({ source, permission: SOURCE_PERMISSIONS[source], reason }));
  return {
    report: classifyCoverage({ zoneId, origins: [], pools: [], read: [], missing }, [], () => []),
    warnings: [
      `zone ${zoneId}: the snapshot ${file} holds no origins (it was written without coverage), so coverage was not checked. Write it again from an online synth with coverage on, or with refresh and ORIGIN_CLOUD_REGIONS_COVERAGE=1.`,
    ],
  };
}

/** The reason of every missing source of a snapshot written without coverage (its warning says what to do). */
export const NOT_RECORDED = 'not recorded in the snapshot';

/** The result with its coverage attached and the coverage findings added to its findings. */
export function withCoverage(result: ZoneLookupResult, coverage: LookupCoverage): ZoneLookupResult {
  const findings = [...result.findings, ...coverageFindings(coverage.report)].sort(compareFindings);
  return { ...result, findings, coverage };
}
