import { InvalidInputError } from '../errors/base';

/** The cloud vendors Cloudflare accepts for an origin cloud region mapping. */
export const VENDORS = ['aws', 'azure', 'gcp', 'oci'] as const;

/** A cloud vendor Cloudflare accepts (`aws`, `azure`, `gcp` or `oci`). */
export type Vendor = (typeof VENDORS)[number];

/**
 * One origin IP → cloud region mapping of a zone, as this package hands it out.
 *
 * `vendor` is a plain string, not {@link Vendor}: the API may return a value this package
 * does not know yet, and validation reports it instead of the parser dropping it.
 */
export interface OriginCloudRegionMapping {
  /** The origin IP address in canonical form (dotted quad for IPv4, RFC 5952 for IPv6). */
  readonly originIp: string;
  /** Cloud vendor hosting the origin, for example `aws`. */
  readonly vendor: string;
  /** Vendor region identifier, for example `us-east-1`. */
  readonly region: string;
  /** When Cloudflare last modified the mapping (ISO 8601), when the API says. */
  readonly modifiedOn?: string;
}

/**
 * The wire shape of a mapping, as the Cloudflare API and the emulator's seed files spell it.
 * The CLI's `--format json` prints this shape, so scripts can compare it with the API.
 */
export interface ApiMapping {
  /** Origin IP address (IPv4 or IPv6). */
  origin_ip: string;
  /** Cloud vendor. */
  vendor: string;
  /** Vendor region identifier. */
  region: string;
  /** RFC 3339 date-time of the last change. */
  modified_on?: string;
}

/** Converts a mapping to the API's wire shape (snake_case keys). */
export function toApiMapping(m: OriginCloudRegionMapping): ApiMapping {
  const out: ApiMapping = { origin_ip: m.originIp, vendor: m.vendor, region: m.region };
  if (m.modifiedOn !== undefined) out.modified_on = m.modifiedOn;
  return out;
}

/** A vendor and one of its regions: where an origin is placed. */
export interface Placement {
  /** Cloud vendor, for example `aws`. */
  readonly vendor: string;
  /** Vendor region identifier, for example `us-east-1`. */
  readonly region: string;
}

/**
 * `"vendor/region"`: the placement string of the Terraform outputs, the drift marker and the reports. Readers split
 * it at the first `/` ({@link parsePlacement}), which is why a vendor holding `/` is refused at every edge.
 */
export function placementOf(m: Placement): string {
  return `${m.vendor}/${m.region}`;
}

/**
 * The inverse of {@link placementOf}: `"aws/us-east-1"` → `{ vendor: 'aws', region: 'us-east-1' }`, split at the
 * first `/` (a region may hold one, a vendor never does).
 *
 * @param field - names the value in the error, for example `output ocr_<zone>_mappings["192.0.2.1"]`
 * @param fail - throws the caller's error for `field` and a problem; by default an {@link InvalidInputError}
 * @throws {@link InvalidInputError} (or through `fail`) naming `field` when the vendor or the region is empty
 */
export function parsePlacement(text: string, field: string, fail: PlacementFailure = invalidPlacement): Placement {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return fail(field, 'is not "<vendor>/<region>"');
  return { vendor: text.slice(0, slash), region: text.slice(slash + 1) };
}

/** How {@link parsePlacement} reports a bad value: the field and what is wrong with it. */
type PlacementFailure = (field: string, problem: string) => never;

function invalidPlacement(field: string, problem: string): never {
  throw new InvalidInputError(
    field,
    `${field} ${problem}. Write the vendor, a slash and the region, for example "aws/us-east-1".`,
  );
}

/** Longest vendor or region id treated as plausible; real ids are at most ~30 characters. */
export const MAX_ID_LENGTH = 64;

const PLAUSIBLE_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Whether `value` could be a vendor or region id: lowercase letters, digits and inner `-`, at most
 * {@link MAX_ID_LENGTH} characters. Anything else is reported as a finding (kind `implausible-value`)
 * and only ever written escaped.
 */
export function isPlausibleId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && PLAUSIBLE_ID.test(value);
}
