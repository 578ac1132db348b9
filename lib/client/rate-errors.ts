import { RateBudgetExceededError, RateLimitedError } from '../errors/budget';
import type { AnswerContext } from './body';
import type { RequestBudget } from './budget';

/** The fix both rate errors end with: stop spending the live budget on every synth. */
const RATE_BUDGET_FIX = `Synthesize offline from committed snapshots (ORIGIN_CLOUD_REGIONS_OFFLINE=1) and keep them fresh with "origin-cloud-regions refresh --max-requests N" in a scheduled job (see docs/scale.md), or look up fewer zones per synth.`;

interface RateErrorContext extends Pick<AnswerContext, 'zoneId' | 'redact'> {
  /** The request, for example `GET /client/v4/zones/…/origin/cloud_regions?page=2&per_page=100`, or the zone's listing. */
  readonly what: string;
  readonly deadlineMs: number;
  readonly remainingMs: number;
}

function isoSecond(epochMs: number): string {
  return new Date(Math.round(epochMs / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function describeLimits(limits: RequestBudget['limits']): string {
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
  budget: RequestBudget,
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
