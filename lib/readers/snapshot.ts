import { isMappableIp, canonicalIp } from '../model/ip';
import type { SupportedRegions } from '../model/supported-regions';
import { sortMappings } from '../model/order';
import { parseSnapshot, SNAPSHOT_FORMAT, type ZoneSnapshot } from '../snapshot';
import type { MappingEntry, ZoneMappingSet } from '../model/mapping-set';
import { InvalidMappingSourceError } from '../errors/mapping-source';
import { checkAllStrings } from '../files/values';
import { isRecord, own } from '../model/record';

/**
 * One zone's mappings from a snapshot file's text (pure): the value rules first (every string and key
 * printable and bounded, so no schema message can carry a control character or a huge key), then
 * lib/snapshot's own parser, then the IPs.
 */

const SNAPSHOT_FIX =
  'Snapshots are written by this package: take the file again from version control, or refresh it with an online synth.';

/** Whether parsed JSON declares itself a snapshot (`"format": "origin-cloud-regions-snapshot"`). */
export function isSnapshotData(data: unknown): boolean {
  return isRecord(data) && own(data, 'format') === SNAPSHOT_FORMAT;
}

/**
 * The zone a snapshot holds, with the upper-tier colos of each mapping (when the snapshot's supported
 * regions know them) and the supported regions themselves (for validating added and changed origins).
 *
 * @param text - the file's text (lib/snapshot parses it)
 * @param data - the same text, already parsed
 * @param file - the path, for the zone's label and messages
 * @throws {@link InvalidMappingSourceError} naming the field when a value breaks the rules
 * @throws {@link SnapshotInvalidError} when lib/snapshot refuses the file
 */
export function zoneFromSnapshot(text: string, data: unknown, file: string): ZoneMappingSet {
  const fail = (field: string, problem: string): never => {
    throw new InvalidMappingSourceError(file, `${field} ${problem}. ${SNAPSHOT_FIX}`, { field });
  };
  if (!isRecord(data)) return fail('the document', 'is not an object');
  // The format version (1 and 2 are read; a newer one asks for an upgrade) is lib/snapshot's rule.
  checkAllStrings(data, fail);
  // Before lib/snapshot's parser, which would stop at a zoned IPv6 address with a message of its own.
  const rawMappings = own(data, 'mappings');
  if (Array.isArray(rawMappings)) {
    rawMappings.forEach((m: unknown, i) => {
      const ip = isRecord(m) ? own(m, 'origin_ip') : undefined;
      if (typeof ip === 'string' && !isMappableIp(ip))
        fail(`mappings[${i}].origin_ip`, 'is not an IPv4 or IPv6 address');
    });
  }
  const snapshot: ZoneSnapshot = parseSnapshot(text, file);
  const colos = colosIndex(snapshot);
  const mappings: MappingEntry[] = snapshot.mappings.map((m) => {
    const known = colos?.get(m.vendor)?.get(m.region);
    const entry = { originIp: canonicalIp(m.origin_ip), vendor: m.vendor, region: m.region };
    return known === undefined ? entry : { ...entry, upperTierColos: known };
  });
  return {
    zoneId: snapshot.zoneId.toLowerCase(),
    mappings: sortMappings(mappings),
    label: file,
    supportedRegions: supportedRegionsOf(snapshot),
  };
}

// Maps, not objects: a vendor named `toString` or `__proto__` is data, never a property of Object.prototype.
function colosIndex(snapshot: ZoneSnapshot): Map<string, Map<string, string[]>> | undefined {
  const sr = snapshot.supportedRegions;
  // Without resolved codes, Cloudflare says the lists may be empty or incomplete: unknown, not "none".
  if (sr === null || !sr.obtained_codes) return undefined;
  const out = new Map<string, Map<string, string[]>>();
  for (const [vendor, regions] of Object.entries(sr.vendors)) {
    const byRegion = new Map<string, string[]>();
    for (const r of regions) if (!byRegion.has(r.name)) byRegion.set(r.name, [...r.upper_tier_colos]);
    out.set(vendor, byRegion);
  }
  return out;
}

function supportedRegionsOf(snapshot: ZoneSnapshot): SupportedRegions | null {
  const sr = snapshot.supportedRegions;
  if (sr === null) return null;
  const vendors: Record<string, { name: string; upperTierColos: string[] }[]> = Object.create(null) as Record<
    string,
    { name: string; upperTierColos: string[] }[]
  >;
  for (const [vendor, regions] of Object.entries(sr.vendors)) {
    vendors[vendor] = regions.map((r) => ({ name: r.name, upperTierColos: [...r.upper_tier_colos] }));
  }
  return { obtainedCodes: sr.obtained_codes, vendors };
}
