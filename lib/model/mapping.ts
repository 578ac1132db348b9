/** The cloud vendors Cloudflare accepts for an origin cloud region mapping. */
export const VENDORS = ['aws', 'azure', 'gcp', 'oci'] as const;

/** A cloud vendor Cloudflare accepts (`aws`, `azure`, `gcp` or `oci`). */
export type Vendor = (typeof VENDORS)[number];

/**
 * One origin IP → cloud region mapping of a zone. `vendor` is a plain string, not {@link Vendor}: the API may return
 * a vendor this package does not know yet, which validation reports instead of the parser dropping it.
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

/** A mapping as the Cloudflare API, the emulator's seeds and the CLI's `--format json` spell it. */
export interface ApiMapping {
  origin_ip: string;
  vendor: string;
  region: string;
  modified_on?: string;
}

/** A mapping in the API's wire shape. */
export function toApiMapping(m: OriginCloudRegionMapping): ApiMapping {
  const out: ApiMapping = { origin_ip: m.originIp, vendor: m.vendor, region: m.region };
  if (m.modifiedOn !== undefined) out.modified_on = m.modifiedOn;
  return out;
}

/** A vendor and one of its regions: where an origin is placed. */
export interface Placement {
  readonly vendor: string;
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
 * The inverse of {@link placementOf}, split at the first `/`; `fail` throws the caller's error for `field` when the
 * vendor or the region is empty.
 */
export function parsePlacement(
  text: string,
  field: string,
  fail: (field: string, problem: string) => never,
): Placement {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return fail(field, 'is not "<vendor>/<region>"');
  return { vendor: text.slice(0, slash), region: text.slice(slash + 1) };
}

/** Longest vendor or region id treated as plausible; real ids are at most ~30 characters. */
export const MAX_ID_LENGTH = 64;

const PLAUSIBLE_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Whether `value` could be a vendor or region id; anything else is an `implausible-value` finding, written escaped. */
export function isPlausibleId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && PLAUSIBLE_ID.test(value);
}
