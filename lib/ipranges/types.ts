/** The vendors that publish IP range feeds this package reads. Same ids as Cloudflare's `vendor`. */
export const FEED_VENDORS = ['aws', 'gcp', 'oci', 'azure'] as const;

/** A vendor with an IP range feed: `aws`, `gcp`, `oci` or `azure`. */
export type FeedVendor = (typeof FEED_VENDORS)[number];

/** Whether `value` is one of {@link FEED_VENDORS}. */
export function isFeedVendor(value: string): value is FeedVendor {
  return (FEED_VENDORS as readonly string[]).includes(value);
}

export { GLOBAL_REGION, UNKNOWN_REGION, isPseudoRegion } from '../model/pseudo-regions';

/** One published prefix: a CIDR block that a vendor says lives in a region. */
export interface PublishedPrefix {
  /** Canonical CIDR (`192.0.2.0/24`, `2001:db8::/32`), host bits zero. */
  readonly prefix: string;
  /** Cloudflare's spelling (Azure aliases resolved), `global` for anycast, `unknown` when the vendor gives none. */
  readonly region: string;
}

/** A parsed, validated feed of one vendor. */
export interface IpRangeFeed {
  readonly vendor: FeedVendor;
  /** AWS and Google `syncToken`, Oracle `last_updated_timestamp`, Azure `changeNumber`. */
  readonly version: string;
  /** Every published prefix, deduplicated (AWS lists a prefix once per service). */
  readonly prefixes: readonly PublishedPrefix[];
}
