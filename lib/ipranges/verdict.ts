import type { OriginCloudRegionMapping } from '../model/mapping';
import { azureRegionId } from './azure-regions';
import type { PrefixIndex, PrefixMatch } from './prefix-index';
import { FEED_VENDORS, GLOBAL_REGION, isPseudoRegion, UNKNOWN_REGION, type FeedVendor } from './types';

/** The verdicts, from best to worst news. See docs/ip-ranges.md. */
export const VERDICTS = [
  'confirmed',
  'anycast',
  'vendor_only',
  'unpublished',
  'unverified',
  'region_mismatch',
  'vendor_mismatch',
] as const;

/**
 * What the vendors' published IP ranges say about one mapping:
 * - `confirmed`: the claimed vendor publishes the IP in the claimed region;
 * - `region_mismatch`: the claimed vendor publishes it in another region (`published` names it);
 * - `vendor_mismatch`: another vendor publishes it (`published` names the vendor and region);
 * - `anycast`: the claimed vendor's longest match is global (AWS `GLOBAL`, Google `global`): cannot be checked;
 * - `vendor_only`: the claimed vendor lists the IP without a region (Azure's global `AzureCloud` tag): the vendor
 *   is right, the region cannot be checked;
 * - `unpublished`: every vendor's feed was read and none lists the IP (bring-your-own IPs, other hosting);
 * - `unverified`: no loaded feed lists the IP, and some vendor's feed (the claimed one or another) is not
 *   configured or could not be read, so the IP may be that vendor's.
 */
export type Verdict = (typeof VERDICTS)[number];

/** Where a feed publishes an IP. */
export interface PublishedLocation {
  /** The vendor whose feed lists the IP. */
  readonly vendor: FeedVendor;
  /** The region (Cloudflare's spelling), `global` for anycast, `unknown` when the vendor lists the IP without one. */
  readonly region: string;
  /** The longest matching prefix, canonical CIDR. */
  readonly prefix: string;
}

/** A mapping's verdict and the published location it rests on (`null` when no feed lists the IP). */
export interface IpRangeVerdict {
  /** What the feeds say. */
  readonly verdict: Verdict;
  /**
   * Where a feed publishes the IP: `null` for `unpublished` and `unverified`, and read back from a snapshot, for
   * every verdict but the two mismatches (a snapshot records the published location of mismatches only).
   */
  readonly published: PublishedLocation | null;
}

/** The part of a mapping a verdict looks at: the origin IP and its claimed vendor and region. */
export type VerifiableMapping = Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>;

// Azure aliases are resolved on the claimed side too.
function sameRegion(vendor: FeedVendor, claimed: string, published: string): boolean {
  return vendor === 'azure' ? azureRegionId(claimed) === published : claimed === published;
}

/**
 * The verdict for one mapping: the claimed vendor's longest matching prefix decides first; else the most specific
 * prefix of another vendor (`vendor_mismatch`); else `unpublished` only when every vendor's feed was read.
 */
export function verdictFor(index: PrefixIndex, mapping: VerifiableMapping): IpRangeVerdict {
  // One parse, one probe per vendor: every vendor's longest match, most specific first.
  const matches = index.lookupAll(mapping.originIp);
  for (const match of matches) if (match.vendor === mapping.vendor) return judgeClaimedVendor(match, mapping.region);
  const other = matches[0];
  if (other) return { verdict: 'vendor_mismatch', published: location(other, preferredRegion(other.regions)) };
  // "No feed lists it" holds only when the claimed vendor has a feed and every vendor's feed is loaded.
  const unpublished = index.has(mapping.vendor) && FEED_VENDORS.every((v) => index.has(v));
  return { verdict: unpublished ? 'unpublished' : 'unverified', published: null };
}

function judgeClaimedVendor(match: PrefixMatch, region: string): IpRangeVerdict {
  for (const r of match.regions) {
    if (sameRegion(match.vendor, region, r)) return { verdict: 'confirmed', published: location(match, r) };
  }
  if (match.regions.includes(GLOBAL_REGION)) return { verdict: 'anycast', published: location(match, GLOBAL_REGION) };
  const placed = match.regions.find((r) => !isPseudoRegion(r));
  if (placed === undefined) return { verdict: 'vendor_only', published: location(match, UNKNOWN_REGION) };
  return { verdict: 'region_mismatch', published: location(match, placed) };
}

function preferredRegion(regions: readonly string[]): string {
  return regions.find((r) => !isPseudoRegion(r)) ?? regions[0];
}

function location(match: PrefixMatch, region: string): PublishedLocation {
  return { vendor: match.vendor, region, prefix: match.prefix };
}

/** Where the loaded feeds publish an IP: each vendor's longest match, most specific first, one entry per region. */
export function locateIp(index: PrefixIndex, ip: string): PublishedLocation[] {
  return index.lookupAll(ip).flatMap((m) => m.regions.map((r) => location(m, r)));
}

/** Whether a verdict contradicts the mapping (CLI exit code 2, construct findings). */
export function isContradiction(verdict: Verdict): boolean {
  return verdict === 'region_mismatch' || verdict === 'vendor_mismatch';
}
