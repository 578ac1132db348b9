/**
 * Ground truth for origin cloud region mappings: the IP range feeds that AWS, Google Cloud, Oracle Cloud and
 * Azure publish, parsed and validated, indexed for longest-prefix match, and a verdict per mapping.
 * See docs/ip-ranges.md.
 * @packageDocumentation
 */
export { FEED_VENDORS, UNKNOWN_REGION, isPseudoRegion, type FeedVendor } from './types';
export {
  isContradiction,
  locateIp,
  verdictFor,
  type IpRangeVerdict,
  type PublishedLocation,
  type Verdict,
} from './verdict';
export { loadIpRanges, type FeedLoadResult, type LoadedIpRanges } from './load';
export {
  ipRangesOutput,
  nothingVerified,
  nothingVerifiedMessage,
  unconfiguredFeedNotes,
  unverifiedZone,
  verifyZone,
  zoneFromRecorded,
  type FeedVersions,
  type MappingVerdict,
  type ZoneIpRanges,
} from './zone';
