/**
 * Every error class the library and CLI throw on purpose, for `instanceof` checks:
 * `cdktf-origin-cloud-regions/errors`. Each extends {@link OriginCloudRegionsError} and has a stable `code`. The
 * root entry point re-exports the ones an app usually tells apart; the emulator's own errors are in
 * `cdktf-origin-cloud-regions/emulator`.
 * @packageDocumentation
 */
export { OriginCloudRegionsError, InvalidInputError, UntrustedValueError } from '../errors';
export {
  CloudflareApiError,
  DeadlineExceededError,
  IncompleteListingError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
  type CloudflareErrorDetail,
} from '../client/errors';
export { RateBudgetExceededError, RateLimitedError } from '../client/budget-errors';
export { ProxyTunnelError, UntrustedCertificateError } from '../client/proxy-errors';
export {
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
  type SnapshotInvalidErrorOptions,
  type SnapshotInvalidReason,
} from '../snapshot/errors';
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
} from '../files/errors';
export { InvalidExpectationError, type ExpectationProblem } from '../validate/validate-expectations';
export {
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../drift/source-errors';
export { LookupWorkerError } from '../lookup/errors';
export { IpRangeFeedError } from '../ipranges/errors';
