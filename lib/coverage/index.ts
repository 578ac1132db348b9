/**
 * Coverage: which of a zone's origins have no mapping, and which mappings point at no origin. See docs/coverage.md.
 * @packageDocumentation
 */
export {
  COVERAGE_SOURCES,
  SOURCE_PERMISSIONS,
  dnsSource,
  hostSource,
  poolSource,
  type ClassifyCoverage,
  type CollectOriginsOptions,
  type CoverageMapping,
  type CoverageOrigin,
  type CoveragePool,
  type CoverageSource,
  type HostnameOrigin,
  type HostnameResolver,
  type MissingSource,
  type MixedPool,
  type OriginSourceLabel,
  type OrphanedMapping,
  type PlacementLookup,
  type UnknownOrigin,
  type UnmappedOrigin,
  type ZoneCoverage,
  type ZoneOrigins,
} from './types';
export { classifyCoverage, changingAddressesOf } from './classify';
export { collectZoneOrigins, missingSourceWarning, normalizeHostname } from './collect';
export {
  COVERAGE_ROW_LIMIT,
  MAX_COVERAGE_COMMENT_LENGTH,
  coverageCommentId,
  coverageHasGaps,
  coverageJson,
  renderCoverageMarkdown,
} from './report';
