import type { Dispatcher } from 'undici';
import { OriginCloudRegionsError } from '../errors';
import { cloudflareApiError, describeCloudflareErrors } from './api-errors';
import { isRetryableStatus, parseRetryAfterMs, retryDelayMs } from './backoff';
import { describeAnswer, parseJsonBody, type AnswerContext } from './body';
import type { ClientConfig } from './config';
import { extractCloudflareErrors } from './envelope';
import { DeadlineExceededError, RequestFailedError } from './errors';
import { sendOnce, type HttpAnswer } from './http';
import type { RequestLimiter } from './limiter';
import { describeNetworkError, isRetryableNetworkError } from './network-errors';
import { ENV } from './options';
import { DeadlineReached, sleep, type OperationContext } from './operation';

/** What a request needs besides its path: the pool, the process limiter, the resolved config. */
export interface Transport {
  readonly config: ClientConfig;
  readonly pool: () => Dispatcher;
  readonly limiter: RequestLimiter;
  /** Random source for backoff jitter (injectable for tests). */
  readonly random?: () => number;
}

/** Turns a 2xx answer's JSON into a value, or throws a typed error. */
export type AnswerParser<T> = (ctx: AnswerContext & { zoneId?: string }, json: unknown, text: string) => T;

/**
 * GETs `pathAndQuery` (relative to the base path) with retries: connection errors, timeouts, 408, 429 and
 * 5xx are retried with jittered exponential backoff or the server's `Retry-After` (a 429 pauses every
 * request of the process); other 4xx are not. All of it runs inside `op`'s deadline.
 *
 * @throws {@link CloudflareApiError} when the API refuses the request
 * @throws {@link ResponseFormatError} when a 2xx answer cannot be used
 * @throws {@link RequestFailedError} when retries run out
 * @throws {@link DeadlineExceededError} when the operation's deadline passes
 */
export async function getWithRetries<T>(
  transport: Transport,
  op: OperationContext,
  pathAndQuery: string,
  parse: AnswerParser<T>,
  zoneId?: string,
): Promise<T> {
  const { config, limiter } = transport;
  const path = `${config.basePath}${pathAndQuery}`;
  const label = `GET ${path}`;
  const maxAttempts = config.maxRetries + 1;
  let last = 'nothing was sent';
  let lastStatus: number | undefined;
  let lastCause: unknown;
  let attempt = 0;

  const deadlineError = (cause?: unknown): DeadlineExceededError =>
    new DeadlineExceededError(
      op.deadlineMs,
      attempt,
      config.redact(
        `${label} did not finish within the ${op.deadlineMs} ms deadline after ${attempt} attempt${attempt === 1 ? '' : 's'} (last: ${last}). Raise the deadline (option deadlineMs or ${ENV.deadline}), or check the network path to ${config.route}.`,
      ),
      { cause },
    );
  // The operation's signal aborts for its deadline or because a sibling failed; say which.
  const aborted = (): unknown =>
    op.signal.reason instanceof DeadlineReached ? deadlineError(op.signal.reason) : op.signal.reason;

  while (attempt < maxAttempts) {
    if (op.signal.aborted) throw aborted();
    let release: (() => void) | undefined;
    let answer: HttpAnswer | undefined;
    let failure: unknown;
    const started = Date.now();
    try {
      release = await limiter.acquire(op.signal);
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
    }

    if (answer === undefined) {
      if (op.signal.aborted) throw aborted();
      if (failure instanceof OriginCloudRegionsError) throw failure;
      if (!isRetryableNetworkError(failure)) {
        throw new RequestFailedError(
          attempt,
          undefined,
          config.redact(
            `${label} failed: ${describeNetworkError(failure, config.redact)}. Check CLOUDFLARE_BASE_URL (${config.route}) and the network path to it.`,
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
    await waitBeforeRetry(parseRetryAfterMs(answer.retryAfter, Date.now()), answer.status === 429);
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
