/**
 * cdktf-origin-cloud-regions: a synth-time lookup of a Cloudflare zone's origin cloud region mappings for
 * CDK for Terraform, with validation, drift markers and plan-review reports.
 *
 * The root holds what an app needs: the construct, the API client, the engine-agnostic lookup and the errors a
 * caller tells apart. More entry points: `cdktf-origin-cloud-regions/cdktn` (the construct for CDK Terrain),
 * `/drift` (diffs and reports), `/emulator` (the local API server for tests) and `/errors` (every error class).
 *
 * @packageDocumentation
 */

// the construct, in one statement: the cdktn entry point rebinds './construct'
export {
  OriginCloudRegions,
  lookupResultOf,
  resolverFromResults,
  type BatchResolver,
  type ExpectPolicy,
  type LookupResultData,
  type MarkerKind,
  type OriginCloudRegionsProps,
  type OutputSet,
} from './construct';
export type { Expectation, ExpectationDrift, MismatchedExpectation } from './expectations/compare';

// the data
export type { OriginCloudRegionMapping, Vendor } from './model/mapping';
export type { SupportedRegion, SupportedRegions } from './model/supported-regions';
export type { ValidationFinding } from './validate';

// the API client
export { OriginCloudRegionsClient, type ClientOptions, type MappingList } from './client';

// the engine-agnostic lookup (what the construct runs during synth)
export { lookupZones, type LookupEnvironment } from './lookup/lookup-zones';
export type {
  LookupAuthority,
  LookupClientOptions,
  ZoneLookupOutcome,
  ZoneLookupRequest,
  ZoneLookupResult,
} from './lookup/types';

// a zone's check against the clouds' published IP ranges (`verifyIpRanges`; docs/ip-ranges.md)
export type { FeedVendor, FeedVersions, MappingVerdict, PublishedLocation, Verdict, ZoneIpRanges } from './ipranges';

// a zone's coverage: origins without a mapping, mappings without an origin (`coverage`; docs/coverage.md)
export type { LookupCoverage } from './lookup/types';
export {
  COVERAGE_SOURCES,
  SOURCE_PERMISSIONS,
  dnsSource,
  hostSource,
  poolSource,
  type CoverageOrigin,
  type CoveragePool,
  type CoverageSource,
  type HostnameOrigin,
  type MissingSource,
  type MixedPool,
  type OriginSourceLabel,
  type OrphanedMapping,
  type PlacementLookup,
  type UnknownOrigin,
  type UnmappedOrigin,
  type ZoneCoverage,
  type ZoneOrigins,
} from './coverage/types';

// the errors an app usually tells apart with `instanceof`; every class: `cdktf-origin-cloud-regions/errors`
export {
  OriginCloudRegionsError,
  InvalidInputError,
  CloudflareApiError,
  MissingCredentialsError,
  RateBudgetExceededError,
  SnapshotMissingError,
} from './errors';
