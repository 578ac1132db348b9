import { hasMappingChanges, diffMappings, type MappingDiff } from './diff';
import type { ExpectationDrift } from './expectations';
import type { ZoneMappingSet } from './mapping-set';

/** One zone of a `diff` report. */
export interface ZoneDiffReport {
  /** The Cloudflare zone id both sides were paired on. */
  readonly zoneId: string;
  /** Whether the base side has the zone (a zone only on the head side shows every mapping as added). */
  readonly inBase: boolean;
  /** Whether the head side has the zone. */
  readonly inHead: boolean;
  /** Mapping count on the base side. */
  readonly beforeCount: number;
  /** Mapping count on the head side. */
  readonly afterCount: number;
  /** What changed. */
  readonly diff: MappingDiff;
}

/** The result of comparing two sources (`diff`). */
export interface DiffReport {
  /** Always `diff`; tells a {@link DriftReport} of two sources from one of expectations. */
  readonly kind: 'diff';
  /** Label of the base (before) side, for example a path. */
  readonly base: string;
  /** Label of the head (after) side. */
  readonly head: string;
  /** One entry per zone on either side, sorted by zone id. */
  readonly zones: readonly ZoneDiffReport[];
}

/** One zone of a `check` report. */
export interface ZoneCheckReport {
  /** The Cloudflare zone id whose live list was checked. */
  readonly zoneId: string;
  /** How many mappings the live list holds. */
  readonly liveCount: number;
  /** How many expectations were checked. */
  readonly expectedCount: number;
  /** Whether unexpected mappings were looked for. */
  readonly reportUnexpected: boolean;
  /** The live list compared with the expectations: what is missing, mismatched and unexpected. */
  readonly drift: ExpectationDrift;
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

/** A side of a diff: a label and the zones it holds. */
export interface DiffSide {
  /** Label for the report (for example the path as given). */
  readonly label: string;
  /** The zones on this side. */
  readonly zones: readonly ZoneMappingSet[];
}

/**
 * Pairs the zones of two sides by zone id and diffs each pair. A zone on one side only is
 * compared with an empty list, so all its mappings show as added or removed. Pure.
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
      return {
        zoneId,
        inBase: b !== undefined,
        inHead: a !== undefined,
        beforeCount: b?.mappings.length ?? 0,
        afterCount: a?.mappings.length ?? 0,
        diff: diffMappings(b?.mappings ?? [], a?.mappings ?? []),
      };
    }),
  };
}

/** Whether a report shows drift (the `diff`/`check` exit code 2). */
export function reportHasDrift(report: DriftReport): boolean {
  // A zone that appears or vanishes with no mappings moves no origin, so it is not drift.
  if (report.kind === 'diff') return report.zones.some((z) => hasMappingChanges(z.diff));
  return report.zones.some((z) => !z.drift.inSync);
}
