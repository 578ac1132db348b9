/**
 * Every error class the library and CLI throw on purpose, for `instanceof` checks: `cdktf-origin-cloud-regions/errors`.
 * The worker transport derives its registry from these exports, so each crosses the worker boundary as itself.
 * @packageDocumentation
 */
export { InvalidInputError, OriginCloudRegionsError, UntrustedValueError } from './base';
export { RateBudgetExceededError, RateLimitedError, RequestCapReachedError } from './budget';
export {
  CloudflareApiError,
  DeadlineExceededError,
  IncompleteListingError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
  type CloudflareErrorDetail,
} from './client';
export { EmulatorProcessError, EmulatorSeedError } from './emulator';
export { InvalidExpectationError, type ExpectationProblem } from './expectations';
export {
  FileWriteError,
  FolderIsAFileError,
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
export { IpRangeFeedError } from './ip-ranges';
export { LookupWorkerError } from './lookup';
export { InvalidMappingSourceError, MappingSourceNotFoundError, UnknownMappingSourceError } from './mapping-source';
export { ProxyTunnelError, UntrustedCertificateError } from './proxy';
export {
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotPathSharedError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
  type SnapshotInvalidErrorOptions,
  type SnapshotInvalidReason,
} from './snapshot';
