/**
 * Ground truth for origin cloud region mappings: the IP range feeds that AWS, Google Cloud, Oracle Cloud and
 * Azure publish, parsed and validated, indexed for longest-prefix match, and a verdict per mapping.
 * See docs/ip-ranges.md.
 * @packageDocumentation
 */
export {
  FEED_VENDORS,
  GLOBAL_REGION,
  UNKNOWN_REGION,
  isFeedVendor,
  isPseudoRegion,
  type FeedVendor,
  type IpRangeFeed,
  type PublishedPrefix,
} from './types';
export { IpRangeFeedError } from '../errors/ip-ranges';
export { parseAzureFeed } from './azure';
export { parseAwsFeed, parseFeed, parseGcpFeed, parseOciFeed, FEED_PARSERS } from './parse';
export { MAX_FEED_BYTES, MAX_FEED_ENTRIES } from './parse-common';
export { AZURE_REGION_ALIASES, azureRegionId, azureRegionNamesFromTags, type ServiceTagName } from './azure-regions';
export { parsePrefix, type ParsedPrefix } from './prefix';
export { PrefixIndex, type PrefixMatch } from './prefix-index';
export {
  CONTRADICTING_VERDICTS,
  VERDICTS,
  isContradiction,
  locateIp,
  verdictFor,
  type ClaimedLocation,
  type IpRangeVerdict,
  type PublishedLocation,
  type Verdict,
} from './verdict';
export {
  FEED_OFF,
  FEED_TIMEOUT_MS,
  FEED_TIMEOUT_VARIABLE,
  NOT_CONFIGURED,
  feedVariable,
  parseFeedUrl,
  resolveCacheDir,
  resolveFeedSources,
  resolveFeedTimeoutMs,
  type FeedSource,
  type FileFeedSource,
  type NoFeedSource,
  type UrlFeedSource,
} from './sources';
export { cacheFilePath, dropCachedFeed, readCachedFeed, writeCachedFeed, type CachedFeed } from './cache';
export {
  MAX_STALE_FEED_AGE_MS,
  loadIpRanges,
  type FeedLoadResult,
  type LoadIpRangesOptions,
  type LoadedIpRanges,
} from './load';
export {
  emptyFeedVersions,
  feedVersionsOf,
  ipRangesOutput,
  nothingVerified,
  nothingVerifiedMessage,
  unconfiguredFeedNotes,
  unverifiedZone,
  verifyZone,
  zoneFromRecorded,
  type FeedVersions,
  type IpRangesOutput,
  type MappingVerdict,
  type VerifiableMapping,
  type ZoneIpRanges,
} from './zone';
