import { ABSURD_TOTAL_COUNT, isPrintableText, MAX_TEXT_LENGTH } from '../model/wire-schema';
import { parsePrefix } from '../ipranges/prefix';
import { FEED_VENDORS, isFeedVendor, type FeedVendor } from '../ipranges/types';
import { VERDICTS, isContradiction, type Verdict } from '../ipranges/verdict';
import type { FeedVersions, MappingVerdict, ZoneIpRanges } from '../ipranges/zone';
import { canonicalIpAndKey } from '../model/ip';
import { isPlausibleId } from '../model/mapping';
import { quoteForMessage } from '../sinks/terminal';

/**
 * The optional `ipRanges` field of a snapshot (format version 2): the IP range feed versions a verified lookup
 * used and each mapping's verdict, so that an offline synth with verification on reproduces the findings and
 * outputs without any feed. `published` is recorded for the contradicting verdicts only (the findings need it).
 */
export interface SnapshotIpRanges {
  /** Each feed's version stamp, `null` when that vendor's feed was not loaded. Keys in `aws, gcp, oci, azure` order. */
  feeds: Record<FeedVendor, string | null>;
  /** One verdict per mapping, in the snapshot's mapping order. */
  verdicts: SnapshotVerdict[];
}

/** One mapping's verdict in a snapshot. */
export interface SnapshotVerdict {
  /** The mapping's canonical origin IP. */
  origin_ip: string;
  /** The verdict. */
  verdict: Verdict;
  /** Where a feed publishes the IP: present for `region_mismatch` and `vendor_mismatch` only. */
  published?: {
    /** The vendor whose feed lists the IP. */
    vendor: FeedVendor;
    /** Its region, in Cloudflare's spelling. */
    region: string;
    /** The longest matching prefix, canonical CIDR. */
    prefix: string;
  };
}

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
export function ipRangesFromSnapshot(recorded: SnapshotIpRanges): {
  feeds: FeedVersions;
  verdicts: Map<string, Pick<MappingVerdict, 'verdict' | 'published'>>;
} {
  return {
    feeds: { ...recorded.feeds },
    verdicts: new Map(
      recorded.verdicts.map((v) => [v.origin_ip, { verdict: v.verdict, published: v.published ?? null }]),
    ),
  };
}

/**
 * Checks a snapshot's `ipRanges` field with the snapshot's value rules and rebuilds it (unknown keys left out,
 * IPs canonical). `refuse` throws the snapshot reader's typed refusal naming the field.
 *
 * @param mappingIps - the snapshot's canonical mapping IPs: a verdict must name one of them
 */
export function checkSnapshotIpRanges(
  value: unknown,
  mappingIps: ReadonlySet<string>,
  refuse: (field: string, problem: string) => never,
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
    const ip = own(item, 'origin_ip');
    const parsed = typeof ip === 'string' ? canonicalIpAndKey(ip) : undefined;
    if (parsed === undefined) {
      refuse(
        `${at}.origin_ip`,
        typeof ip === 'string' ? `"${quoteForMessage(ip, 60)}" is not an IPv4 or IPv6 address` : 'must be a string',
      );
    }
    if (!mappingIps.has(parsed.canonical)) refuse(`${at}.origin_ip`, `is ${parsed.canonical}, which no mapping holds`);
    if (seen.has(parsed.canonical)) refuse(`${at}.origin_ip`, `is ${parsed.canonical}, which has a verdict already`);
    seen.add(parsed.canonical);
    const verdict = own(item, 'verdict');
    if (typeof verdict !== 'string' || !(VERDICTS as readonly string[]).includes(verdict)) {
      refuse(`${at}.verdict`, `must be one of ${VERDICTS.join(', ')}`);
    }
    const entry: SnapshotVerdict = { origin_ip: parsed.canonical, verdict: verdict as Verdict };
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

/** Checks recorded feed versions: one per feed vendor, a printable version string or `null` (missing counts as `null`). */
export function checkFeedVersions(
  value: unknown,
  field: string,
  refuse: (field: string, problem: string) => never,
): Record<FeedVendor, string | null> {
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

/** Checks a recorded published location (vendor, region, canonical prefix) and rebuilds it. */
export function checkPublished(
  value: unknown,
  at: string,
  refuse: (field: string, problem: string) => never,
): { vendor: FeedVendor; region: string; prefix: string } {
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

/** Whether `value` is a JSON object (not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[key]` only when it is the record's own property: an inherited `toString` is not data. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
