import { InvalidMappingSourceError } from '../errors/mapping-source';
import { isRecord, own } from '../model/record';
import {
  PLAN_FIX,
  markerOf,
  zoneFromOutputsAndMarker,
  zoneOutputOf,
  type StackZone,
  type ZoneOutputValues,
} from './stack-outputs';

// A plan in JSON (`terraform show -json plan.out`), in its documented format: `output_changes` (name →
// `{ actions, before, after, after_unknown }`) and `resource_changes` (`[{ mode, type, name, change }]`).

/** One side of a zone in a plan. */
export type PlannedSide = StackZone;

/** One zone's mappings on both sides of a plan; a side is `undefined` when the zone is absent there. */
export interface PlannedZone {
  readonly zoneId: string;
  /** The zone before the plan (prior state), or `undefined` when it was not there. */
  readonly before?: PlannedSide;
  /** The zone after the plan, or `undefined` when the plan removes it. */
  readonly after?: PlannedSide;
}

/** Whether parsed JSON looks like a plan from `terraform show -json`. */
export function looksLikePlan(data: unknown): boolean {
  if (!isRecord(data)) return false;
  return (
    typeof own(data, 'format_version') === 'string' &&
    (own(data, 'planned_values') !== undefined ||
      own(data, 'output_changes') !== undefined ||
      own(data, 'resource_changes') !== undefined)
  );
}

/** Whether parsed JSON looks like state from `terraform show -json` without a plan (not accepted, but worth naming). */
export function looksLikeState(data: unknown): boolean {
  if (!isRecord(data)) return false;
  return typeof own(data, 'format_version') === 'string' && own(data, 'values') !== undefined && !looksLikePlan(data);
}

interface MarkerChange {
  resource: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Every zone's before and after mappings in a plan, sorted by zone id: per side, from the `ocr_<zone>_*` output
 * changes and the drift marker's change, as {@link zoneFromOutputsAndMarker} reads a stack.
 *
 * @throws {@link InvalidMappingSourceError} naming the file and field when a value is malformed or unknown until apply
 */
export function zonesFromPlan(plan: unknown, path: string): PlannedZone[] {
  if (!isRecord(plan)) return [];
  const outputs = { before: new Map<string, ZoneOutputValues>(), after: new Map<string, ZoneOutputValues>() };
  const changes = own(plan, 'output_changes');
  if (isRecord(changes)) {
    for (const [name, change] of Object.entries(changes)) {
      const which = zoneOutputOf(name);
      if (which === undefined) continue;
      const c = isRecord(change) ? change : {};
      if (containsUnknown(own(c, 'after_unknown'))) {
        throw new InvalidMappingSourceError(
          path,
          `output ${name} (after) is unknown until apply. Make sure the stack was synthesized with the lookup's plain values (not Terraform expressions).`,
          { field: `output ${name} (after)` },
        );
      }
      for (const side of ['before', 'after'] as const) {
        const zone = outputs[side].get(which.zoneId) ?? {};
        zone[which.output] = own(c, side);
        outputs[side].set(which.zoneId, zone);
      }
    }
  }
  const markers = markerChanges(plan, path);
  const zoneIds = [...new Set([...outputs.before.keys(), ...markers.keys()])].sort();
  return zoneIds.map((zoneId) => {
    const zone: { zoneId: string; before?: PlannedSide; after?: PlannedSide } = { zoneId };
    for (const side of ['before', 'after'] as const) {
      const ctx = { path, terraformEscaped: false, side, fix: PLAN_FIX };
      const marker = markers.get(zoneId);
      const triggers = marker?.[side];
      // Per side: an output added in this plan has no "before", yet the marker may show the zone was there.
      const onSide =
        marker === undefined || triggers === undefined || triggers === null ? undefined : { ...marker, triggers };
      const planned = zoneFromOutputsAndMarker(zoneId, outputs[side].get(zoneId) ?? {}, onSide, ctx);
      if (planned !== undefined) zone[side] = planned;
    }
    return zone;
  });
}

function markerChanges(plan: Record<string, unknown>, path: string): Map<string, MarkerChange> {
  const out = new Map<string, MarkerChange>();
  const list = own(plan, 'resource_changes');
  if (!Array.isArray(list)) return out;
  for (const rc of list as unknown[]) {
    if (!isRecord(rc)) continue;
    const mode = own(rc, 'mode');
    if (mode !== undefined && mode !== 'managed') continue;
    const marker = markerOf(own(rc, 'type'), own(rc, 'name'));
    if (marker === undefined) continue;
    const { zoneId, resource, attribute } = marker;
    const change = isRecord(own(rc, 'change')) ? (own(rc, 'change') as Record<string, unknown>) : {};
    const attr = (side: unknown): unknown => (isRecord(side) ? own(side, attribute) : undefined);
    if (containsUnknown(attr(own(change, 'after_unknown')))) {
      throw new InvalidMappingSourceError(
        path,
        `the planned ${attribute} of ${resource} are unknown until apply. Synthesize the stack again with this package's construct.`,
        { field: `${resource}.${attribute}` },
      );
    }
    const before = attr(own(change, 'before'));
    const after = attr(own(change, 'after'));
    // A marker-kind switch (null_resource ↔ terraform_data) is a delete of one resource and a create of the
    // other for the same zone: each side comes from the change that has it, so neither overwrites the other.
    const seen = out.get(zoneId);
    out.set(
      zoneId,
      seen === undefined
        ? { resource, before, after }
        : { resource, before: before ?? seen.before, after: after ?? seen.after },
    );
  }
  return out;
}

/** Whether an `after_unknown` value marks anything unknown (`true` itself, or anywhere inside). */
function containsUnknown(value: unknown): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === true) return true;
    if (typeof v !== 'object' || v === null || depth > 32) continue;
    for (const inner of Object.values(v as Record<string, unknown>)) stack.push({ v: inner, depth: depth + 1 });
  }
  return false;
}
