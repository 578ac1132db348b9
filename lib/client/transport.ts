import type { Dispatcher } from 'undici';
import { classifyAttempt, retryDelayMs, type AttemptOutcome, type RetryDecision } from './backoff';
import { parseJsonBody, type AnswerContext } from './body';
import type { BudgetSlot, RequestBudget, RequestCap } from './budget';
import { rateBudgetExceeded, rateLimited as rateLimitedError } from './rate-errors';
import type { ClientConfig } from './config';
import { DeadlineExceededError, RequestFailedError } from '../errors/client';
import { sendOnce } from './http';
import type { Release, RequestLimiter } from './limiter';
import { ENV } from '../settings/names';
import { DeadlineReached, sleep, type OperationContext } from './operation';

/** What a request needs besides its path. */
export interface Transport {
  readonly config: ClientConfig;
  readonly pool: () => Dispatcher;
  readonly limiter: RequestLimiter;
  /** The process-wide rate budget; absent or with no limits, requests are not paced. */
  readonly budget?: RequestBudget;
  /** The client's cap on requests sent, retries included; absent for none. */
  readonly requestCap?: RequestCap;
}

/** Turns a 2xx answer's JSON into a value, or throws a typed error. */
export type AnswerParser<T> = (ctx: AnswerContext, json: unknown, text: string) => T;

/** One call of {@link getWithRetries}: what it asks for, and what its attempts have come to so far. */
interface RetryCall {
  readonly transport: Transport;
  readonly op: OperationContext;
  readonly path: string;
  readonly label: string;
  readonly zoneId: string | undefined;
  /** The budget time the caller reserved for the first attempt. */
  readonly reservedAt: number | undefined;
  readonly maxAttempts: number;
  attempt: number;
  /** What the last attempt came to, for messages. */
  last: string;
  lastStatus?: number;
  lastCause?: unknown;
}

/**
 * GETs `pathAndQuery` (relative to the base path) with retries (see {@link classifyAttempt}) within `op`'s deadline.
 * Each attempt first waits for its slot in the rate budget (`reservedAt`, reserved by the caller for the first
 * attempt, or reserved here).
 */
export async function getWithRetries<T>(
  transport: Transport,
  op: OperationContext,
  pathAndQuery: string,
  parse: AnswerParser<T>,
  zoneId?: string,
  reservedAt?: number,
): Promise<T> {
  const { config } = transport;
  const path = `${config.basePath}${pathAndQuery}`;
  const call: RetryCall = {
    transport,
    op,
    path,
    label: `GET ${path}`,
    zoneId,
    reservedAt,
    maxAttempts: config.maxRetries + 1,
    attempt: 0,
    last: 'nothing was sent',
  };
  while (call.attempt < call.maxAttempts) {
    if (op.signal.aborted) throw abortReason(call);
    // Spent: say so before waiting for the rate budget or a slot (take() in send decides for concurrent requests).
    const cap = transport.requestCap;
    if (cap !== undefined && cap.sent === cap.max) cap.take(() => config.redact(call.label), zoneId);
    const slot = await waitForBudget(call);
    const started = Date.now();
    const outcome = await send(call, slot);
    if ('error' in outcome && op.signal.aborted) throw abortReason(call);
    const progress = `${call.label} attempt ${call.attempt}/${call.maxAttempts}`;
    if ('answer' in outcome) config.debug?.(`${progress}: HTTP ${outcome.answer.status} in ${Date.now() - started} ms`);
    const decision = classifyAttempt(outcome, {
      request: call.label,
      zoneId,
      attempt: call.attempt,
      route: config.route,
      redact: config.redact,
      now: Date.now(),
    });
    if (decision.kind === 'done') {
      const { status, contentType, text } = decision.answer;
      const ctx = { request: call.label, status, contentType, redact: config.redact, zoneId };
      return parse(ctx, parseJsonBody(ctx, text), text);
    }
    if (decision.kind === 'fail') throw decision.error;
    call.last = decision.last;
    call.lastStatus = decision.status;
    call.lastCause = decision.cause;
    if ('error' in outcome) config.debug?.(`${progress}: ${call.last} after ${Date.now() - started} ms`);
    await waitBeforeRetry(call, decision);
  }
  throw giveUp(call);
}

/** Waits until the rate budget lets the next attempt go, and returns its slot (`undefined` when no budget applies). */
async function waitForBudget(call: RetryCall): Promise<BudgetSlot | undefined> {
  const { op } = call;
  const { budget, config } = call.transport;
  // The process is held back by a 429 past this operation's deadline: waiting for it would only time out.
  const hold = budget?.rateLimitHold();
  if (hold !== undefined && hold.until >= Date.now() + op.remainingMs()) {
    throw rateLimitedError(rateContext(call), hold.retryAfterMs, hold.until, { cause: call.lastCause });
  }
  if (budget === undefined || !budget.enabled) return undefined;
  const at = call.attempt === 0 && call.reservedAt !== undefined ? call.reservedAt : reserveAttempt(call, budget);
  const wait = at - Date.now();
  if (wait > 0) config.debug?.(`${call.label}: waiting ${wait} ms for the rate budget`);
  try {
    await sleep(wait, op.signal);
    // The time was planned from when requests went out; the window they fill ends with their answers.
    for (;;) {
      const now = Date.now();
      const start = budget.start(at, now);
      if (start.ok) return start.slot;
      if (start.retryAt !== undefined && start.retryAt > now + op.remainingMs()) {
        throw rateBudgetExceeded(rateContext(call), budget, 1, [start.retryAt], now);
      }
      await budget.waitForRoom(start.retryAt, op.signal);
    }
  } catch (error) {
    throw op.signal.aborted ? abortReason(call) : error;
  }
}

