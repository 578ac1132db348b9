import type { ApiMapping } from '../model/mapping';
import { isRecord, own } from '../model/record';
import {
  ABSURD_TOTAL_COUNT,
  MAX_TEXT_LENGTH,
  VENDOR_REGION_SEPARATOR,
  isPrintableText,
  isRfc3339DateTime,
} from '../model/wire-values';
import type { WireSupportedRegion, WireSupportedRegions } from '../model/wire-schema';
import { quoteForMessage } from '../sinks/terminal';
import { checkSnapshotCoverage, type SnapshotCoverage } from './coverage';
import { canonicalIpOf, checkSnapshotIpRanges, type Refuse, type SnapshotIpRanges } from './ip-ranges';

// The same value rules as an API answer (lib/model/wire-schema.ts): a committed snapshot can be edited in a pull
// request. A value merely implausible as an id (`r${x}`) is kept, for validation to report and every sink to escape.

/** The `format` field of every snapshot file. */
export const SNAPSHOT_FORMAT = 'origin-cloud-regions-snapshot';
/** The format version written. Version 1 (still read) had `fetchedAt`, changed on every refresh, and no `label`. */
export const SNAPSHOT_VERSION = 2;
const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, SNAPSHOT_VERSION];
/**
 * Largest snapshot file read: 16 MiB. A zone has at most 3,500 mappings; their snapshot is about 0.5 MB,
 * and 1.9 MB with every vendor and region at the 200-character limit.
 */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

/**
 * One zone's lookup result saved to disk, so a later synth can run offline and give the same output. Holds no
 * credentials. Its keys are written in this order, and nothing in it changes unless the data does, so a refresh
 * that finds the same data leaves the file byte-identical (see {@link writeSnapshot}).
 */
export interface ZoneSnapshot {
  /** Always `"origin-cloud-regions-snapshot"`, so a reader can tell a snapshot from any other JSON file. */
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  zoneId: string;
  /** The zone's label from the construct, when one was given; reports show it. */
  label?: string;
  /**
   * When the data was first seen as it is now (RFC 3339): refreshes that find the same data keep it. For a
   * version-1 file, its `fetchedAt`. Informational only: synth output never depends on it.
   */
  changedAt: string;
  /** Sorted in `sortMappings` order, IPs canonical, with `modified_on` when known. */
  mappings: ApiMapping[];
  /** `vendors` without a prototype; `null` when not available (Tiered Cache off, no permission). */
  supportedRegions: WireSupportedRegions | null;
  /** IP range feed versions and verdicts, when written from a lookup with `verifyIpRanges` on. */
  ipRanges?: SnapshotIpRanges;
  /** The zone's origins, their sources and the feeds' placements, when written from a lookup with `coverage` on. */
  coverage?: SnapshotCoverage;
}

/** What the zone id may hold: it names the snapshot file, so nothing that could leave its folder. */
export const SNAPSHOT_ZONE_ID = /^[A-Za-z0-9_-]{1,64}$/;

type SnapshotRefusal = 'content' | 'not-a-snapshot' | 'newer-version';

/** The answer of {@link checkSnapshotData}: the snapshot, or the field path (none: the whole document) and problem. */
export type SnapshotCheck =
  | { readonly ok: true; readonly snapshot: ZoneSnapshot }
  | { readonly ok: false; readonly refusal: SnapshotRefusal; readonly field?: string; readonly problem: string };

/** Thrown inside the checks and caught by {@link checkSnapshotData}; never leaves this module. */
class Refusal extends Error {
  public constructor(
    public readonly refusal: SnapshotRefusal,
    public readonly field: string | undefined,
    public readonly problem: string,
  ) {
    super(problem);
  }
}

const refuse: Refuse = (field, problem) => {
  throw new Refusal('content', field, problem);
};

