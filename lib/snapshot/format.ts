import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { canonicalIp, canonicalIpAndKey } from '../model/ip';
import { toApiMapping, type ApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings, sortMappingsByKeys } from '../model/order';
import { supportedRegionsFromWire, type SupportedRegions } from '../model/supported-regions';
import type { WireSupportedRegion, WireSupportedRegions } from '../model/wire-schema';
import type { SnapshotCoverage } from './coverage';
import type { SnapshotIpRanges } from './ip-ranges';
import { checkSnapshotData, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SNAPSHOT_ZONE_ID, type ZoneSnapshot } from './rules';

/** What {@link snapshotFromLookup} needs: one zone's lookup result. */
export interface SnapshotSource {
  readonly zoneId: string;
  readonly label?: string;
  /** The zone's complete mapping list (any order, any IP notation). */
  readonly mappings: readonly OriginCloudRegionMapping[];
  readonly supportedRegions: SupportedRegions | null;
  /** Becomes the snapshot's `changedAt`, unless {@link writeSnapshot} finds the file holds the same data. */
  readonly fetchedAt: Date | string;
  readonly ipRanges?: SnapshotIpRanges;
  readonly coverage?: SnapshotCoverage;
}

/**
 * Builds the snapshot of one lookup, or throws an {@link InvalidInputError} naming the field that breaks the snapshot
 * rules. Deterministic: mappings sorted, IPs canonical, vendors sorted, so the same data always gives the same file.
 */
export function snapshotFromLookup(source: SnapshotSource): ZoneSnapshot {
  assertZoneId(source.zoneId);
  const fetched = source.fetchedAt instanceof Date ? source.fetchedAt : new Date(source.fetchedAt);
  if (Number.isNaN(fetched.getTime())) {
    throw new InvalidInputError('fetchedAt', 'fetchedAt is not a date. Pass a Date or an ISO 8601 string.');
  }
  const mappings = source.mappings.map((m, i) =>
    toApiMapping({ ...m, originIp: canonicalIp(m.originIp, `mappings[${i}].originIp`) }),
  );
  // Checked before sorting, so that an error's `mappings[i]` is the caller's own index. An undefined key is absent.
  const checked = checkedForWriting({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    zoneId: source.zoneId,
    label: source.label,
    changedAt: fetched.toISOString(),
    mappings,
    supportedRegions: source.supportedRegions === null ? null : supportedRegionsToWire(source.supportedRegions),
    ipRanges: source.ipRanges,
    coverage: source.coverage,
  });
  const sorted = { ...checked, mappings: sortByIp(checked.mappings) };
  if (checked.ipRanges === undefined) return sorted;
  const order = new Map(sorted.mappings.map((m, i) => [m.origin_ip, i]));
  const verdicts = [...checked.ipRanges.verdicts].sort(
    (a, b) => (order.get(a.origin_ip) ?? 0) - (order.get(b.origin_ip) ?? 0),
  );
  return { ...sorted, ipRanges: { ...checked.ipRanges, verdicts } };
}

/** `snapshot` checked against the snapshot rules and rebuilt, or an {@link InvalidInputError} naming the field. */
export function checkedForWriting(snapshot: unknown): ZoneSnapshot {
  const checked = checkSnapshotData(snapshot);
  if (checked.ok) return checked.snapshot;
  const field = checked.field ?? 'snapshot';
  throw new InvalidInputError(
    field,
    `The snapshot to write is not valid: ${checked.field === undefined ? '' : `${checked.field} `}${checked.problem}. ` +
      'Build it with snapshotFromLookup() from data that passed the API rules.',
  );
}

/** Reads a snapshot back into the package's own shapes (the inverse of {@link snapshotFromLookup}). */
export function lookupFromSnapshot(snapshot: ZoneSnapshot) {
  // One parse per IP gives its canonical form and its sort key.
  const keys: string[] = [];
  const unsorted = snapshot.mappings.map((m) => {
    // For a text that is no IP (a snapshot built by hand), canonicalIp throws the package's error.
    const ip = canonicalIpAndKey(m.origin_ip) ?? { canonical: canonicalIp(m.origin_ip), key: '' };
    keys.push(ip.key);
    return {
      originIp: ip.canonical,
      vendor: m.vendor,
      region: m.region,
      ...(m.modified_on === undefined ? {} : { modifiedOn: m.modified_on }),
    };
  });
  const sr = snapshot.supportedRegions;
  return {
    zoneId: snapshot.zoneId,
    ...(snapshot.label === undefined ? {} : { label: snapshot.label }),
    mappings: sortMappingsByKeys(unsorted, keys),
    supportedRegions: sr === null ? null : supportedRegionsFromWire(sr),
    changedAt: snapshot.changedAt,
    ...(snapshot.ipRanges === undefined ? {} : { ipRanges: snapshot.ipRanges }),
    ...(snapshot.coverage === undefined ? {} : { coverage: snapshot.coverage }),
  };
}

/**
 * The upper-tier colos of one vendor/region in a snapshot's supported-regions data, or `undefined` when it does
 * not know them. Only the snapshot's own vendors count: `toString` or `__proto__` are looked up as data.
 */
export function snapshotUpperTierColos(snapshot: ZoneSnapshot, vendor: string, region: string): string[] | undefined {
  const vendors = snapshot.supportedRegions?.vendors;
  if (vendors === undefined || !Object.prototype.hasOwnProperty.call(vendors, vendor)) return undefined;
  const found = vendors[vendor].find((r) => r.name === region);
  return found === undefined ? undefined : [...found.upper_tier_colos];
}

/** The default path of a zone's snapshot, `<dir>/<zoneId>.json`, for a zone id that cannot escape the folder. */
export function snapshotPath(dir: string, zoneId: string): string {
  assertZoneId(zoneId);
  return path.join(dir, `${zoneId}.json`);
}

/**
 * Pretty JSON with a final newline. The keys are in the documented order because every snapshot written is built by
 * {@link checkSnapshotData}, which adds them in that order: the same data always gives the same bytes.
 */
export function serializeSnapshot(snapshot: ZoneSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + '\n';
}

function assertZoneId(zoneId: string): void {
  if (typeof zoneId !== 'string' || !SNAPSHOT_ZONE_ID.test(zoneId)) {
    throw new InvalidInputError('zoneId', "zoneId is not a zone id. Give the zone's 32-character hex id.");
  }
}

function supportedRegionsToWire(sr: SupportedRegions): WireSupportedRegions {
  const vendors = Object.create(null) as Record<string, WireSupportedRegion[]>;
  for (const vendor of Object.keys(sr.vendors).sort()) {
    vendors[vendor] = sr.vendors[vendor].map((r) => ({ name: r.name, upper_tier_colos: [...r.upperTierColos] }));
  }
  return { obtained_codes: sr.obtainedCodes, vendors };
}

function sortByIp(mappings: ApiMapping[]): ApiMapping[] {
  return sortMappings(mappings.map((m) => ({ originIp: m.origin_ip, m }))).map((x) => x.m);
}
