import type { BatchTicket } from '../client/batch';
import type { OriginCloudRegionsClient } from '../client/client';
import type { MappingList } from '../client/listing';
import { InvalidInputError, OriginCloudRegionsError } from '../errors/base';
import { RateBudgetExceededError, RateLimitedError, RequestCapReachedError } from '../errors/budget';
import {
  CloudflareApiError,
  DeadlineExceededError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
} from '../errors/client';
import type { SupportedRegions } from '../model/supported-regions';
import {
  authorityFromSupportedRegions,
  catalogAuthority,
  catalogFallbackReason,
  type RegionAuthority,
} from '../validate/authority';

/** One zone as the API gave it: every mapping, and the list of regions that validates them. */
interface FetchedZone {
  readonly list: MappingList;
  /** `undefined` after a fallback, or when they were not asked for. */
  readonly supportedRegions: SupportedRegions | undefined;
  readonly authority: RegionAuthority;
  /** Set after a fallback: {@link supportedRegionsFallbackCause} and the error's code, such as `OCR_REQUEST_FAILED`. */
  readonly fallback?: { readonly cause: string; readonly code: string };
}

/**
 * Fetches one zone: lists every mapping and, at the same time (unless `supportedRegions` is false), its
 * `supported_regions`. `batch` is a place in the lookup's `ListingBatch`, so that the pages of many zones are planned
 * together.
 *
 * Fallback policy, when `supported_regions` fails and the list did not:
 * - The caller's mistakes (bad input, no credentials), credentials the API refuses (HTTP 401 or 403, or an
 *   authentication error code) and rate-limit or budget stops (HTTP 429, `RateLimitedError`,
 *   `RateBudgetExceededError`, `RequestCapReachedError`) fail the fetch with that error: each needs the user to
 *   act, and a fallback would hide it while changing what the zone's outputs say.
 * - Any other failure (a server error after the retries, a network failure, the deadline, an unusable answer,
 *   Tiered Cache off) falls back: the bundled catalog validates the mappings, and `fallback` says why. A caller that
 *   writes a snapshot keeps the supported regions the previous snapshot recorded.
 *
 * When both requests fail, the list's error is thrown.
 */
export async function fetchZone(
  client: OriginCloudRegionsClient,
  zoneId: string,
  options: { readonly supportedRegions?: boolean; readonly batch?: BatchTicket } = {},
): Promise<FetchedZone> {
  const [list, supported] = await Promise.all([
    client.listMappingsWithSignal(zoneId, options.batch === undefined ? {} : { batch: options.batch }),
    options.supportedRegions === false
      ? undefined
      : client.supportedRegions(zoneId).then(
          (regions) => ({ ok: true as const, regions }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
  ]);
  if (supported === undefined) return { list, supportedRegions: undefined, authority: catalogAuthority() };
  if (supported.ok) {
    const { regions } = supported;
    return { list, supportedRegions: regions, authority: authorityFromSupportedRegions(regions) };
  }
  const cause = supportedRegionsFallbackCause(supported.error);
  if (cause === undefined || !(supported.error instanceof OriginCloudRegionsError)) throw supported.error;
  return {
    list,
    supportedRegions: undefined,
    authority: catalogAuthority(catalogFallbackReason(cause)),
    fallback: { cause, code: supported.error.code },
  };
}

/** Why `supported_regions` could not be used, in one deterministic phrase (no ports, no timings), or `undefined`. */
export function supportedRegionsFallbackCause(error: unknown): string | undefined {
  if (!(error instanceof OriginCloudRegionsError) || mustNotFallBack(error)) return undefined;
  if (error instanceof CloudflareApiError) {
    const details = error.cloudflareErrors.map((e) => `${e.code} ${e.message}`).join('; ');
    return `supported_regions unavailable (HTTP ${error.status}: ${details || 'Tiered Cache may be off for the zone'})`;
  }
  if (error instanceof RequestFailedError) {
    return `supported_regions unavailable (request failed after ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}${error.status === undefined ? '' : `, last HTTP ${error.status}`})`;
  }
  if (error instanceof DeadlineExceededError) {
    return `supported_regions unavailable (no answer within ${error.deadlineMs} ms)`;
  }
  if (error instanceof ResponseFormatError) {
    return `supported_regions unavailable (unusable answer, HTTP ${error.status})`;
  }
  return `supported_regions unavailable (${error.code})`;
}

// Cloudflare's authentication error codes (a bad token format, a refused key pair, no or unusable credentials),
// which some answers carry with a status other than 401/403.
const CREDENTIAL_ERROR_CODES = new Set([6003, 6111, 9103, 9106, 9109, 10000]);

/** The errors a fallback must never hide: each needs the user to act (see {@link fetchZone}). */
function mustNotFallBack(error: OriginCloudRegionsError): boolean {
  if (error instanceof CloudflareApiError) {
    return (
      error.status === 401 ||
      error.status === 403 ||
      error.status === 429 ||
      error.cloudflareErrors.some((e) => CREDENTIAL_ERROR_CODES.has(e.code))
    );
  }
  return (
    error instanceof InvalidInputError ||
    error instanceof MissingCredentialsError ||
    error instanceof RateLimitedError ||
    error instanceof RateBudgetExceededError ||
    error instanceof RequestCapReachedError ||
    (error instanceof RequestFailedError && error.status === 429)
  );
}
