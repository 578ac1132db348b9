import { OriginCloudRegionsError } from './base';

/** The fix both rate errors end with: stop spending the live budget on every synth. */
export const RATE_BUDGET_FIX = `Synthesize offline from committed snapshots (ORIGIN_CLOUD_REGIONS_OFFLINE=1) and keep them fresh with "origin-cloud-regions refresh --max-requests N" in a scheduled job (see docs/scale.md), or look up fewer zones per synth.`;

/** Formats an epoch time for messages: ISO 8601, to the second. */
export function isoSecond(epochMs: number): string {
  return new Date(Math.round(epochMs / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * A listing needs more requests than the rate budget can send before its deadline (see `RequestBudget`).
 * Thrown as soon as page 1 tells the cost, before the requests are spent.
 */
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

  /**
   * @param details - the numbers above
   * @param message - what did not fit, then the fix
   */
  public constructor(
    details: {
      readonly zoneId: string | undefined;
      readonly requestsNeeded: number;
      readonly requestsAvailable: number;
      readonly limit: number;
      readonly windowMs: number;
      readonly possibleAt: string;
      readonly windowResetsAt: string;
      readonly deadlineMs: number;
    },
    message: string,
  ) {
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

/**
 * Cloudflare answered 429 (rate limited) with a `Retry-After` that outlasts the operation's deadline, or the
 * deadline passed while every request waited out such a 429. Retrying sooner would only be refused again.
 */
export class RateLimitedError extends OriginCloudRegionsError {
  /** Always 429. */
  public readonly status: number;
  /** The `Retry-After` the server sent, in milliseconds. */
  public readonly retryAfterMs: number;
  /** When the server said to retry (ISO 8601). */
  public readonly retryAt: string;
  /** The deadline of the operation, in milliseconds. */
  public readonly deadlineMs: number;

  /**
   * @param retryAfterMs - the server's `Retry-After`
   * @param retryAt - when it ends
   * @param deadlineMs - the operation's deadline
   * @param message - what was refused, then the fix
   */
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

/**
 * A request was not sent because the client's cap on requests (`maxRequests`; the CLI's `--max-requests`) was
 * reached: every request sent counts, retries included, so a zone that keeps failing cannot spend past it.
 */
export class RequestCapReachedError extends OriginCloudRegionsError {
  /** The zone the request belonged to, when it belonged to one. */
  public readonly zoneId: string | undefined;
  /** The cap. */
  public readonly maxRequests: number;
  /** Requests the client had sent (retries included): the cap. */
  public readonly requestsSent: number;

  /**
   * @param details - the numbers above
   * @param message - what was not sent, then the fix
   */
  public constructor(
    details: { readonly zoneId: string | undefined; readonly maxRequests: number; readonly requestsSent: number },
    message: string,
  ) {
    super('OCR_REQUEST_CAP_REACHED', message);
    this.zoneId = details.zoneId;
    this.maxRequests = details.maxRequests;
    this.requestsSent = details.requestsSent;
  }
}

/** What {@link rateBudgetExceeded} and {@link rateLimited} need to word their message. */
export interface RateErrorContext {
  /** The request, for example `GET /client/v4/zones/…/origin/cloud_regions?page=2&per_page=100`, or the zone's listing. */
  readonly what: string;
  /** The zone, when the work belongs to one. */
  readonly zoneId?: string;
  /** The operation's deadline in milliseconds. */
  readonly deadlineMs: number;
  /** Milliseconds left before the deadline. */
  readonly remainingMs: number;
  /** Redacts credentials from the message. */
  readonly redact: (text: string) => string;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function describeLimits(limits: {
  readonly requests: number;
  readonly windowMs: number;
  readonly perSecond: number;
}): string {
  const parts: string[] = [];
  if (limits.requests > 0) parts.push(`${limits.requests} requests per ${seconds(limits.windowMs)}`);
  if (limits.perSecond > 0) parts.push(`${limits.perSecond} per second`);
  return parts.join(' and ');
}

/**
 * The error for work that needs `needed` more requests which the budget can only send at `times` (the last
 * one past the deadline).
 */
export function rateBudgetExceeded(
  ctx: RateErrorContext,
  budget: {
    readonly limits: { readonly requests: number; readonly windowMs: number; readonly perSecond: number };
    available(now?: number): number;
    windowResetAt(now?: number): number;
  },
  needed: number,
  times: readonly number[],
  now: number,
): RateBudgetExceededError {
  const available = budget.available(now);
  const possibleAt = times.length > 0 ? times[times.length - 1] : now;
  const resetAt = budget.windowResetAt(now);
  const left = Number.isFinite(available) ? `${available} left now` : 'no window limit';
  const message = ctx.redact(
    `${ctx.what} needs ${needed} more request${needed === 1 ? '' : 's'}, but the rate budget of this process (${describeLimits(budget.limits)}, Cloudflare's documented limits unless ORIGIN_CLOUD_REGIONS_RATE_LIMIT says otherwise) has ${left}; the window frees its oldest slot at ${isoSecond(resetAt)}, and all ${needed} could be sent only by ${isoSecond(possibleAt)}, ${seconds(possibleAt - now)} from now, past the ${ctx.deadlineMs} ms deadline (${Math.max(0, Math.round(ctx.remainingMs))} ms left). Nothing more was sent. ${RATE_BUDGET_FIX}`,
  );
  return new RateBudgetExceededError(
    {
      zoneId: ctx.zoneId,
      requestsNeeded: needed,
      requestsAvailable: Number.isFinite(available) ? available : -1,
      limit: budget.limits.requests,
      windowMs: budget.limits.windowMs,
      possibleAt: isoSecond(possibleAt),
      windowResetsAt: isoSecond(resetAt),
      deadlineMs: ctx.deadlineMs,
    },
    message,
  );
}

/** The error for a 429 whose `Retry-After` (ending at `retryAt`, epoch ms) outlasts the deadline. */
export function rateLimited(
  ctx: RateErrorContext,
  retryAfterMs: number,
  retryAt: number,
  options?: ErrorOptions,
): RateLimitedError {
  const message = ctx.redact(
    `${ctx.what} was rate-limited by Cloudflare (HTTP 429, Retry-After ${seconds(retryAfterMs)}, until ${isoSecond(retryAt)}), which outlasts the ${Math.max(0, Math.round(ctx.remainingMs))} ms left of the ${ctx.deadlineMs} ms deadline: the account's rate budget (Cloudflare allows 1200 requests per 5 minutes per user) is spent, by this process or by another user of the same credentials. ${RATE_BUDGET_FIX}`,
  );
  return new RateLimitedError(retryAfterMs, isoSecond(retryAt), ctx.deadlineMs, message, options);
}
