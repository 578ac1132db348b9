/**
 * Pure retry arithmetic: which answers are worth another attempt, and how long to wait before it.
 */

/** Backoff parameters (milliseconds). */
export interface BackoffPolicy {
  /** First step. */
  readonly baseMs: number;
  /** Largest step. */
  readonly maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = the first retry), with "full jitter": a uniform random time in
 * `[0, min(maxMs, baseMs · 2^(retry-1)))`. Full jitter spreads the retries of many clients apart, which
 * matters most when they were all throttled by the same 429.
 *
 * @param random - a source of numbers in [0, 1), injectable for tests
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(retry - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * Parses a `Retry-After` header into milliseconds from `nowMs`: either delay-seconds (`"120"`) or an
 * HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`). A date in the past means 0. Anything else (missing,
 * negative, garbage) gives `undefined`, and the caller falls back to its own backoff.
 */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
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

/**
 * How long to wait before the next attempt: the server's `Retry-After` when it gave one (cut to
 * `maxRetryAfterMs`), else the jittered backoff.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy & { readonly maxRetryAfterMs: number },
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(retry, policy, random);
}
