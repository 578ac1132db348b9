import { InvalidInputError } from '../errors';
import { canonicalIp } from '../model/ip';
import type { OriginCloudRegionMapping, Placement } from '../model/mapping';
import { sortMappings } from '../model/order';
import { mappingsOf, type MappingEntry, type MappingSetLike } from '../model/mapping-set';

/** Where one origin pointed on one side of a diff. */
export interface MappingPlacement extends Placement {
  /** Upper-tier colos, when the side's source knows them. */
  readonly upperTierColos?: readonly string[];
}

/** An origin whose vendor or region differs between the two sides. */
export interface ChangedMapping {
  /** Canonical origin IP. */
  readonly originIp: string;
  /** Placements on the base (before) and head (after) sides. */
  readonly before: MappingPlacement;
  readonly after: MappingPlacement;
}

/**
 * What changed between two mapping lists of one zone: `added` are only on the head side, `removed` only on the base
 * side. Every list is in `sortMappings` order and every IP is canonical, so the result never depends on input order
 * or notation.
 */
export interface MappingDiff {
  readonly added: readonly MappingEntry[];
  readonly removed: readonly MappingEntry[];
  /** Origins on both sides whose vendor or region differs. */
  readonly changed: readonly ChangedMapping[];
  /** Origins on both sides with the same vendor and region. */
  readonly unchangedCount: number;
}

/** Whether a diff holds any added, removed or changed mapping. */
export function hasMappingChanges(diff: MappingDiff): boolean {
  return diff.added.length > 0 || diff.removed.length > 0 || diff.changed.length > 0;
}

/** The head side of every added and changed mapping (what reports validate and verify), the added first. */
export function headsOfChanges(diff: MappingDiff): OriginCloudRegionMapping[] {
  return [
    ...diff.added.map((m) => ({ originIp: m.originIp, vendor: m.vendor, region: m.region })),
    ...diff.changed.map((c) => ({ originIp: c.originIp, vendor: c.after.vendor, region: c.after.region })),
  ];
}

/**
 * Compares two mapping lists of one zone, keyed by canonical origin IP (so `2001:DB8:0::1` equals `2001:db8::1`).
 * Only vendor and region count as a change: `modified_on` moves without the origin moving, and upper-tier colos
 * follow from the region (they are carried along for the report).
 *
 * @throws {@link InvalidInputError} when an origin IP is not an IP address or appears twice on one side
 */
export function diffMappings(before: MappingSetLike, after: MappingSetLike): MappingDiff {
  const base = indexByIp(mappingsOf(before), 'base');
  const head = indexByIp(mappingsOf(after), 'head');
  const added: MappingEntry[] = [];
  const removed: MappingEntry[] = [];
  const changed: ChangedMapping[] = [];
  let unchangedCount = 0;
  for (const [ip, b] of base) {
    const a = head.get(ip);
    if (a === undefined) removed.push(b);
    else if (a.vendor === b.vendor && a.region === b.region) unchangedCount += 1;
    else changed.push({ originIp: ip, before: placementWithColos(b), after: placementWithColos(a) });
  }
  for (const [ip, a] of head) if (!base.has(ip)) added.push(a);
  return {
    added: sortMappings(added),
    removed: sortMappings(removed),
    changed: sortMappings(changed),
    unchangedCount,
  };
}

function indexByIp(mappings: readonly MappingEntry[], side: string): Map<string, MappingEntry> {
  const out = new Map<string, MappingEntry>();
  mappings.forEach((m, i) => {
    const ip = canonicalIp(m.originIp, `${side}[${i}].originIp`);
    if (out.has(ip)) {
      throw new InvalidInputError(
        `${side}[${i}].originIp`,
        `Origin IP ${ip} appears twice in the ${side} mappings (as "${out.get(ip)!.originIp}" and "${m.originIp}"). ` +
          'Give each origin once; notations of one address count as the same origin.',
      );
    }
    out.set(ip, { originIp: ip, ...placementWithColos(m) });
  });
  return out;
}

function placementWithColos(m: MappingEntry): MappingPlacement {
  const { vendor, region, upperTierColos } = m;
  return upperTierColos === undefined ? { vendor, region } : { vendor, region, upperTierColos };
}
