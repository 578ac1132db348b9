import { InvalidInputError, OriginCloudRegionsError } from '../errors';
import {
  CloudflareApiError,
  DeadlineExceededError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
} from '../errors/client';

/**
 * Why `supported_regions` could not be used, in one deterministic phrase (no ports, no timings),
 * or `undefined` when the error must fail the lookup instead of falling back to the catalog.
 *
 * The endpoint needs Tiered Cache on the zone and a permission that a token for the mappings may lack,
 * and it is an extra request that can fail on its own; none of that makes the mappings wrong, so
 * validation falls back to the bundled catalog. Bad input and missing credentials are the caller's
 * mistakes and fail the lookup.
 */
export function supportedRegionsFallbackCause(error: unknown): string | undefined {
  if (error instanceof InvalidInputError || error instanceof MissingCredentialsError) return undefined;
  if (error instanceof CloudflareApiError) {
    const details = error.cloudflareErrors.map((e) => `${e.code} ${e.message}`).join('; ');
    const what =
      error.status === 401 || error.status === 403
        ? 'the credentials may not read it'
        : 'Tiered Cache may be off for the zone';
    return `supported_regions unavailable (HTTP ${error.status}: ${details || what})`;
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
  if (error instanceof OriginCloudRegionsError) return `supported_regions unavailable (${error.code})`;
  return undefined;
}
