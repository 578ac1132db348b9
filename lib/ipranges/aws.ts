import {
  arrayField,
  isRecord,
  feedError,
  parseFeedJson,
  PrefixCollector,
  regionValue,
  versionField,
} from './parse-common';
import type { IpRangeFeed } from './types';

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
  const ctx = { vendor: 'aws', source } as const;
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, 'syncToken');
  const out = new PrefixCollector(ctx);
  for (const [field, key] of [
    ['prefixes', 'ip_prefix'],
    ['ipv6_prefixes', 'ipv6_prefix'],
  ] as const) {
    arrayField(ctx, root, field).forEach((entry, i) => {
      const where = `${field}[${i}]`;
      if (!isRecord(entry)) feedError(ctx, `has a non-object entry at ${where}`);
      out.add(entry[key], regionValue(ctx, entry.region, `${where}.region`), `${where}.${key}`);
    });
  }
  return { vendor: 'aws', version, prefixes: out.result() };
}
