import { canonicalIpAndKey } from '../model/ip';
import type { ApiMapping } from '../model/mapping';
import {
  ABSURD_TOTAL_COUNT,
  MAX_TEXT_LENGTH,
  VENDOR_REGION_SEPARATOR,
  isPrintableText,
  isRfc3339DateTime,
  type WireSupportedRegion,
  type WireSupportedRegions,
} from '../model/wire-schema';
import { quoteForMessage } from '../sinks/terminal';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './constants';
import { checkSnapshotCoverage, type SnapshotCoverage } from './coverage';
import { checkSnapshotIpRanges, type SnapshotIpRanges } from './ip-ranges';

/**
 * The value rules of a snapshot: the same rules as an API answer (lib/model/wire-schema.ts), because
 * a snapshot committed to a repository can be edited in a pull request. A value that breaks the shape
 * or holds a control character is refused; a value that is merely implausible as an id (`r${x}`, upper
 * case) is kept, so that validation reports it as a finding and every sink escapes it.
 */

/** One supported region of a snapshot, in the API's wire shape (`name`, `upper_tier_colos`). */
export type SnapshotSupportedRegion = WireSupportedRegion;

/**
 * The supported-regions data of a snapshot, in the API's wire shape. `vendors` is a null-prototype object
 * when built or read by this package, so a vendor named `__proto__` or `toString` is a key like any other.
 */
export type SnapshotSupportedRegions = WireSupportedRegions;

/**
 * One zone's lookup result saved to disk, so a later synth can run offline and give the same
 * output. Holds no credentials: only the zone id, its label, the mappings, the supported-regions data and, when
 * verified, the IP range verdicts.
 *
 * The file is JSON with these keys in this order: `format`, `version`, `zoneId`, `label` (only when
 * given), `changedAt`, `mappings`, `supportedRegions`, `ipRanges` (only when verified), `coverage` (only with coverage on). Nothing in it changes unless the data does, so a
 * refresh that finds the same data leaves the file byte-identical (see {@link writeSnapshot}).
 */
export interface ZoneSnapshot {
  /** Always `"origin-cloud-regions-snapshot"`, so a reader can tell a snapshot from any other JSON file. */
  format: typeof SNAPSHOT_FORMAT;
  /** The format version, {@link SNAPSHOT_VERSION}; a reader refuses versions it does not know. */
  version: typeof SNAPSHOT_VERSION;
  /** The Cloudflare zone id. */
  zoneId: string;
  /** The zone's label from the construct (printable, at most 200 characters), when one was given; reports show it. */
  label?: string;
  /**
   * When the data was first seen as it is now (RFC 3339): the fetch time of the refresh that found it
   * changed. Refreshes that find the same data keep it. For a version-1 file, its `fetchedAt`.
   * Informational only: synth output never depends on it.
   */
  changedAt: string;
  /** The zone's mappings, sorted in `sortMappings` order, IPs canonical, with `modified_on` when known. */
  mappings: ApiMapping[];
  /** The zone's supported regions, or `null` when they were not available (Tiered Cache off, no permission). */
  supportedRegions: SnapshotSupportedRegions | null;
  /** IP range feed versions and verdicts, when written from a lookup with `verifyIpRanges` on. */
  ipRanges?: SnapshotIpRanges;
  /** The zone's origins, their sources and the feeds' placements, when written from a lookup with `coverage` on. */
  coverage?: SnapshotCoverage;
}

/** Snapshot format versions this package reads: 1 (with `fetchedAt`) and 2 (with `changedAt`). */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, SNAPSHOT_VERSION];

/** What the zone id may hold: it names the snapshot file, so nothing that could leave its folder. */
export const SNAPSHOT_ZONE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a snapshot is refused, for {@link SnapshotCheck}. */
export type SnapshotRefusal =
  /** A field breaks the rules. */
  | 'content'
  /** The file is not a snapshot at all (no `format` field). */
  | 'not-a-snapshot'
  /** The file is a snapshot of a newer format version. */
  | 'newer-version';

