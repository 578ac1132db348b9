/**
 * The Cloudflare API client: complete, validated listings of a zone's origin cloud region mappings.
 * @packageDocumentation
 */
export { OriginCloudRegionsClient, listZones } from './client';
export type { MappingList } from './listing';
export { ENV, MAX_LISTING_RESTARTS, type ClientOptions } from './options';
export type { ProxyRoute } from './proxy';
export { ProxyTunnelError, UntrustedCertificateError } from '../errors/proxy';
export { USER_AGENT, resolveClientConfig, type ClientConfig, type Credentials } from './config';
export {
  CloudflareApiError,
  DeadlineExceededError,
  IncompleteListingError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
  type CloudflareErrorDetail,
} from '../errors/client';
export { validatePerPage, validateZoneId } from './validate-input';
export { processRequestLimiter, RequestLimiter } from './limiter';
export {
  CLOUDFLARE_RATE_LIMITS,
  NO_RATE_LIMITS,
  RequestBudget,
  processRequestBudget,
  type BudgetReservation,
  type RateLimitHold,
  type RateLimits,
} from './budget';
export { RATE_BUDGET_FIX, RateBudgetExceededError, RateLimitedError, RequestCapReachedError } from '../errors/budget';
export { redactSecrets, REDACTED } from './redact';
