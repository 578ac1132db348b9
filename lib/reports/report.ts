import { compareIps } from '../model/ip';
import type { Placement } from '../model/mapping';
import { authorityFromSupportedRegions, catalogAuthority, validateMappings } from '../validate';
import { diffMappings, hasMappingChanges, headsOfChanges, type MappingDiff } from './diff';
import type { ExpectationDrift } from '../expectations/compare';
import type { MappingEntry, RecordedFinding, ZoneMappingSet } from '../model/mapping-set';
import { compareCodeUnits } from '../model/order';

/** One zone of a `diff` report. */
export interface ZoneDiffReport {
  /** The Cloudflare zone id both sides were paired on. */
  readonly zoneId: string;
  /** Whether the base side has the zone (a zone only on the head side shows every mapping as added). */
  readonly inBase: boolean;
  readonly inHead: boolean;
  /** Mapping counts on the base and head sides. */
  readonly beforeCount: number;
  readonly afterCount: number;
  readonly diff: MappingDiff;
  /** The zone's label (the construct's `label`), from the head side or else the base side, when known. */
  readonly label?: string;
  /**
   * What decided which added and changed origins are flagged: the validation the head side recorded at synth,
   * the head snapshot's supported regions, or the bundled catalog when the head side holds neither.
   */
  readonly validatedBy: 'synth' | 'supported_regions' | 'catalog';
  /** Findings about added or changed origins (head side), sorted by origin IP. */
  readonly flagged: readonly RecordedFinding[];
  /** Regions used on both sides whose upper-tier colos differ, where both sides know them; by vendor, then region. */
  readonly upperTierChanges: readonly RegionChange<readonly string[]>[];
  /**
   * With `--verify-ip-ranges`: the verdict of each added or changed origin (its head side), sorted by IP; the
   * contradicting ones are in `flagged` too.
   */
  readonly ipRanges?: readonly OriginVerdict[];
  /** From `refresh`, when a snapshot holds IP range verdicts: the origins whose recorded verdict changed, by IP. */
  readonly verdictChanges?: readonly VerdictChange[];
  /** From `refresh`: the regions the zone's mappings use whose support changed, by vendor, then region. */
  readonly supportChanges?: readonly SupportChange[];
}

/** Where a feed publishes an IP: the vendor, its region (`global` for anycast) and the longest matching prefix. */
export interface PublishedPrefix extends Placement {
  readonly prefix: string;
}

/** A recorded verdict, as {@link VerdictChange} shows each side. */
export interface RecordedVerdict {
  /** The verdict (see docs/ip-ranges.md), or `null` when none was recorded. */
  readonly verdict: string | null;
  /** Where a feed publishes the IP (recorded for the two mismatches only), or `null`. */
  readonly published: PublishedPrefix | null;
}

/** The IP range verdict of one origin's placement in a verified report. */
export interface OriginVerdict extends RecordedVerdict {
  /** Canonical origin IP. */
  readonly originIp: string;
  readonly verdict: string;
}

/** One origin whose recorded IP range verdict changed between two snapshots (vendor and region: head side). */
export interface VerdictChange extends Placement {
  /** Canonical origin IP. */
  readonly originIp: string;
  readonly before: RecordedVerdict;
  readonly after: RecordedVerdict;
}

/** Whether a region is in a zone's `supported_regions`: listed, not listed, or unknown (the list was unavailable). */
export type RegionSupport = 'supported' | 'unsupported' | 'unknown';

/** A region whose upper-tier colos or support changed. */
export interface RegionChange<T> extends Placement {
  /** How many head-side origins use the region. */
  readonly origins: number;
  readonly before: T;
  readonly after: T;
}

/** A region used by a zone's mappings whose support changed. */
export type SupportChange = RegionChange<RegionSupport>;

/** The result of comparing two sources (`diff`). */
export interface DiffReport {
  /** Always `diff`; tells a {@link DriftReport} of two sources from one of expectations. */
  readonly kind: 'diff';
  /** Labels of the base (before) and head (after) sides, for example paths. */
  readonly base: string;
  readonly head: string;
  /** One entry per zone on either side, sorted by zone id. */
  readonly zones: readonly ZoneDiffReport[];
}

/** One zone of a `check` report. */
export interface ZoneCheckReport {
  /** The Cloudflare zone id whose live list was checked. */
  readonly zoneId: string;
  /** How many mappings the live list holds, and how many expectations were checked. */
  readonly liveCount: number;
  readonly expectedCount: number;
  /** Whether unexpected mappings were looked for. */
  readonly reportUnexpected: boolean;
  readonly drift: ExpectationDrift;
  /** With `--verify-ip-ranges`: the verdict of each mismatched and unexpected origin's live placement, by IP. */
  readonly ipRanges?: ZoneDiffReport['ipRanges'];
}

/** The result of checking live mappings against expectations (`check`). */
export interface CheckReport {
  /** Always `check`; tells a {@link DriftReport} of expectations from one of two sources. */
  readonly kind: 'check';
  /** Label of the expectations (for example the file path). */
  readonly expectations: string;
  /** One entry per zone, sorted by zone id. */
  readonly zones: readonly ZoneCheckReport[];
}

/** What the Markdown and JSON renderers accept: a `diff` or a `check` report. */
export type DriftReport = DiffReport | CheckReport;

/** A side of a diff: a label for the report (for example the path as given) and the zones it holds. */
export interface DiffSide {
  readonly label: string;
  readonly zones: readonly ZoneMappingSet[];
}

/**
 * Pairs the zones of two sides by zone id and diffs each pair (a zone on one side only against an empty list),
 * validating added and changed origins and naming regions whose upper tier moved. Pure.
 */