/** The answer of {@link checkSnapshotData}. */
export type SnapshotCheck =
  | { readonly ok: true; readonly snapshot: ZoneSnapshot }
  | {
      readonly ok: false;
      readonly refusal: SnapshotRefusal;
      /** The field path, such as `mappings[3].region`; absent when the problem is the whole document. */
      readonly field?: string;
      /** What is wrong, worded to follow the field (`contains control characters`). */
      readonly problem: string;
    };

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

/**
 * Checks parsed snapshot data against the format and the value rules, and returns it in the current
 * format (a version-1 snapshot's `fetchedAt` becomes `changedAt`). The result is built fresh: unknown
 * fields are left out, and the vendors of `supportedRegions` are a null-prototype object, so names such
 * as `__proto__`, `constructor` or `toString` are data, never JavaScript's own properties.
 *
 * Pure; reads only own properties of `data`.
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
  if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
    throw new Refusal(
      'newer-version',
      'version',
      `is ${version}: the file was written by a newer cdktf-origin-cloud-regions (this one reads versions ${READABLE_SNAPSHOT_VERSIONS.join(' and ')})`,
    );
  }
  if (typeof version !== 'number' || !READABLE_SNAPSHOT_VERSIONS.includes(version)) {
    throw new Refusal(
      'content',
      'version',
      `${version === undefined ? 'is missing' : 'is not a format version'}; this package reads ${READABLE_SNAPSHOT_VERSIONS.join(' and ')}`,
    );
  }
  const zoneId = own(data, 'zoneId');
  if (typeof zoneId !== 'string' || !SNAPSHOT_ZONE_ID.test(zoneId)) {
    throw new Refusal('content', 'zoneId', 'is not a zone id (1 to 64 letters, digits, _ or -)');
  }
  const timeField = version === 1 ? 'fetchedAt' : 'changedAt';
  const changedAt = own(data, timeField);
  if (typeof changedAt !== 'string' || !isRfc3339DateTime(changedAt)) {
    throw new Refusal('content', timeField, 'is not an RFC 3339 date-time such as 2026-01-31T12:00:00.000Z');
  }
  const label = version === 1 ? undefined : own(data, 'label');
  if (label !== undefined) checkText(label, 'label', 'the label');
  const checked = toMappings(own(data, 'mappings'));
  const snapshot: ZoneSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    zoneId,
    ...(label === undefined ? {} : { label: label as string }),
    changedAt,
    mappings: checked.mappings,
    supportedRegions: toSupportedRegions(own(data, 'supportedRegions')),
  };
  // Optional (IP range verification, coverage): refused with the same rules, naming the field.
  const ipRanges = version === 1 ? undefined : own(data, 'ipRanges');
  const coverage = version === 1 ? undefined : own(data, 'coverage');
  const refuse = (field: string, problem: string): never => {
    throw new Refusal('content', field, problem);
  };
  return {
    ...snapshot,
    ...(ipRanges === undefined ? {} : { ipRanges: checkSnapshotIpRanges(ipRanges, checked.canonicalIps, refuse) }),
    ...(coverage === undefined ? {} : { coverage: checkSnapshotCoverage(coverage, refuse) }),
  };
}

/** The checked mappings, and the canonical form of each origin IP (from the same parse). */
function toMappings(value: unknown): { mappings: ApiMapping[]; canonicalIps: ReadonlySet<string> } {
  if (!Array.isArray(value)) throw new Refusal('content', 'mappings', 'must be a list of mappings');
  if (value.length > ABSURD_TOTAL_COUNT) {
    throw new Refusal(
      'content',
      'mappings',
      `holds ${value.length} mappings, over ${ABSURD_TOTAL_COUNT} (Cloudflare allows 3,500 per zone)`,
    );
  }
  const firstSeen = new Map<string, number>();
  const mappings = value.map((item: unknown, i) => {
    const field = `mappings[${i}]`;
    if (!isRecord(item)) throw new Refusal('content', field, 'must be an object');
    const ip = own(item, 'origin_ip');
    if (typeof ip !== 'string') throw new Refusal('content', `${field}.origin_ip`, missingOrNot(ip, 'a string'));
    const parsed = canonicalIpAndKey(ip);
    if (parsed === undefined) {
      throw new Refusal('content', `${field}.origin_ip`, `"${quoteForMessage(ip, 60)}" is not an IPv4 or IPv6 address`);
    }
    const earlier = firstSeen.get(parsed.canonical);
    if (earlier !== undefined) {
      throw new Refusal(
        'content',
        `${field}.origin_ip`,
        `is ${parsed.canonical}, which mappings[${earlier}] holds already (an origin has one mapping)`,
      );
    }
    firstSeen.set(parsed.canonical, i);
    const vendor = checkVendor(own(item, 'vendor'), `${field}.vendor`);
    const region = checkText(own(item, 'region'), `${field}.region`, 'a region');
    const modifiedOn = own(item, 'modified_on');
    const mapping: ApiMapping = { origin_ip: ip, vendor, region };
    // The API sends null for "unknown"; a snapshot leaves the field out, and reads null the same way.
    if (modifiedOn !== undefined && modifiedOn !== null) {
      if (typeof modifiedOn !== 'string' || !isRfc3339DateTime(modifiedOn)) {
        throw new Refusal('content', `${field}.modified_on`, 'is not an RFC 3339 date-time');
      }
      mapping.modified_on = modifiedOn;
    }
    return mapping;
  });
  return { mappings, canonicalIps: new Set(firstSeen.keys()) };
}

