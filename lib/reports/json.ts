import type { MappingPlacement } from './diff';
import type { MappingEntry } from '../model/mapping-set';
import { checkSummary, diffSummary, reportHasDrift } from './report';
import type { DriftReport, OriginVerdict, RecordedVerdict, ZoneCheckReport, ZoneDiffReport } from './report';

/** The `format` field of a JSON drift report. */
export const JSON_REPORT_FORMAT = 'origin-cloud-regions-drift-report';
/** The version of the JSON report shape. */
export const JSON_REPORT_VERSION = 1;

/**
 * Renders a report as pretty JSON for machines: complete, stable (fields in a fixed order, lists sorted, zones by
 * id), in the API's snake_case; an unknown colo list, an absent label or suggestion is `null`. Every value is
 * the exact value read, never cut or rewritten. Pure.
 */
export function renderJsonReport(report: DriftReport): string {
  return JSON.stringify(toJson(report), null, 2) + '\n';
}

/** The plain object {@link renderJsonReport} serializes. */
export function toJson(report: DriftReport): Record<string, unknown> {
  const head = {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    kind: report.kind,
    drift: reportHasDrift(report),
  };
  if (report.kind === 'diff') {
    return {
      ...head,
      base: report.base,
      head: report.head,
      summary: { zones: report.zones.length, ...diffSummary(report.zones) },
      zones: report.zones.map(diffZone),
    };
  }
  return {
    ...head,
    expectations: report.expectations,
    summary: { zones: report.zones.length, ...checkSummary(report.zones) },
    zones: report.zones.map(checkZone),
  };
}

function diffZone(z: ZoneDiffReport): Record<string, unknown> {
  return {
    zone_id: z.zoneId,
    label: z.label ?? null,
    in_base: z.inBase,
    in_head: z.inHead,
    before_count: z.beforeCount,
    after_count: z.afterCount,
    unchanged_count: z.diff.unchangedCount,
    added: z.diff.added.map((m) => ({ ...entry(m), ...verdictFields(z, m.originIp) })),
    removed: z.diff.removed.map(entry),
    changed: z.diff.changed.map((c) => ({
      origin_ip: c.originIp,
      before: placement(c.before),
      after: placement(c.after),
      ...verdictFields(z, c.originIp),
    })),
    validated_by: z.validatedBy,
    flagged: z.flagged.map((f) => ({
      origin_ip: f.originIp,
      kind: f.kind,
      value: f.value,
      suggestion: f.suggestion ?? null,
      message: f.message,
    })),
    upper_tier_changes: z.upperTierChanges.map((u) => ({
      vendor: u.vendor,
      region: u.region,
      before: [...u.before],
      after: [...u.after],
      origins: u.origins,
    })),
    ...refreshFields(z),
  };
}

function checkZone(z: ZoneCheckReport): Record<string, unknown> {
  return {
    zone_id: z.zoneId,
    in_sync: z.drift.inSync,
    live_count: z.liveCount,
    expected_count: z.expectedCount,
    report_unexpected: z.reportUnexpected,
    missing: z.drift.missing.map(pair),
    mismatched: z.drift.mismatched.map((m) => ({
      origin_ip: m.originIp,
      expected: { vendor: m.expected.vendor, region: m.expected.region },
      actual: { vendor: m.actual.vendor, region: m.actual.region },
      ...verdictFields(z, m.originIp),
    })),
    unexpected: z.drift.unexpected.map((m) => ({ ...pair(m), ...verdictFields(z, m.originIp) })),
  };
}

const verdictsByZone = new WeakMap<object, Map<string, OriginVerdict>>();

/** `verdict` and `published` of an added or changed origin, when the report was verified (else nothing). */
function verdictFields(z: Pick<ZoneDiffReport, 'ipRanges'>, ip: string): Record<string, unknown> {
  if (z.ipRanges === undefined) return {};
  let byIp = verdictsByZone.get(z);
  if (byIp === undefined) verdictsByZone.set(z, (byIp = new Map(z.ipRanges.map((r) => [r.originIp, r]))));
  const r = byIp.get(ip);
  return r === undefined ? {} : recorded(r);
}

function pair(m: MappingEntry): Record<string, unknown> {
  return { origin_ip: m.originIp, vendor: m.vendor, region: m.region };
}

function entry(m: MappingEntry): Record<string, unknown> {
  return { origin_ip: m.originIp, ...placement(m) };
}

function placement(p: MappingPlacement): Record<string, unknown> {
  return {
    vendor: p.vendor,
    region: p.region,
    upper_tier_colos: p.upperTierColos === undefined ? null : [...p.upperTierColos],
  };
}

/** `verdict_changes` and `support_changes`, in a `refresh` report only. */
function refreshFields(z: ZoneDiffReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (z.verdictChanges !== undefined) {
    out.verdict_changes = z.verdictChanges.map((v) => ({
      ...pair(v),
      before: recorded(v.before),
      after: recorded(v.after),
    }));
  }
  if (z.supportChanges !== undefined) {
    out.support_changes = z.supportChanges.map((c) => ({
      vendor: c.vendor,
      region: c.region,
      origins: c.origins,
      before: c.before,
      after: c.after,
    }));
  }
  return out;
}

function recorded(r: RecordedVerdict): Record<string, unknown> {
  return { verdict: r.verdict, published: r.published === null ? null : { ...r.published } };
}
