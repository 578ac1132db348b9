import type { MappingEntry } from './mapping-set';
import { InvalidMappingSourceError } from './source-errors';
import {
  MARKER_NAME_PATTERN,
  mappingsFromMarkerTriggers,
  mappingsFromOutputValue,
  zoneOfMappingsOutput,
} from './stack-outputs';

/**
 * Pure reader of a Terraform plan in JSON (`terraform show -json plan.out`), following the
 * documented format: `output_changes` (name → `{ actions, before, after, after_unknown }`) and
 * `resource_changes` (`[{ address, mode, type, name, change: { actions, before, after } }]`).
 */

/** One zone's mappings on both sides of a plan; a side is `undefined` when the zone is absent there. */
export interface PlannedZone {
  /** The zone id. */
  readonly zoneId: string;
  /** The mappings before the plan (prior state), or `undefined` when the zone was not there. */
  readonly before?: MappingEntry[];
  /** The mappings after the plan, or `undefined` when the plan removes the zone. */
  readonly after?: MappingEntry[];
  /** Where the data came from: the `ocr_<zone>_mappings` output, or the drift marker. */
  readonly from: 'output' | 'marker';
}

/** Whether parsed JSON looks like a plan from `terraform show -json`. */
export function looksLikePlan(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return (
    typeof d.format_version === 'string' &&
    (d.planned_values !== undefined || d.output_changes !== undefined || d.resource_changes !== undefined)
  );
}

/** Whether parsed JSON looks like state from `terraform show -json` without a plan (not accepted, but worth naming). */
export function looksLikeState(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return typeof d.format_version === 'string' && d.values !== undefined && !looksLikePlan(data);
}

/**
 * Every zone's before and after mappings in a plan. For each zone and side, the
 * `ocr_<zone>_mappings` output change is used when present (it carries upper-tier colos);
 * otherwise the drift marker's change (`null_resource` `triggers` or `terraform_data`
 * `triggers_replace`). Zones are returned sorted by id.
 *
 * @throws {@link InvalidMappingSourceError} when a value has another shape or is unknown until apply
 */
export function zonesFromPlan(plan: unknown, path: string): PlannedZone[] {
  const p = plan as { output_changes?: unknown; resource_changes?: unknown };
  const fromOutputs = new Map<string, { before?: MappingEntry[]; after?: MappingEntry[] }>();
  if (typeof p.output_changes === 'object' && p.output_changes !== null) {
    for (const [name, change] of Object.entries(p.output_changes as Record<string, unknown>)) {
      const zoneId = zoneOfMappingsOutput(name);
      if (zoneId === undefined) continue;
      const c = (change ?? {}) as { before?: unknown; after?: unknown; after_unknown?: unknown };
      if (c.after_unknown === true) {
        throw new InvalidMappingSourceError(
          path,
          `the planned value of output ${name} is unknown until apply. Make sure the stack was synthesized with the lookup's plain values (not Terraform expressions).`,
        );
      }
      const sides: { before?: MappingEntry[]; after?: MappingEntry[] } = {};
      if (c.before !== null && c.before !== undefined)
        sides.before = mappingsFromOutputValue(c.before, { path, output: `${name} (before)` });
      if (c.after !== null && c.after !== undefined)
        sides.after = mappingsFromOutputValue(c.after, { path, output: `${name} (after)` });
      fromOutputs.set(zoneId, sides);
    }
  }
  const fromMarkers = new Map<string, { before?: MappingEntry[]; after?: MappingEntry[] }>();
  if (Array.isArray(p.resource_changes)) {
    for (const rc of p.resource_changes as unknown[]) {
      const r = (rc ?? {}) as { address?: unknown; mode?: unknown; type?: unknown; name?: unknown; change?: unknown };
      if (r.mode !== undefined && r.mode !== 'managed') continue;
      const attribute =
        r.type === 'null_resource' ? 'triggers' : r.type === 'terraform_data' ? 'triggers_replace' : undefined;
      if (attribute === undefined || typeof r.name !== 'string') continue;
      const zoneId = MARKER_NAME_PATTERN.exec(r.name)?.[1]?.toLowerCase();
      if (zoneId === undefined) continue;
      const resource = typeof r.address === 'string' ? r.address : `${r.type as string}.${r.name}`;
      const change = (r.change ?? {}) as { before?: unknown; after?: unknown; after_unknown?: unknown };
      const sides: { before?: MappingEntry[]; after?: MappingEntry[] } = {};
      const before = (change.before as Record<string, unknown> | null | undefined)?.[attribute];
      const after = (change.after as Record<string, unknown> | null | undefined)?.[attribute];
      const afterUnknown = (change.after_unknown as Record<string, unknown> | null | undefined)?.[attribute];
      if (before !== null && before !== undefined)
        sides.before = mappingsFromMarkerTriggers(before, { path, resource: `${resource} (before)` });
      if (afterUnknown === true) {
        throw new InvalidMappingSourceError(
          path,
          `the planned ${attribute} of ${resource} are unknown until apply. Synthesize the stack again with this package's construct.`,
        );
      }
      if (after !== null && after !== undefined)
        sides.after = mappingsFromMarkerTriggers(after, { path, resource: `${resource} (after)` });
      fromMarkers.set(zoneId, sides);
    }
  }
  const zoneIds = [...new Set([...fromOutputs.keys(), ...fromMarkers.keys()])].sort();
  return zoneIds.map((zoneId) => {
    const o = fromOutputs.get(zoneId);
    const m = fromMarkers.get(zoneId);
    // Per side: an output added in this plan has no "before", yet the marker may show the zone was there.
    const before = o?.before ?? m?.before;
    const after = o?.after ?? m?.after;
    const zone: { zoneId: string; before?: MappingEntry[]; after?: MappingEntry[]; from: 'output' | 'marker' } = {
      zoneId,
      from: o !== undefined && (o.before !== undefined || o.after !== undefined) ? 'output' : 'marker',
    };
    if (before !== undefined) zone.before = before;
    if (after !== undefined) zone.after = after;
    return zone;
  });
}
