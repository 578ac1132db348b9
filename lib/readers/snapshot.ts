import { isMappableIp } from '../model/ip';
import { lookupFromSnapshot, parseSnapshot, snapshotUpperTierColos, SNAPSHOT_FORMAT } from '../snapshot';
import type { ZoneSnapshot } from '../snapshot/rules';
import type { MappingEntry, ZoneMappingSet } from '../model/mapping-set';
import { InvalidMappingSourceError } from '../errors/mapping-source';
import { checkAllStrings } from '../files/values';
import { isRecord, own } from '../model/record';

const SNAPSHOT_FIX =
  'Snapshots are written by this package: take the file again from version control, or refresh it with an online synth.';

/** Whether parsed JSON declares itself a snapshot (`"format": "origin-cloud-regions-snapshot"`). */
export function isSnapshotData(data: unknown): boolean {
  return isRecord(data) && own(data, 'format') === SNAPSHOT_FORMAT;
}

/**
 * The zone a snapshot (`text`, and `data` parsed from it) holds, with the upper-tier colos of each mapping where
 * its supported regions know them, and those supported regions (for validating added and changed origins).
 */
export function zoneFromSnapshot(text: string, data: unknown, file: string): ZoneMappingSet {
  const fail = (field: string, problem: string): never => {
    throw new InvalidMappingSourceError(file, `${field} ${problem}. ${SNAPSHOT_FIX}`, { field });
  };
  if (!isRecord(data)) return fail('the document', 'is not an object');
  // The format version (1 and 2 are read; a newer one asks for an upgrade) is lib/snapshot's rule.
  // Every string and key printable and bounded first, so no schema message can carry a control character.
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
  return snapshotMappingSet(parseSnapshot(text, file), file);
}

/** A parsed snapshot as a mapping set: canonical IPs in order, and the upper-tier colos where they are known. */
export function snapshotMappingSet(snapshot: ZoneSnapshot, file: string): ZoneMappingSet {
  const { mappings, supportedRegions } = lookupFromSnapshot(snapshot);
  // Without resolved codes, Cloudflare says the lists may be empty or incomplete: unknown, not "none".
  const colosKnown = supportedRegions?.obtainedCodes === true;
  return {
    zoneId: snapshot.zoneId.toLowerCase(),
    mappings: mappings.map(({ originIp, vendor, region }): MappingEntry => {
      const known = colosKnown ? snapshotUpperTierColos(snapshot, vendor, region) : undefined;
      return known === undefined ? { originIp, vendor, region } : { originIp, vendor, region, upperTierColos: known };
    }),
    label: file,
    supportedRegions,
  };
}
