import { OriginCloudRegionsError } from '../errors/base';
import { RequestFailedError } from '../errors/client';
import { parseJsonOrUndefined } from '../files/json-text';
import { cloudflareApiError, describeCloudflareErrors } from './api-errors';
import { describeAnswer, type AnswerContext } from './body';
import { extractCloudflareErrors } from './envelope';
import { header, type HttpAnswer } from './http';
import { describeNetworkError, isRetryableNetworkError } from './network-errors';
import { ENV } from '../settings/names';

/** Backoff steps in milliseconds. */
interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = the first), with "full jitter": a uniform random time in
 * `[0, min(maxMs, baseMs · 2^(retry-1)))`, which spreads apart the retries of clients throttled by the same 429.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(retry - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/** A `Retry-After` (delay-seconds or HTTP-date) in milliseconds from `nowMs`; `undefined` when unreadable. */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = header(value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // Only accept something that looks like an HTTP-date (it names a weekday or month), so that "1.5" or "-3"
  // is not read by Date.parse as some year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Whether an HTTP status is worth another attempt: 408, 429 and every 5xx. Other 4xx answers never change. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** The server's `Retry-After` when it gave one (cut to `maxRetryAfterMs`), else the jittered backoff. */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy & { readonly maxRetryAfterMs: number },
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(retry, policy, random);
}

/** What one attempt came to: a complete answer, whatever its status, or what sending it threw. */
export type AttemptOutcome = { readonly answer: HttpAnswer } | { readonly error: unknown };

/** What the retry loop does after an attempt: parse a 2xx answer, retry after a delay, or throw `error`. */
export type RetryDecision =
  | { readonly kind: 'done'; readonly answer: HttpAnswer }
  | {
      readonly kind: 'retry';
      /** `undefined` for a connection failure. */
      readonly status: number | undefined;
      /** What the attempt came to, for messages (redacted and escaped). */
      readonly last: string;
      /** The error to keep as the `cause` should retries run out. */
      readonly cause: unknown;
      /** The server's `Retry-After` in milliseconds, when readable. */
      readonly retryAfterMs: number | undefined;
      /** A 429: the wait holds back every request of the process. */
      readonly rateLimited: boolean;
    }
  | { readonly kind: 'fail'; readonly error: unknown };

/** What {@link classifyAttempt} needs to word its errors. */
export interface AttemptContext extends Pick<AnswerContext, 'request' | 'zoneId' | 'redact'> {
  /** Attempts sent so far, this one included. */
  readonly attempt: number;
  /** The API origin and proxy, for advice. */
  readonly route: string;
  /** When the answer came (epoch ms), to read a `Retry-After` date against. */
  readonly now: number;
}

/**
 * 2xx is done; 408, 429, 5xx and connection resets or timeouts are retried; other answers fail with a
 * {@link CloudflareApiError}, other connection errors with a {@link RequestFailedError}, and the package's own
 * errors (a refused tunnel, an untrusted certificate, the request cap) as they are.
 */
export function classifyAttempt(outcome: AttemptOutcome, ctx: AttemptContext): RetryDecision {
  if ('error' in outcome) return classifyFailure(outcome.error, ctx);
  const { answer } = outcome;
  if (answer.status >= 200 && answer.status <= 299) return { kind: 'done', answer };
  const answered = { ...ctx, status: answer.status, contentType: answer.contentType };
  const errors = extractCloudflareErrors(parseJsonOrUndefined(answer.text));
  const detail = errors.length === 0 ? describeAnswer(answered, answer.text) : undefined;
  const refusal = cloudflareApiError(answered, errors, detail);
  if (!isRetryableStatus(answer.status)) return { kind: 'fail', error: refusal };
  return {
    kind: 'retry',
    status: answer.status,
    last: detail ?? `HTTP ${answer.status} (${describeCloudflareErrors(refusal.cloudflareErrors, errors.length)})`,
    cause: refusal,
    retryAfterMs: parseRetryAfterMs(answer.retryAfter, ctx.now),
    rateLimited: answer.status === 429,
  };
}

function classifyFailure(error: unknown, ctx: AttemptContext): RetryDecision {
  if (error instanceof OriginCloudRegionsError) return { kind: 'fail', error };
  const what = describeNetworkError(error, ctx.redact);
  if (isRetryableNetworkError(error)) {
    return { kind: 'retry', status: undefined, last: what, cause: error, retryAfterMs: undefined, rateLimited: false };
  }
  const message = `${ctx.request} failed: ${what}. Check ${ENV.baseUrl} (${ctx.route}) and the network path to it.`;
  return { kind: 'fail', error: new RequestFailedError(ctx.attempt, undefined, ctx.redact(message), { cause: error }) };
}
