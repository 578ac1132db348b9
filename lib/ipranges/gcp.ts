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
 * Parses Google Cloud's `cloud.json`: `syncToken`, `creationTime`, `prefixes[{ipv4Prefix | ipv6Prefix,
 * service, scope}]`, where `scope` is the region id or `global` (anycast).
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseGcpFeed(text: string, source: string): IpRangeFeed {
  const ctx = { vendor: 'gcp', source } as const;
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, 'syncToken');
  const out = new PrefixCollector(ctx);
  arrayField(ctx, root, 'prefixes').forEach((entry, i) => {
    const where = `prefixes[${i}]`;
    if (!isRecord(entry)) feedError(ctx, `has a non-object entry at ${where}`);
    const region = regionValue(ctx, entry.scope, `${where}.scope`);
    const v4 = entry.ipv4Prefix;
    const v6 = entry.ipv6Prefix;
    if ((v4 === undefined) === (v6 === undefined)) {
      feedError(ctx, `has an entry with neither or both of ipv4Prefix and ipv6Prefix at ${where}`);
    }
    out.add(v4 ?? v6, region, `${where}.${v4 === undefined ? 'ipv6Prefix' : 'ipv4Prefix'}`);
  });
  return { vendor: 'gcp', version, prefixes: out.result() };
}
