import type { Dispatcher } from 'undici';
import { OriginCloudRegionsError } from '../errors';
import { cloudflareApiError, describeCloudflareErrors } from './api-errors';
import { isRetryableStatus, parseRetryAfterMs, retryDelayMs } from './backoff';
import { describeAnswer, parseJsonBody, type AnswerContext } from './body';
import type { BudgetSlot, RequestBudget } from './budget';
import { rateBudgetExceeded, rateLimited as rateLimitedError } from '../errors/budget';
import type { ClientConfig } from './config';
import { extractCloudflareErrors } from './envelope';
import { DeadlineExceededError, RequestFailedError } from '../errors/client';
import { sendOnce, type HttpAnswer } from './http';
import type { RequestLimiter } from './limiter';
import type { RequestCap } from './request-cap';
import { describeNetworkError, isRetryableNetworkError } from './network-errors';
import { ENV } from './options';
import { DeadlineReached, sleep, type OperationContext } from './operation';

/** What a request needs besides its path: the pool, the process limiter, the resolved config. */
export interface Transport {
  readonly config: ClientConfig;
  readonly pool: () => Dispatcher;
  readonly limiter: RequestLimiter;
  /** The process-wide rate budget (see `RequestBudget`); absent or with no limits, requests are not paced. */
  readonly budget?: RequestBudget;
  /** The client's cap on requests sent, retries included (see `RequestCap`); absent for none. */
  readonly requestCap?: RequestCap;
  /** Random source for backoff jitter (injectable for tests). */
  readonly random?: () => number;
}

/** Turns a 2xx answer's JSON into a value, or throws a typed error. */
export type AnswerParser<T> = (ctx: AnswerContext & { zoneId?: string }, json: unknown, text: string) => T;

/**
 * GETs `pathAndQuery` (relative to the base path) with retries: connection errors, timeouts, 408, 429 and
 * 5xx are retried with jittered exponential backoff or the server's `Retry-After` (a 429 pauses every
 * request of the process); other 4xx are not. All of it runs inside `op`'s deadline. Each attempt first
 * waits for its slot in the rate budget (`reservedAt`, reserved by the caller for the first attempt, or
 * reserved here).
 *
 * @throws {@link CloudflareApiError} when the API refuses the request
 * @throws {@link ResponseFormatError} when a 2xx answer cannot be used
 * @throws {@link RequestFailedError} when retries run out
 * @throws {@link DeadlineExceededError} when the operation's deadline passes
 * @throws {@link RateBudgetExceededError} when the rate budget cannot send the attempt before the deadline
 * @throws {@link RequestCapReachedError} when the client's cap on requests is reached before an attempt
 * @throws {@link RateLimitedError} when a 429's `Retry-After` outlasts the deadline (or the deadline passes
 *   while requests wait one out)
 */
