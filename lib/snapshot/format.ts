import * as path from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../errors';
import { canonicalIp, isIp } from '../model/ip';
import { toApiMapping, type ApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings } from '../model/order';
import type { SupportedRegions } from '../model/supported-regions';

/** The `format` field of every snapshot file. */
export const SNAPSHOT_FORMAT = 'origin-cloud-regions-snapshot';
/** The snapshot format version this package writes and reads. */
export const SNAPSHOT_VERSION = 1;
/** Default snapshot folder, relative to the app's working directory. */
export const DEFAULT_SNAPSHOT_DIR = '.origin-cloud-regions';

/** The supported-regions data of a snapshot, in the API's wire shape. */
export interface SnapshotSupportedRegions {
  /** Whether Cloudflare resolved the colo codes. */
  obtained_codes: boolean;
  /** Vendor → its regions with their upper-tier colos. */
  vendors: Record<
    string,
    {
      /** The vendor's region id, for example `us-east-1`. */
      name: string;
      /** IATA codes of the Tiered Cache upper-tier colos the region routes through, in the API's order. */
      upper_tier_colos: string[];
    }[]
  >;
}

/**
 * One zone's lookup result saved to disk, so a later synth can run offline and give the same
 * output. Holds no credentials: only the zone id, the mappings and the supported-regions data.
 */
export interface ZoneSnapshot {
  /** Always `"origin-cloud-regions-snapshot"`, so a reader can tell a snapshot from any other JSON file. */
  format: typeof SNAPSHOT_FORMAT;
  /** The format version, always `1` for the files this package writes; a reader refuses any other. */
  version: typeof SNAPSHOT_VERSION;
  /** The Cloudflare zone id. */
  zoneId: string;
  /** When the data was fetched (ISO 8601). Informational only: synth output never depends on it. */
  fetchedAt: string;
  /** The zone's mappings, sorted in `sortMappings` order, IPs canonical, with `modified_on` when known. */
  mappings: ApiMapping[];
  /** The zone's supported regions, or `null` when they were not available (Tiered Cache off, no permission). */
  supportedRegions: SnapshotSupportedRegions | null;
}

const apiMappingSchema = z.object({
  origin_ip: z.string().refine(isIp, { message: 'not an IP address' }),
  vendor: z.string().min(1),
  region: z.string().min(1),
  modified_on: z.string().optional(),
});

const supportedRegionsSchema = z.object({
  obtained_codes: z.boolean(),
  vendors: z.record(z.string(), z.array(z.object({ name: z.string().min(1), upper_tier_colos: z.array(z.string()) }))),
});

/** zod schema of a version-1 snapshot (the `format` and `version` fields are checked before it runs). */
export const zoneSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  zoneId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a zone id'),
  fetchedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO 8601 date-time' }),
  mappings: z.array(apiMappingSchema),
  supportedRegions: supportedRegionsSchema.nullable(),
});

/** What {@link snapshotFromLookup} needs: one zone's lookup result. */
export interface SnapshotSource {
  /** The Cloudflare zone id. */
  readonly zoneId: string;
  /** The zone's complete mapping list (any order, any IP notation). */
  readonly mappings: readonly OriginCloudRegionMapping[];
  /** The zone's supported regions, or `null` when unavailable. */
  readonly supportedRegions: SupportedRegions | null;
  /** When the data was fetched. */
  readonly fetchedAt: Date | string;
}

/**
 * Builds the snapshot of one lookup. Pure and deterministic: mappings are sorted and their IPs
 * canonical, vendors are sorted by name, so the same data always gives the same file.
 *
 * @throws {@link InvalidInputError} when the zone id, an IP or `fetchedAt` is not valid
 */
