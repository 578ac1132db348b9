/**
 * cdktf-origin-cloud-regions: a synth-time lookup of a Cloudflare zone's origin cloud region
 * mappings for CDK for Terraform, with validation, drift markers and plan-review reports.
 *
 * The layers, in the direction data flows:
 * client (HTTP) → validate → lookup (engine-agnostic, incl. snapshots) → construct (the cdktf adapter)
 * → drift (diffs and reports). Only `construct` imports cdktf.
 *
 * @packageDocumentation
 */

export { OriginCloudRegionsError, InvalidInputError, UntrustedValueError } from './errors';

// model
export {
  VENDORS,
  isVendor,
  toApiMapping,
  type ApiMapping,
  type OriginCloudRegionMapping,
  type Vendor,
} from './model/mapping';
export { canonicalIp, compareIps, isCanonicalIp, isIp } from './model/ip';
export { sortMappings } from './model/order';
export type { SupportedRegion, SupportedRegions } from './model/supported-regions';

// client
export {
  CLIENT_DEFAULTS,
  CLOUDFLARE_RATE_LIMITS,
  CloudflareApiError,
  DEFAULT_BASE_URL,
  DeadlineExceededError,
  ENV,
  IncompleteListingError,
  MissingCredentialsError,
  OriginCloudRegionsClient,
  ProxyTunnelError,
  RateBudgetExceededError,
  RateLimitedError,
  RequestBudget,
  RequestFailedError,
  ResponseFormatError,
  UntrustedCertificateError,
  listZones,
  redactSecrets,
  type ClientConfig,
  type Credentials,
  type ClientOptions,
  type CloudflareErrorDetail,
  type MappingList,
  type ProxyRoute,
  type BudgetReservation,
  type RateLimitHold,
  type RateLimits,
} from './client';

// validate
export {
  CATALOG_GENERATED,
  InvalidExpectationError,
  authorityFromSupportedRegions,
  catalogAuthority,
  suggestRegion,
  upperTierColosFor,
  validateExpectations,
  validateMappings,
  type ExpectationProblem,
  type ExpectedMapping,
  type RegionAuthority,
  type RegionInfo,
  type RegionSuggestion,
  type SuggestionReason,
  type ValidationFinding,
} from './validate';

// lookup (engine-agnostic)
export {
  LOOKUP_CONTEXT,
  LOOKUP_ENV,
  LookupWorkerError,
  parseOfflineFlag,
  lookupZones,
  lookupZonesSync,
  type LookupEnvironment,
  type SyncLookupOptions,
  type LookupAuthority,
  type LookupClientOptions,
  type ZoneLookupRequest,
  type ZoneLookupResult,
} from './lookup';

// snapshots
export {
  DEFAULT_SNAPSHOT_DIR,
  MAX_SNAPSHOT_BYTES,
  SNAPSHOT_VERSION,
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
  parseSnapshot,
  readSnapshot,
  snapshotFromJson,
  snapshotPath,
  writeSnapshot,
  type ReadSnapshotOptions,
  type SnapshotInvalidErrorOptions,
  type SnapshotInvalidReason,
  type SnapshotSupportedRegion,
  type SnapshotSupportedRegions,
  type SnapshotWriteResult,
  type WriteSnapshotOptions,
  type ZoneSnapshot,
} from './snapshot';

// files from outside (the errors every reader of a user's file may throw)
export {
  InputFileError,
  InputFileNotFoundError,
  InputFileNotUtf8Error,
  InputFileOutsideFolderError,
  InputFileTooLargeError,
  InputFileUnreadableError,
  InvalidJsonError,
  NotARegularFileError,
  type NonRegularFileKind,
} from './files';

// construct (the cdktf adapter)
export {
  MARKER_KINDS,
  OriginCloudRegions,
  TerraformDataMarker,
  outputNames,
  type OutputNames,
  type ExpectPolicy,
  type MarkerKind,
  type OriginCloudRegionsProps,
  type OutputSet,
} from './construct';

// drift and reports
export { markerTriggers } from './drift/marker';
export {
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
  buildDiffReport,
  compareWithExpectations,
  diffMappings,
  readMappingSource,
  readPlanSides,
  renderJsonReport,
  renderMarkdownReport,
  reportHasDrift,
  type ChangedMapping,
  type CheckReport,
  type CompareOptions,
  type DiffReport,
  type DiffSide,
  type DriftReport,
  type Expectation,
  type ExpectationDrift,
  type MappingDiff,
  type MappingEntry,
  type MappingPlacement,
  type MappingSetLike,
  type MappingSource,
  type MappingSourceKind,
  type MarkdownReportOptions,
  type MismatchedExpectation,
  type PlanSides,
  type ZoneCheckReport,
  type ZoneDiffReport,
  type ZoneMappingSet,
} from './drift';

// the Terraform JSON sink: how every string in cdk.tf.json is written, and read back
export { fromTerraformLiteral, terraformLiteral } from './sinks/terraform';

// ground truth: the cloud vendors' published IP ranges (the `verify` and `locate` commands)
export { IpRangeFeedError } from './ipranges';
// ... and in the construct and lookup (`verifyIpRanges`): a zone's verdicts, and their record in a snapshot
export { FEED_VENDORS, VERDICTS } from './ipranges';
export type { FeedVendor, FeedVersions, MappingVerdict, PublishedLocation, Verdict, ZoneIpRanges } from './ipranges';
export type { SnapshotIpRanges, SnapshotVerdict } from './snapshot/ip-ranges';

// the local API emulator (demo, tests, your own tests)
export {
  CloudflareApiEmulator,
  IP_RANGES_PREFIX,
  IpRangeFeedFiles,
  SAMPLE_IP_RANGE_FEEDS,
  type IpRangeFeedStats,
  defaultSupportedRegions,
  generateMappings,
  startEmulatorProcess,
  type ApiSupportedRegions,
  type EmulatorCredentials,
  type EmulatorOptions,
  type EmulatorProcess,
  type EmulatorProcessOptions,
  type EmulatorRateLimit,
  type EmulatorSeed,
  type EmulatorStats,
  type EmulatorZoneSeed,
  type FaultKind,
  type FaultRule,
} from './emulator';
