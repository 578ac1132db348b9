import { OriginCloudRegionsError } from './base';

/** One entry of a v4 envelope's `errors`, fit to print: redacted, unprintable characters escaped, cut to 200. */
export interface CloudflareErrorDetail {
  /** Cloudflare's numeric error code, for example `10000` or `1146`. */
  readonly code: number;
  /** Cloudflare's message for the code (redacted, escaped, cut). */
  readonly message: string;
  /** The entry's `documentation_url`, when it was an `https:` URL (redacted, escaped, cut). */
  readonly documentationUrl?: string;
}

/** The Cloudflare API refused a request (a 4xx, or `success: false` even with HTTP 200); not retried. */
export class CloudflareApiError extends OriginCloudRegionsError {
  /** HTTP status of the answer (200 when the envelope said `success: false`). */
  public readonly status: number;
  /** Cloudflare's errors, in the envelope's order, at most 20 (empty when the body had none). */
  public readonly cloudflareErrors: readonly CloudflareErrorDetail[];

  public constructor(
    status: number,
    cloudflareErrors: readonly CloudflareErrorDetail[],
    message: string,
    options?: ErrorOptions,
  ) {
    super('OCR_CLOUDFLARE_API', message, options);
    this.status = status;
    this.cloudflareErrors = cloudflareErrors;
  }
}

/** No usable credentials were given, or only half of an email + key pair. Thrown before any request. */
export class MissingCredentialsError extends OriginCloudRegionsError {
  /** The option or environment variable that is missing, for example `CLOUDFLARE_API_KEY`. */
  public readonly field: string;

  public constructor(field: string, message: string) {
    super('OCR_MISSING_CREDENTIALS', message);
    this.field = field;
  }
}

/** The API answered with a body this client cannot trust: not JSON, HTML, truncated, too large, not a v4 envelope. */
export class ResponseFormatError extends OriginCloudRegionsError {
  /** HTTP status of the answer. */
  public readonly status: number;
  /** The answer's `Content-Type`, when it had one, fit to print (redacted, control characters escaped, cut). */
  public readonly contentType: string | undefined;

  public constructor(status: number, contentType: string | undefined, message: string, options?: ErrorOptions) {
    super('OCR_RESPONSE_FORMAT', message, options);
    this.status = status;
    this.contentType = contentType;
  }
}

/** The pages of a listing did not add up to one state of the zone, even after restarts; nothing is returned. */
export class IncompleteListingError extends OriginCloudRegionsError {
  /** The zone being listed. */
  public readonly zoneId: string;
  /** How many times the whole listing was run (1 + restarts). */
  public readonly listingAttempts: number;

  public constructor(zoneId: string, listingAttempts: number, message: string) {
    super('OCR_INCOMPLETE_LISTING', message);
    this.zoneId = zoneId;
    this.listingAttempts = listingAttempts;
  }
}

/** A request kept failing in a retryable way (connection errors, timeouts, 408, 429, 5xx) until retries ran out. */
export class RequestFailedError extends OriginCloudRegionsError {
  /** How many attempts were made, the first one included. */
  public readonly attempts: number;
  /** HTTP status of the last attempt, when it got an answer. */
  public readonly status: number | undefined;

  public constructor(attempts: number, status: number | undefined, message: string, options?: ErrorOptions) {
    super('OCR_REQUEST_FAILED', message, options);
    this.attempts = attempts;
    this.status = status;
  }
}

/** The overall deadline of an operation (a whole listing, retries included) passed. */
export class DeadlineExceededError extends OriginCloudRegionsError {
  /** The deadline that passed, in milliseconds. */
  public readonly deadlineMs: number;
  /** Attempts made by the request that was running when the deadline passed. */
  public readonly attempts: number;

  public constructor(deadlineMs: number, attempts: number, message: string, options?: ErrorOptions) {
    super('OCR_DEADLINE_EXCEEDED', message, options);
    this.deadlineMs = deadlineMs;
    this.attempts = attempts;
  }
}