export function snapshotFromLookup(source: SnapshotSource): ZoneSnapshot {
  assertZoneId(source.zoneId);
  const fetched = source.fetchedAt instanceof Date ? source.fetchedAt : new Date(source.fetchedAt);
  if (Number.isNaN(fetched.getTime())) {
    throw new InvalidInputError(
      'fetchedAt',
      `fetchedAt "${String(source.fetchedAt)}" is not a date. Pass a Date or an ISO 8601 string.`,
    );
  }
  const mappings = source.mappings.map((m, i) =>
    toApiMapping({ ...m, originIp: canonicalIp(m.originIp, `mappings[${i}].originIp`) }),
  );
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    zoneId: source.zoneId,
    fetchedAt: fetched.toISOString(),
    mappings: sortByIp(mappings),
    supportedRegions: source.supportedRegions === null ? null : supportedRegionsToWire(source.supportedRegions),
  };
}

/** The lookup result stored in a snapshot, in the shapes the rest of the package uses. */
export interface SnapshotLookup {
  /** The Cloudflare zone id. */
  readonly zoneId: string;
  /** The mappings, sorted, IPs canonical. */
  readonly mappings: OriginCloudRegionMapping[];
  /** The supported regions, or `null` when the snapshot has none. */
  readonly supportedRegions: SupportedRegions | null;
  /** When the data was fetched (ISO 8601). */
  readonly fetchedAt: string;
}

/** Reads a snapshot back into the package's own shapes (the inverse of {@link snapshotFromLookup}). */
export function lookupFromSnapshot(snapshot: ZoneSnapshot): SnapshotLookup {
  const mappings = sortMappings(
    snapshot.mappings.map((m) => {
      const out: { originIp: string; vendor: string; region: string; modifiedOn?: string } = {
        originIp: canonicalIp(m.origin_ip),
        vendor: m.vendor,
        region: m.region,
      };
      if (m.modified_on !== undefined) out.modifiedOn = m.modified_on;
      return out;
    }),
  );
  const sr = snapshot.supportedRegions;
  return {
    zoneId: snapshot.zoneId,
    mappings,
    supportedRegions:
      sr === null
        ? null
        : {
            obtainedCodes: sr.obtained_codes,
            vendors: Object.fromEntries(
              Object.entries(sr.vendors).map(([v, regions]) => [
                v,
                regions.map((r) => ({ name: r.name, upperTierColos: [...r.upper_tier_colos] })),
              ]),
            ),
          },
    fetchedAt: snapshot.fetchedAt,
  };
}

/**
 * The upper-tier colos of one vendor/region according to a snapshot's supported-regions data,
 * or `undefined` when the snapshot does not know them (no data, or the region is not listed).
 */
export function upperTierColosFor(snapshot: ZoneSnapshot, vendor: string, region: string): string[] | undefined {
  const found = snapshot.supportedRegions?.vendors[vendor]?.find((r) => r.name === region);
  return found === undefined ? undefined : [...found.upper_tier_colos];
}

/**
 * The default path of a zone's snapshot: `<dir>/<zoneId>.json`.
 *
 * @throws {@link InvalidInputError} when the zone id could escape the folder (only letters, digits, `_` and `-` are allowed)
 */
export function snapshotPath(dir: string, zoneId: string): string {
  assertZoneId(zoneId);
  return path.join(dir, `${zoneId}.json`);
}

function assertZoneId(zoneId: string): void {
  if (typeof zoneId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(zoneId)) {
    throw new InvalidInputError(
      'zoneId',
      `zoneId "${String(zoneId)}" is not a zone id. Give the zone's 32-character hex id.`,
    );
  }
}

function supportedRegionsToWire(sr: SupportedRegions): SnapshotSupportedRegions {
  const vendors: SnapshotSupportedRegions['vendors'] = {};
  for (const vendor of Object.keys(sr.vendors).sort()) {
    vendors[vendor] = sr.vendors[vendor].map((r) => ({ name: r.name, upper_tier_colos: [...r.upperTierColos] }));
  }
  return { obtained_codes: sr.obtainedCodes, vendors };
}

function sortByIp(mappings: ApiMapping[]): ApiMapping[] {
  return sortMappings(mappings.map((m) => ({ originIp: m.origin_ip, m }))).map((x) => x.m);
}
