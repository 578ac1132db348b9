import { parseAwsFeed } from './aws';
import { parseAzureFeed } from './azure';
import { parseGcpFeed } from './gcp';
import { parseOciFeed } from './oci';
import type { FeedVendor, IpRangeFeed } from './types';

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