function reserveAttempt(call: RetryCall, budget: RequestBudget): number {
  const now = Date.now();
  const reservation = budget.reserve(1, now + call.op.remainingMs(), now);
  if (reservation.ok) return reservation.times[0];
  const hold = budget.rateLimitHold(now);
  if (hold !== undefined && hold.until >= reservation.times[0]) {
    throw rateLimitedError(rateContext(call), hold.retryAfterMs, hold.until);
  }
  throw rateBudgetExceeded(rateContext(call), budget, 1, reservation.times, now);
}

/** Sends one attempt within the process's cap on requests in flight; what came back, or what was thrown. */
async function send(call: RetryCall, slot: BudgetSlot | undefined): Promise<AttemptOutcome> {
  const { transport, op } = call;
  const { config } = transport;
  let release: Release | undefined;
  try {
    release = await transport.limiter.acquire(op.signal);
    transport.requestCap?.take(() => config.redact(call.label), call.zoneId);
    call.attempt++;
    op.countRequest();
    const answer = await sendOnce(transport.pool(), {
      path: call.path,
      headers: config.headers,
      timeoutMs: Math.max(1, Math.min(config.attemptTimeoutMs, op.remainingMs())),
      maxBodyBytes: config.maxBodyBytes,
      signal: op.signal,
      label: call.label,
      redact: config.redact,
    });
    return { answer };
  } catch (error) {
    return { error };
  } finally {
    // Released before any backoff sleep, so that waiting retries do not hold slots.
    release?.();
    // Dated by its end: the server counted it by then, however late it arrived (see RequestBudget).
    slot?.answered();
  }
}

/** Sleeps before the next attempt: the server's `Retry-After` or the jittered backoff. */
async function waitBeforeRetry(call: RetryCall, decision: RetryDecision & { kind: 'retry' }): Promise<void> {
  const { transport, op } = call;
  const { config } = transport;
  const { retryAfterMs, rateLimited } = decision;
  if (rateLimited && retryAfterMs !== undefined) {
    // Every later request of the process is scheduled after the wait this client honours.
    transport.budget?.noteRateLimited(retryAfterMs, Math.min(retryAfterMs, config.maxRetryAfterMs));
  }
  if (call.attempt >= call.maxAttempts) return;
  const delay = retryDelayMs(call.attempt, retryAfterMs, {
    baseMs: config.retryBaseDelayMs,
    maxMs: config.retryMaxDelayMs,
    maxRetryAfterMs: config.maxRetryAfterMs,
  });
  // The rate limit is per account: hold back every request of the process.
  if (rateLimited) transport.limiter.pause(delay);
  if (delay >= op.remainingMs()) {
    // A 429 whose wait outlasts the deadline is the rate limit's doing: say so, with the server's Retry-After.
    if (rateLimited) {
      const waitMs = retryAfterMs ?? delay;
      throw rateLimitedError(rateContext(call), waitMs, Date.now() + waitMs, { cause: call.lastCause });
    }
    call.last += `; the next retry would wait ${delay} ms, past the deadline`;
    throw deadlineError(call, call.lastCause);
  }
  config.debug?.(`${call.label}: retrying in ${delay} ms${retryAfterMs !== undefined ? ' (Retry-After)' : ''}`);
  try {
    await sleep(delay, op.signal);
  } catch {
    throw abortReason(call);
  }
}

function giveUp(call: RetryCall): RequestFailedError {
  const { attempt, lastStatus } = call;
  const { config } = call.transport;
  return new RequestFailedError(
    attempt,
    lastStatus,
    config.redact(
      `${call.label} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}; last: ${call.last}. ${giveUpAdvice(lastStatus, config.route)}`,
    ),
    { cause: call.lastCause },
  );
}

function rateContext(call: RetryCall) {
  return {
    what: call.label,
    ...(call.zoneId === undefined ? {} : { zoneId: call.zoneId }),
    deadlineMs: call.op.deadlineMs,
    remainingMs: call.op.remainingMs(),
    redact: call.transport.config.redact,
  };
}

// The operation's signal aborts for its deadline or because a sibling failed; say which.
function abortReason(call: RetryCall): unknown {
  const reason: unknown = call.op.signal.reason;
  return reason instanceof DeadlineReached ? deadlineError(call, reason) : reason;
}

function deadlineError(call: RetryCall, cause?: unknown): Error {
  const { op, attempt } = call;
  const { config, budget } = call.transport;
  // Time spent waiting out a 429 is the rate limit's doing, not the network's: say so.
  const hold = budget?.rateLimitHold();
  if (hold !== undefined && (call.lastStatus === 429 || attempt === 0)) {
    return rateLimitedError(rateContext(call), hold.retryAfterMs, hold.until, { cause });
  }
  return new DeadlineExceededError(
    op.deadlineMs,
    attempt,
    config.redact(
      `${call.label} did not finish within the ${op.deadlineMs} ms deadline after ${attempt} attempt${attempt === 1 ? '' : 's'} (last: ${call.last}). Raise the deadline (option deadlineMs or ${ENV.deadline}), or check the network path to ${config.route}.`,
    ),
    { cause },
  );
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
