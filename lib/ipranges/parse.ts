import { parseAzureFeed } from './azure';
import {
  feedError,
  forEachRecord,
  parseFeedJson,
  PrefixCollector,
  regionValue,
  versionField,
  type FeedContext,
} from './parse-common';
import type { FeedVendor, IpRangeFeed } from './types';

/** The frame every feed shares: a JSON object with a version stamp at `versionKey`; `collect` adds the prefixes. */
function readFeed(
  ctx: FeedContext,
  text: string,
  versionKey: string,
  collect: (root: Record<string, unknown>, out: PrefixCollector) => void,
): IpRangeFeed {
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, versionKey);
  const out = new PrefixCollector(ctx);
  collect(root, out);
  return { vendor: ctx.vendor, version, prefixes: out.result() };
}

/**
 * Parses AWS's `ip-ranges.json`: `syncToken`, `createDate`, `prefixes[{ip_prefix, region, service,
 * network_border_group}]` and `ipv6_prefixes[{ipv6_prefix, region, …}]`. `region` is used (Local Zone border
 * groups belong to their parent region, which is what Cloudflare names); `GLOBAL` is anycast.
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseAwsFeed(text: string, source: string): IpRangeFeed {
  const ctx: FeedContext = { vendor: 'aws', source };
  return readFeed(ctx, text, 'syncToken', (root, out) => {
    for (const [field, key] of [
      ['prefixes', 'ip_prefix'],
      ['ipv6_prefixes', 'ipv6_prefix'],
    ] as const) {
      forEachRecord(ctx, root, field, field, (entry, where) => {
        out.add(entry[key], regionValue(ctx, entry.region, `${where}.region`), `${where}.${key}`);
      });
    }
  });
}

/**
 * Parses Google Cloud's `cloud.json`: `syncToken`, `creationTime`, `prefixes[{ipv4Prefix | ipv6Prefix,
 * service, scope}]`, where `scope` is the region id or `global` (anycast).
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseGcpFeed(text: string, source: string): IpRangeFeed {
  const ctx: FeedContext = { vendor: 'gcp', source };
  return readFeed(ctx, text, 'syncToken', (root, out) => {
    forEachRecord(ctx, root, 'prefixes', 'prefixes', (entry, where) => {
      const region = regionValue(ctx, entry.scope, `${where}.scope`);
      const v4 = entry.ipv4Prefix;
      const v6 = entry.ipv6Prefix;
      if ((v4 === undefined) === (v6 === undefined)) {
        feedError(ctx, `has an entry with neither or both of ipv4Prefix and ipv6Prefix at ${where}`);
      }
      out.add(v4 ?? v6, region, `${where}.${v4 === undefined ? 'ipv6Prefix' : 'ipv4Prefix'}`);
    });
  });
}

/**
 * Parses Oracle Cloud's `public_ip_ranges.json`: `last_updated_timestamp`, `regions[{region,
 * cidrs[{cidr, tags}]}]` (IPv4 only; region ids match Cloudflare's).
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseOciFeed(text: string, source: string): IpRangeFeed {
  const ctx: FeedContext = { vendor: 'oci', source };
  return readFeed(ctx, text, 'last_updated_timestamp', (root, out) => {
    forEachRecord(ctx, root, 'regions', 'regions', (entry, where) => {
      const region = regionValue(ctx, entry.region, `${where}.region`);
      forEachRecord(ctx, entry, 'cidrs', `${where}.cidrs`, (cidr, at) => out.add(cidr.cidr, region, `${at}.cidr`));
    });
  });
}

/** The parser of each vendor's feed format. */
export const FEED_PARSERS: Readonly<Record<FeedVendor, (text: string, source: string) => IpRangeFeed>> = {
  aws: parseAwsFeed,
  gcp: parseGcpFeed,
  oci: parseOciFeed,
  azure: parseAzureFeed,
};

/**
 * Parses and validates one vendor's feed text.
 * @throws {@link IpRangeFeedError} when it is not that vendor's format
 */
export function parseFeed(vendor: FeedVendor, text: string, source: string): IpRangeFeed {
  return FEED_PARSERS[vendor](text, source);
}
