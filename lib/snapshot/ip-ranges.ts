import { parsePrefix } from '../ipranges/prefix';
import { FEED_VENDORS, isFeedVendor, type FeedVendor } from '../ipranges/types';
import { VERDICTS, isContradiction, type PublishedLocation, type Verdict } from '../ipranges/verdict';
import type { ZoneIpRanges } from '../ipranges/zone';
import { canonicalIpAndKey } from '../model/ip';
import { isPlausibleId } from '../model/mapping';
import { isRecord, own } from '../model/record';
import { ABSURD_TOTAL_COUNT, MAX_TEXT_LENGTH, isPrintableText } from '../model/wire-values';
import { quoteForMessage } from '../sinks/terminal';

/** The optional `ipRanges` field of a snapshot: feed versions and verdicts, so an offline synth needs no feed. */
export interface SnapshotIpRanges {
  /** Each feed's version stamp, `null` when that vendor's feed was not loaded. Keys in `aws, gcp, oci, azure` order. */
  feeds: Record<FeedVendor, string | null>;
  /** One verdict per mapping, in the snapshot's mapping order. */
  verdicts: SnapshotVerdict[];
}

/** One mapping's verdict in a snapshot; `published` only for the two mismatches (the findings need it). */
export interface SnapshotVerdict {
  origin_ip: string;
  verdict: Verdict;
  published?: PublishedLocation;
}

/** How a check refuses a value: the snapshot reader's typed refusal naming the field. */
export type Refuse = (field: string, problem: string) => never;

/** The snapshot form of a zone's verification (warnings are not recorded). */
export function ipRangesToSnapshot(zone: Pick<ZoneIpRanges, 'feeds' | 'verdicts'>): SnapshotIpRanges {
  const feeds = {} as Record<FeedVendor, string | null>;
  for (const v of FEED_VENDORS) feeds[v] = zone.feeds[v];
  return {
    feeds,
    verdicts: zone.verdicts.map((r) => {
      const entry: SnapshotVerdict = { origin_ip: r.originIp, verdict: r.verdict };
      if (isContradiction(r.verdict) && r.published !== null) {
        entry.published = { vendor: r.published.vendor, region: r.published.region, prefix: r.published.prefix };
      }
      return entry;
    }),
  };
}

/** The recorded verdicts keyed by canonical origin IP, and the feed versions, for `zoneFromRecorded`. */
export function ipRangesFromSnapshot(recorded: SnapshotIpRanges) {
  return {
    feeds: { ...recorded.feeds },
    verdicts: new Map(
      recorded.verdicts.map((v) => [v.origin_ip, { verdict: v.verdict, published: v.published ?? null }]),
    ),
  };
}

/**
 * Checks a snapshot's `ipRanges` field and rebuilds it (unknown keys left out, IPs canonical); each verdict names
 * one of `mappingIps`, the snapshot's canonical mapping IPs.
 */
export function checkSnapshotIpRanges(
  value: unknown,
  mappingIps: ReadonlySet<string>,
  refuse: Refuse,
): SnapshotIpRanges {
  const field = 'ipRanges';
  if (!isRecord(value)) refuse(field, 'must be an object');
  const feeds = checkFeedVersions(own(value, 'feeds'), `${field}.feeds`, refuse);
  const list = own(value, 'verdicts');
  if (!Array.isArray(list)) refuse(`${field}.verdicts`, 'must be a list of verdicts');
  if (list.length > ABSURD_TOTAL_COUNT) refuse(`${field}.verdicts`, `holds over ${ABSURD_TOTAL_COUNT} verdicts`);
  const seen = new Set<string>();
  const verdicts = list.map((item: unknown, i): SnapshotVerdict => {
    const at = `${field}.verdicts[${i}]`;
    if (!isRecord(item)) refuse(at, 'must be an object');
    const ip = canonicalIpOf(own(item, 'origin_ip'), `${at}.origin_ip`, refuse);
    if (!mappingIps.has(ip)) refuse(`${at}.origin_ip`, `is ${ip}, which no mapping holds`);
    if (seen.has(ip)) refuse(`${at}.origin_ip`, `is ${ip}, which has a verdict already`);
    seen.add(ip);
    const verdict = own(item, 'verdict');
    if (typeof verdict !== 'string' || !(VERDICTS as readonly string[]).includes(verdict)) {
      refuse(`${at}.verdict`, `must be one of ${VERDICTS.join(', ')}`);
    }
    const entry: SnapshotVerdict = { origin_ip: ip, verdict: verdict as Verdict };
    const published = own(item, 'published');
    if (!isContradiction(verdict as Verdict)) {
      if (published !== undefined && published !== null) refuse(`${at}.published`, `is only recorded for mismatches`);
      return entry;
    }
    entry.published = checkPublished(published, `${at}.published`, refuse);
    return entry;
  });
  return { feeds, verdicts };
}

/** The canonical form of an IP address given as a string. */
export function canonicalIpOf(value: unknown, field: string, refuse: Refuse): string {
  const parsed = typeof value === 'string' ? canonicalIpAndKey(value) : undefined;
  if (parsed === undefined) {
    refuse(
      field,
      typeof value === 'string' ? `"${quoteForMessage(value, 60)}" is not an IPv4 or IPv6 address` : 'must be a string',
    );
  }
  return parsed.canonical;
}

/** Recorded feed versions: one per feed vendor, a printable version string or `null` (missing counts as `null`). */
export function checkFeedVersions(value: unknown, field: string, refuse: Refuse): Record<FeedVendor, string | null> {
  if (!isRecord(value)) refuse(field, 'must be an object of feed versions');
  const feeds = {} as Record<FeedVendor, string | null>;
  for (const vendor of FEED_VENDORS) {
    const version = own(value, vendor);
    if (version === undefined || version === null) feeds[vendor] = null;
    else if (isPrintableText(version)) feeds[vendor] = version;
    else
      refuse(`${field}.${vendor}`, `must be a version string (printable, 1 to ${MAX_TEXT_LENGTH} characters) or null`);
  }
  return feeds;
}

/** A recorded published location (vendor, region, canonical prefix), rebuilt. */
export function checkPublished(value: unknown, at: string, refuse: Refuse): PublishedLocation {
  if (!isRecord(value)) refuse(at, 'must name the vendor, region and prefix that publish the IP');
  const vendor = own(value, 'vendor');
  if (typeof vendor !== 'string' || !isFeedVendor(vendor))
    refuse(`${at}.vendor`, `must be one of ${FEED_VENDORS.join(', ')}`);
  const region = own(value, 'region');
  if (typeof region !== 'string' || !isPlausibleId(region)) {
    refuse(`${at}.region`, 'must be a region id (lowercase letters, digits and "-")');
  }
  const prefix = own(value, 'prefix');
  const cidr = typeof prefix === 'string' ? parsePrefix(prefix) : undefined;
  if (cidr === undefined || cidr.canonical !== prefix) {
    refuse(`${at}.prefix`, 'must be a canonical CIDR block such as 192.0.2.0/24');
  }
  return { vendor, region, prefix: cidr.canonical };
}