export function buildDiffReport(base: DiffSide, head: DiffSide): DiffReport {
  const before = new Map(base.zones.map((z) => [z.zoneId, z]));
  const after = new Map(head.zones.map((z) => [z.zoneId, z]));
  const zoneIds = [...new Set([...before.keys(), ...after.keys()])].sort();
  return {
    kind: 'diff',
    base: base.label,
    head: head.label,
    zones: zoneIds.map((zoneId) => {
      const b = before.get(zoneId);
      const a = after.get(zoneId);
      const diff = diffMappings(b?.mappings ?? [], a?.mappings ?? []);
      const label = a?.zoneLabel ?? b?.zoneLabel;
      const zone: ZoneDiffReport = {
        zoneId,
        inBase: b !== undefined,
        inHead: a !== undefined,
        beforeCount: b?.mappings.length ?? 0,
        afterCount: a?.mappings.length ?? 0,
        diff,
        ...flagChanges(diff, a),
        upperTierChanges: upperTierChanges(b?.mappings ?? [], a?.mappings ?? []),
      };
      return label === undefined ? zone : { ...zone, label };
    }),
  };
}

function flagChanges(
  diff: MappingDiff,
  head: ZoneMappingSet | undefined,
): Pick<ZoneDiffReport, 'validatedBy' | 'flagged'> {
  const subjects = headsOfChanges(diff);
  if (head?.validation !== undefined) {
    const ips = new Set(subjects.map((m) => m.originIp));
    const flagged = head.validation.findings.filter((f) => ips.has(f.originIp));
    return { validatedBy: 'synth', flagged: [...flagged].sort((x, y) => compareIps(x.originIp, y.originIp)) };
  }
  const supported = head?.supportedRegions;
  const authority =
    supported !== undefined && supported !== null ? authorityFromSupportedRegions(supported) : catalogAuthority();
  return {
    validatedBy: authority.kind,
    flagged: subjects.length === 0 ? [] : validateMappings(subjects, authority),
  };
}

function upperTierChanges(
  before: readonly MappingEntry[],
  after: readonly MappingEntry[],
): ZoneDiffReport['upperTierChanges'] {
  // Keyed with a NUL separator: no vendor or region can hold one (the value rules refuse control characters).
  const key = (m: MappingEntry): string => `${m.vendor}\u0000${m.region}`;
  const colosBefore = new Map<string, readonly string[]>();
  for (const m of before)
    if (m.upperTierColos !== undefined && !colosBefore.has(key(m))) colosBefore.set(key(m), m.upperTierColos);
  const seen = new Map<string, { vendor: string; region: string; colos: readonly string[]; origins: number }>();
  for (const m of after) {
    if (m.upperTierColos === undefined) continue;
    const k = key(m);
    const s = seen.get(k);
    if (s === undefined) seen.set(k, { vendor: m.vendor, region: m.region, colos: m.upperTierColos, origins: 1 });
    else s.origins += 1;
  }
  const out: ZoneDiffReport['upperTierChanges'][number][] = [];
  for (const [k, s] of seen) {
    const old = colosBefore.get(k);
    if (old === undefined || JSON.stringify(old) === JSON.stringify(s.colos)) continue;
    out.push({ vendor: s.vendor, region: s.region, before: [...old], after: [...s.colos], origins: s.origins });
  }
  return out.sort((x, y) => compareCodeUnits(x.vendor, y.vendor) || compareCodeUnits(x.region, y.region));
}

/** The counts of a `diff` report summed over its zones, in the JSON report's `summary` order. */
export function diffSummary(zones: readonly ZoneDiffReport[]) {
  return {
    added: total(zones, (z) => z.diff.added.length),
    removed: total(zones, (z) => z.diff.removed.length),
    changed: total(zones, (z) => z.diff.changed.length),
    unchanged: total(zones, (z) => z.diff.unchangedCount),
    flagged: total(zones, (z) => z.flagged.length),
    upper_tier_changes: total(zones, (z) => z.upperTierChanges.length),
    before_count: total(zones, (z) => z.beforeCount),
    after_count: total(zones, (z) => z.afterCount),
  };
}

/** The counts of a `check` report summed over its zones, in the JSON report's `summary` order. */
export function checkSummary(zones: readonly ZoneCheckReport[]) {
  return {
    missing: total(zones, (z) => z.drift.missing.length),
    mismatched: total(zones, (z) => z.drift.mismatched.length),
    unexpected: total(zones, (z) => z.drift.unexpected.length),
    live_count: total(zones, (z) => z.liveCount),
    expected_count: total(zones, (z) => z.expectedCount),
  };
}

/** `count` summed over `items`. */
export function total<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((n, item) => n + count(item), 0);
}

/**
 * Whether a report shows drift (the `diff`/`check` exit code 2): a mapping added, removed or changed, or (in a
 * `refresh` report) a recorded IP range verdict changed.
 */
export function reportHasDrift(report: DriftReport): boolean {
  // A zone that appears or vanishes with no mappings moves no origin, so it is not drift.
  if (report.kind === 'diff') {
    return report.zones.some((z) => hasMappingChanges(z.diff) || (z.verdictChanges?.length ?? 0) > 0);
  }
  return report.zones.some((z) => !z.drift.inSync);
}

/**
 * Whether a zone of a diff report shows any change: mappings, upper-tier colos, recorded verdicts or the support of
 * a region its mappings use (what makes `refresh` exit 2).
 */
export function zoneHasChanges(z: ZoneDiffReport): boolean {
  const { added, removed, changed } = z.diff;
  const extra = (z.verdictChanges?.length ?? 0) + (z.supportChanges?.length ?? 0);
  return added.length + removed.length + changed.length + z.upperTierChanges.length + extra > 0;
}
