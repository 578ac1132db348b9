import { headsOfChanges } from './diff';
import type { CheckReport, DiffReport, ZoneDiffReport } from './report';
import { compareIps } from '../model/ip';
import { ipRangeFindings } from '../validate/ip-range-findings';
import type { PrefixIndex } from '../ipranges/prefix-index';
import { verdictFor } from '../ipranges/verdict';

/**
 * A `diff` report with the head side of every added or changed mapping checked against the loaded feeds: each zone
 * gains `ipRanges`, and the contradicting ones join `flagged` (once: a head synthesized with verification already
 * recorded them). Pure given the index.
 */
export function verifyDiffReport(report: DiffReport, index: PrefixIndex): DiffReport {
  return { ...report, zones: report.zones.map((z) => verifyZoneDiff(z, index)) };
}

function verifyZoneDiff(zone: ZoneDiffReport, index: PrefixIndex): ZoneDiffReport {
  const subjects = headsOfChanges(zone.diff).sort((a, b) => compareIps(a.originIp, b.originIp));
  const judged = subjects.map((m) => ({ ...m, ...verdictFor(index, m) }));
  const known = new Set(zone.flagged.map((f) => `${f.originIp} ${f.kind}`));
  const added = ipRangeFindings(judged).filter((f) => !known.has(`${f.originIp} ${f.kind}`));
  return {
    ...zone,
    flagged: [...zone.flagged, ...added].sort((a, b) => compareIps(a.originIp, b.originIp)),
    ipRanges: judged.map((j) => ({ originIp: j.originIp, verdict: j.verdict, published: j.published })),
  };
}

/** A `check` report whose zones gain `ipRanges`: the verdicts of mismatched and unexpected live placements. */
export function verifyCheckReport(report: CheckReport, index: PrefixIndex): CheckReport {
  return {
    ...report,
    zones: report.zones.map((z) => {
      const live = [
        ...z.drift.mismatched.map((m) => ({ originIp: m.originIp, vendor: m.actual.vendor, region: m.actual.region })),
        ...z.drift.unexpected,
      ].sort((a, b) => compareIps(a.originIp, b.originIp));
      return { ...z, ipRanges: live.map((m) => ({ originIp: m.originIp, ...verdictFor(index, m) })) };
    }),
  };
}
