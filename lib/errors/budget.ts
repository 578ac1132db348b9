import { OriginCloudRegionsError } from './base';

/** A listing needs more requests than the rate budget can send before its deadline; thrown once page 1 shows it. */
export class RateBudgetExceededError extends OriginCloudRegionsError {
  /** The zone being listed, when the request belonged to one. */
  public readonly zoneId: string | undefined;
  /** Requests the work still needed. */
  public readonly requestsNeeded: number;
  /** Requests the budget could still send at once when the error was raised. */
  public readonly requestsAvailable: number;
  /** The budget's limit: requests per window. */
  public readonly limit: number;
  /** The budget's window, in milliseconds. */
  public readonly windowMs: number;
  /** When the requests could all have been sent (ISO 8601). */
  public readonly possibleAt: string;
  /** When the current window frees its oldest slot (ISO 8601). */
  public readonly windowResetsAt: string;
  /** The deadline of the listing, in milliseconds. */
  public readonly deadlineMs: number;

  public constructor(details: Omit<RateBudgetExceededError, keyof OriginCloudRegionsError>, message: string) {
    super('OCR_RATE_BUDGET_EXCEEDED', message);
    this.zoneId = details.zoneId;
    this.requestsNeeded = details.requestsNeeded;
    this.requestsAvailable = details.requestsAvailable;
    this.limit = details.limit;
    this.windowMs = details.windowMs;
    this.possibleAt = details.possibleAt;
    this.windowResetsAt = details.windowResetsAt;
    this.deadlineMs = details.deadlineMs;
  }
}

/** Cloudflare answered 429 with a `Retry-After` that outlasts the deadline, or the deadline passed waiting one out. */
export class RateLimitedError extends OriginCloudRegionsError {
  /** Always 429. */
  public readonly status: number;
  /** The `Retry-After` the server sent, in milliseconds. */
  public readonly retryAfterMs: number;
  /** When the server said to retry (ISO 8601). */
  public readonly retryAt: string;
  /** The deadline of the operation, in milliseconds. */
  public readonly deadlineMs: number;

  public constructor(
    retryAfterMs: number,
    retryAt: string,
    deadlineMs: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super('OCR_RATE_LIMITED', message, options);
    this.status = 429;
    this.retryAfterMs = retryAfterMs;
    this.retryAt = retryAt;
    this.deadlineMs = deadlineMs;
  }
}

/** A request was not sent: the client's `maxRequests` cap (`--max-requests`; retries count) was reached. */
export class RequestCapReachedError extends OriginCloudRegionsError {
  /** The zone the request belonged to, when it belonged to one. */
  public readonly zoneId: string | undefined;
  /** The cap. */
  public readonly maxRequests: number;
  /** Requests the client had sent (retries included): the cap. */
  public readonly requestsSent: number;

  public constructor(details: Omit<RequestCapReachedError, keyof OriginCloudRegionsError>, message: string) {
    super('OCR_REQUEST_CAP_REACHED', message);
    this.zoneId = details.zoneId;
    this.maxRequests = details.maxRequests;
    this.requestsSent = details.requestsSent;
  }
}
