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
 * Parses Oracle Cloud's `public_ip_ranges.json`: `last_updated_timestamp`, `regions[{region,
 * cidrs[{cidr, tags}]}]` (IPv4 only; region ids match Cloudflare's).
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseOciFeed(text: string, source: string): IpRangeFeed {
  const ctx = { vendor: 'oci', source } as const;
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, 'last_updated_timestamp');
  const out = new PrefixCollector(ctx);
  arrayField(ctx, root, 'regions').forEach((entry, i) => {
    const where = `regions[${i}]`;
    if (!isRecord(entry)) feedError(ctx, `has a non-object entry at ${where}`);
    const region = regionValue(ctx, entry.region, `${where}.region`);
    arrayField(ctx, entry, 'cidrs').forEach((cidr, j) => {
      if (!isRecord(cidr)) feedError(ctx, `has a non-object entry at ${where}.cidrs[${j}]`);
      out.add(cidr.cidr, region, `${where}.cidrs[${j}].cidr`);
    });
  });
  return { vendor: 'oci', version, prefixes: out.result() };
}