function toSupportedRegions(value: unknown): WireSupportedRegions | null {
  if (value === null) return null;
  const field = 'supportedRegions';
  if (!isRecord(value)) throw new Refusal('content', field, 'must be an object or null');
  const obtainedCodes = own(value, 'obtained_codes');
  if (typeof obtainedCodes !== 'boolean') {
    throw new Refusal('content', `${field}.obtained_codes`, missingOrNot(obtainedCodes, 'true or false'));
  }
  const vendorsValue = own(value, 'vendors');
  if (!isRecord(vendorsValue)) throw new Refusal('content', `${field}.vendors`, 'must be an object');
  const vendors = Object.create(null) as Record<string, WireSupportedRegion[]>;
  for (const vendor of Object.keys(vendorsValue)) {
    const vendorField = `${field}.vendors["${quoteForMessage(vendor, 40)}"]`;
    checkVendor(vendor, vendorField, 'the vendor name');
    const regions = vendorsValue[vendor];
    if (!Array.isArray(regions)) throw new Refusal('content', vendorField, 'must be a list of regions');
    vendors[vendor] = regions.map((region: unknown, j) => {
      const regionField = `${vendorField}[${j}]`;
      if (!isRecord(region)) throw new Refusal('content', regionField, 'must be an object');
      const name = checkText(own(region, 'name'), `${regionField}.name`, 'a region name');
      const colos = own(region, 'upper_tier_colos');
      if (!Array.isArray(colos)) {
        throw new Refusal('content', `${regionField}.upper_tier_colos`, 'must be a list of colo codes');
      }
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
    throw new Refusal(
      'content',
      field,
      `is "${quoteForMessage(vendor, 60)}", and ${what} never contains "${VENDOR_REGION_SEPARATOR}"`,
    );
  }
  return vendor;
}

/** The rules of lib/model/wire-schema.ts `printableTextSchema`, one problem at a time. */
function checkText(value: unknown, field: string, what: string): string {
  if (isPrintableText(value)) return value;
  if (typeof value !== 'string') throw new Refusal('content', field, missingOrNot(value, 'a string'));
  if (value.length === 0) throw new Refusal('content', field, `is empty; ${what} needs at least one character`);
  if (value.length > MAX_TEXT_LENGTH) {
    throw new Refusal('content', field, `is ${value.length} characters long, over the limit of ${MAX_TEXT_LENGTH}`);
  }
  throw new Refusal('content', field, 'contains control characters');
}

function missingOrNot(value: unknown, expected: string): string {
  return value === undefined ? 'is missing' : `must be ${expected}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[key]` only when it is the record's own property: an inherited `toString` is not data. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