export async function getWithRetries<T>(
  transport: Transport,
  op: OperationContext,
  pathAndQuery: string,
  parse: AnswerParser<T>,
  zoneId?: string,
  reservedAt?: number,
): Promise<T> {
  const { config, limiter, budget } = transport;
  const path = `${config.basePath}${pathAndQuery}`;
  const label = `GET ${path}`;
  const maxAttempts = config.maxRetries + 1;
  let last = 'nothing was sent';
  let lastStatus: number | undefined;
  let lastCause: unknown;
  let attempt = 0;

  const rateContext = () => ({
    what: label,
    ...(zoneId === undefined ? {} : { zoneId }),
    deadlineMs: op.deadlineMs,
    remainingMs: op.remainingMs(),
    redact: config.redact,
  });
  const deadlineError = (cause?: unknown): Error => {
    // Time spent waiting out a 429 is the rate limit's doing, not the network's: say so.
    const hold = budget?.rateLimitHold();
    if (hold !== undefined && (lastStatus === 429 || attempt === 0)) {
      return rateLimitedError(rateContext(), hold.retryAfterMs, hold.until, { cause });
    }
    return new DeadlineExceededError(
      op.deadlineMs,
      attempt,
      config.redact(
        `${label} did not finish within the ${op.deadlineMs} ms deadline after ${attempt} attempt${attempt === 1 ? '' : 's'} (last: ${last}). Raise the deadline (option deadlineMs or ${ENV.deadline}), or check the network path to ${config.route}.`,
      ),
      { cause },
    );
  };
  // The operation's signal aborts for its deadline or because a sibling failed; say which.
  const aborted = (): unknown =>
    op.signal.reason instanceof DeadlineReached ? deadlineError(op.signal.reason) : op.signal.reason;

  while (attempt < maxAttempts) {
    if (op.signal.aborted) throw aborted();
    // Spent: say so before waiting for the rate budget or a slot (take() below decides for concurrent requests).
    if (transport.requestCap !== undefined && transport.requestCap.sent === transport.requestCap.max) {
      transport.requestCap.take(config.redact(label), zoneId);
    }
    let release: (() => void) | undefined;
    let answer: HttpAnswer | undefined;
    let failure: unknown;
    const slot = await waitForBudget();
    const started = Date.now();
    try {
      release = await limiter.acquire(op.signal);
      transport.requestCap?.take(config.redact(label), zoneId);
      attempt++;
      op.countRequest();
      const remaining = op.remainingMs();
      answer = await sendOnce(transport.pool(), {
        method: 'GET',
        path,
        headers: config.headers,
        timeoutMs: Math.max(1, Math.min(config.attemptTimeoutMs, remaining)),
        maxBodyBytes: config.maxBodyBytes,
        signal: op.signal,
        label,
        redact: config.redact,
      });
    } catch (error) {
      failure = error;
    } finally {
      // Released before any backoff sleep, so that waiting retries do not hold slots.
      release?.();
      // Dated by its end: the server counted it by then, however late it arrived (see RequestBudget).
      slot?.answered();
    }

    if (answer === undefined) {
      if (op.signal.aborted) throw aborted();
      if (failure instanceof OriginCloudRegionsError) throw failure;
      if (!isRetryableNetworkError(failure)) {
        throw new RequestFailedError(
          attempt,
          undefined,
          config.redact(
            `${label} failed: ${describeNetworkError(failure, config.redact)}. Check ${ENV.baseUrl} (${config.route}) and the network path to it.`,
          ),
          { cause: failure },
        );
      }
      last = describeNetworkError(failure, config.redact);
      lastStatus = undefined;
      lastCause = failure;
      config.debug?.(`${label} attempt ${attempt}/${maxAttempts}: ${last} after ${Date.now() - started} ms`);
      await waitBeforeRetry(undefined, false);
      continue;
    }

    const ctx = {
      request: label,
      status: answer.status,
      contentType: answer.contentType,
      redact: config.redact,
      zoneId,
    };
    config.debug?.(`${label} attempt ${attempt}/${maxAttempts}: HTTP ${answer.status} in ${Date.now() - started} ms`);
    if (answer.status >= 200 && answer.status <= 299) {
      return parse(ctx, parseJsonBody(ctx, answer.text), answer.text);
    }
    const errors = extractCloudflareErrors(safeJson(answer.text));
    const detail = errors.length === 0 ? describeAnswer(ctx, answer.text) : undefined;
    const refusal = cloudflareApiError(ctx, errors, detail);
    if (!isRetryableStatus(answer.status)) throw refusal;
    last = detail ?? `HTTP ${answer.status} (${describeCloudflareErrors(refusal.cloudflareErrors, errors.length)})`;
    lastStatus = answer.status;
    lastCause = refusal;
    const retryAfterMs = parseRetryAfterMs(answer.retryAfter, Date.now());
    if (answer.status === 429 && retryAfterMs !== undefined) {
      // Every later request of the process is scheduled after the wait this client honours.
      budget?.noteRateLimited(retryAfterMs, Math.min(retryAfterMs, config.maxRetryAfterMs));
    }
    await waitBeforeRetry(retryAfterMs, answer.status === 429);
  }

  throw new RequestFailedError(
    attempt,
    lastStatus,
    config.redact(
      `${label} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}; last: ${last}. ${giveUpAdvice(lastStatus, config.route)}`,
    ),
    {
      cause: lastCause,
    },
  );

  async function waitForBudget(): Promise<BudgetSlot | undefined> {
    // The process is held back by a 429 past this operation's deadline: waiting for it would only time out.
    const hold = budget?.rateLimitHold();
    if (hold !== undefined && hold.until >= Date.now() + op.remainingMs()) {
      throw rateLimitedError(rateContext(), hold.retryAfterMs, hold.until, { cause: lastCause });
    }
    if (budget === undefined || !budget.enabled) return undefined;
    let at: number;
    if (attempt === 0 && reservedAt !== undefined) at = reservedAt;
    else {
      const now = Date.now();
      const reservation = budget.reserve(1, now + op.remainingMs(), now);
      if (!reservation.ok) {
        const hold = budget.rateLimitHold(now);
        if (hold !== undefined && hold.until >= reservation.times[0]) {
          throw rateLimitedError(rateContext(), hold.retryAfterMs, hold.until);
        }
        throw rateBudgetExceeded(rateContext(), budget, 1, reservation.times, now);
      }
      at = reservation.times[0];
    }
    const wait = at - Date.now();
    if (wait > 0) config.debug?.(`${label}: waiting ${wait} ms for the rate budget`);
    try {
      await sleep(wait, op.signal);
      // The time was planned from when requests went out; the window they fill ends with their answers.
      for (;;) {
        const now = Date.now();
        const start = budget.start(at, now);
        if (start.ok) return start.slot;
        if (start.retryAt !== undefined && start.retryAt > now + op.remainingMs()) {
          throw rateBudgetExceeded(rateContext(), budget, 1, [start.retryAt], now);
        }
        await budget.waitForRoom(start.retryAt, op.signal);
      }
    } catch (error) {
      throw op.signal.aborted ? aborted() : error;
    }
  }

  async function waitBeforeRetry(retryAfterMs: number | undefined, rateLimited: boolean): Promise<void> {
    if (attempt >= maxAttempts) return;
    const delay = retryDelayMs(
      attempt,
      retryAfterMs,
      { baseMs: config.retryBaseDelayMs, maxMs: config.retryMaxDelayMs, maxRetryAfterMs: config.maxRetryAfterMs },
      transport.random,
    );
    // The rate limit is per account: hold back every request of the process, not only this one.
    if (rateLimited) limiter.pause(delay);
    if (delay >= op.remainingMs()) {
      // A 429 whose wait outlasts the deadline is the rate limit's doing: say so, with the server's Retry-After.
      if (rateLimited) {
        const waitMs = retryAfterMs ?? delay;
        throw rateLimitedError(rateContext(), waitMs, Date.now() + waitMs, { cause: lastCause });
      }
      last += `; the next retry would wait ${delay} ms, past the deadline`;
      throw deadlineError(lastCause);
    }
    config.debug?.(`${label}: retrying in ${delay} ms${retryAfterMs !== undefined ? ' (Retry-After)' : ''}`);
    try {
      await sleep(delay, op.signal);
    } catch {
      throw aborted();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function giveUpAdvice(status: number | undefined, origin: string): string {
  if (status === 429) {
    return `Cloudflare kept rate-limiting this account: wait a few minutes, lower ${ENV.concurrency}, or raise ${ENV.maxRetries}.`;
  }
  if (status !== undefined && status >= 500) {
    return `The API kept failing on its side: retry later (see https://www.cloudflarestatus.com), or raise ${ENV.maxRetries}.`;
  }
  if (status === 408) return `The server kept timing out the request: retry later, or raise ${ENV.maxRetries}.`;
  return `Check the network path to ${origin} (proxy, firewall, DNS), then retry; ${ENV.timeout} and ${ENV.maxRetries} tune the attempts.`;
}