/**
 * Checks parsed snapshot data against the format and the value rules, and returns it in the current format. The
 * result is built fresh from own properties only: unknown fields are left out, and the vendors of
 * `supportedRegions` are a null-prototype object, so `__proto__` or `toString` are data, never JavaScript's own.
 */
export function checkSnapshotData(data: unknown): SnapshotCheck {
  try {
    return { ok: true, snapshot: toSnapshot(data) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return {
      ok: false,
      refusal: error.refusal,
      problem: error.problem,
      ...(error.field === undefined ? {} : { field: error.field }),
    };
  }
}

function toSnapshot(data: unknown): ZoneSnapshot {
  if (!isRecord(data)) throw new Refusal('not-a-snapshot', undefined, 'it does not hold a JSON object');
  if (own(data, 'format') !== SNAPSHOT_FORMAT) {
    throw new Refusal('not-a-snapshot', undefined, `it has no "format": "${SNAPSHOT_FORMAT}" field`);
  }
  const version = own(data, 'version');
  const readable = READABLE_SNAPSHOT_VERSIONS.join(' and ');
  if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
    const problem = `is ${version}: the file was written by a newer cdktf-origin-cloud-regions (this one reads versions ${readable})`;
    throw new Refusal('newer-version', 'version', problem);
  }
  if (typeof version !== 'number' || !READABLE_SNAPSHOT_VERSIONS.includes(version)) {
    refuse(
      'version',
      `${version === undefined ? 'is missing' : 'is not a format version'}; this package reads ${readable}`,
    );
  }
  const zoneId = own(data, 'zoneId');
  if (typeof zoneId !== 'string' || !SNAPSHOT_ZONE_ID.test(zoneId)) {
    refuse('zoneId', 'is not a zone id (1 to 64 letters, digits, _ or -)');
  }
  const timeField = version === 1 ? 'fetchedAt' : 'changedAt';
  const changedAt = own(data, timeField);
  if (typeof changedAt !== 'string' || !isRfc3339DateTime(changedAt)) {
    refuse(timeField, 'is not an RFC 3339 date-time such as 2026-01-31T12:00:00.000Z');
  }
  // Version 1 has no label, verdicts or coverage.
  const later = (key: string): unknown => (version === 1 ? undefined : own(data, key));
  const labelValue = later('label');
  const label = labelValue === undefined ? undefined : checkText(labelValue, 'label', 'the label');
  const checked = toMappings(own(data, 'mappings'));
  const ipRanges = later('ipRanges');
  const coverage = later('coverage');
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    zoneId,
    ...(label === undefined ? {} : { label }),
    changedAt,
    mappings: checked.mappings,
    supportedRegions: toSupportedRegions(own(data, 'supportedRegions')),
    ...(ipRanges === undefined ? {} : { ipRanges: checkSnapshotIpRanges(ipRanges, checked.canonicalIps, refuse) }),
    ...(coverage === undefined ? {} : { coverage: checkSnapshotCoverage(coverage, refuse) }),
  };
}

/** The checked mappings, and the canonical form of each origin IP (from the same parse). */
function toMappings(value: unknown): { mappings: ApiMapping[]; canonicalIps: ReadonlySet<string> } {
  if (!Array.isArray(value)) refuse('mappings', 'must be a list of mappings');
  if (value.length > ABSURD_TOTAL_COUNT) {
    refuse('mappings', `holds ${value.length} mappings, over ${ABSURD_TOTAL_COUNT} (Cloudflare allows 3,500 per zone)`);
  }
  const firstSeen = new Map<string, number>();
  const mappings = value.map((item: unknown, i) => {
    const field = `mappings[${i}]`;
    if (!isRecord(item)) refuse(field, 'must be an object');
    const ip = own(item, 'origin_ip');
    if (typeof ip !== 'string') refuse(`${field}.origin_ip`, missingOrNot(ip, 'a string'));
    const canonical = canonicalIpOf(ip, `${field}.origin_ip`, refuse);
    const earlier = firstSeen.get(canonical);
    if (earlier !== undefined) {
      refuse(
        `${field}.origin_ip`,
        `is ${canonical}, which mappings[${earlier}] holds already (an origin has one mapping)`,
      );
    }
    firstSeen.set(canonical, i);
    const vendor = checkVendor(own(item, 'vendor'), `${field}.vendor`);
    const region = checkText(own(item, 'region'), `${field}.region`, 'a region');
    const modifiedOn = own(item, 'modified_on');
    const mapping: ApiMapping = { origin_ip: ip, vendor, region };
    // The API sends null for "unknown"; a snapshot leaves the field out, and reads null the same way.
    if (modifiedOn !== undefined && modifiedOn !== null) {
      if (!isRfc3339DateTime(modifiedOn)) refuse(`${field}.modified_on`, 'is not an RFC 3339 date-time');
      mapping.modified_on = modifiedOn;
    }
    return mapping;
  });
  return { mappings, canonicalIps: new Set(firstSeen.keys()) };
}

function toSupportedRegions(value: unknown): WireSupportedRegions | null {
  if (value === null) return null;
  const field = 'supportedRegions';
  if (!isRecord(value)) refuse(field, 'must be an object or null');
  const obtainedCodes = own(value, 'obtained_codes');
  if (typeof obtainedCodes !== 'boolean')
    refuse(`${field}.obtained_codes`, missingOrNot(obtainedCodes, 'true or false'));
  const vendorsValue = own(value, 'vendors');
  if (!isRecord(vendorsValue)) refuse(`${field}.vendors`, 'must be an object');
  const vendors = Object.create(null) as Record<string, WireSupportedRegion[]>;
  for (const vendor of Object.keys(vendorsValue)) {
    const vendorField = `${field}.vendors["${quoteForMessage(vendor, 40)}"]`;
    checkVendor(vendor, vendorField, 'the vendor name');
    const regions = vendorsValue[vendor];
    if (!Array.isArray(regions)) refuse(vendorField, 'must be a list of regions');
    vendors[vendor] = regions.map((region: unknown, j) => {
      const regionField = `${vendorField}[${j}]`;
      if (!isRecord(region)) refuse(regionField, 'must be an object');
      const name = checkText(own(region, 'name'), `${regionField}.name`, 'a region name');
      const colos = own(region, 'upper_tier_colos');
      if (!Array.isArray(colos)) refuse(`${regionField}.upper_tier_colos`, 'must be a list of colo codes');
      return {
        name,
        upper_tier_colos: colos.map((colo: unknown, k) =>
          checkText(colo, `${regionField}.upper_tier_colos[${k}]`, 'a colo code'),
        ),
      };
    });
  }
  return { obtained_codes: obtainedCodes, vendors };
}

function checkVendor(value: unknown, field: string, what = 'a vendor'): string {
  const vendor = checkText(value, field, what);
  // Outputs key a mapping as "<vendor>/<region>" and split at the first "/": a vendor never holds one.
  if (vendor.includes(VENDOR_REGION_SEPARATOR)) {
    refuse(field, `is "${quoteForMessage(vendor, 60)}", and ${what} never contains "${VENDOR_REGION_SEPARATOR}"`);
  }
  return vendor;
}

/** The rules of lib/model/wire-schema.ts `printableTextSchema`, one problem at a time. */
function checkText(value: unknown, field: string, what: string): string {
  if (isPrintableText(value)) return value;
  if (typeof value !== 'string') refuse(field, missingOrNot(value, 'a string'));
  if (value.length === 0) refuse(field, `is empty; ${what} needs at least one character`);
  if (value.length > MAX_TEXT_LENGTH) {
    refuse(field, `is ${value.length} characters long, over the limit of ${MAX_TEXT_LENGTH}`);
  }
  return refuse(field, 'contains control characters');
}

function missingOrNot(value: unknown, expected: string): string {
  return value === undefined ? 'is missing' : `must be ${expected}`;
}
