/**
 * The process-wide request budget: every request this process sends to the API, counted against
 * Cloudflare's documented rate limits (1,200 requests per 5 minutes per user, 200 per second per IP), so
 * that a lookup which cannot finish in time fails early and clearly instead of being throttled into a
 * timeout.
 *
 * The budget is a schedule: a sorted list of the times requests were (or will be) sent. Reserving `n`
 * requests appends the earliest `n` times that keep the schedule within both sliding windows; a request
 * then waits until its time. A sorted schedule `s` keeps at most `L` requests in any window of `W`
 * milliseconds exactly when `s[k + L] - s[k] >= W` for every `k`, which is what {@link RequestBudget.schedule}
 * enforces request by request (with {@link BUDGET_SLACK_MS} to spare).
 */

/** The limits a {@link RequestBudget} enforces. `0` turns a limit off. */
export interface RateLimits {
  /** Most requests in any window of {@link RateLimits.windowMs} (Cloudflare: 1,200 per user). */
  readonly requests: number;
  /** Length of the sliding window in milliseconds (Cloudflare: 300,000, five minutes). */
  readonly windowMs: number;
  /** Most requests in any second (Cloudflare: 200 per IP). */
  readonly perSecond: number;
}

/** Cloudflare's documented limits: 1,200 requests per 5 minutes per user, 200 requests per second per IP. */
export const CLOUDFLARE_RATE_LIMITS: RateLimits = Object.freeze({ requests: 1200, windowMs: 300_000, perSecond: 200 });

/** No limits: what a client talking to a loopback emulator uses unless told otherwise. */
export const NO_RATE_LIMITS: RateLimits = Object.freeze({ requests: 0, windowMs: 300_000, perSecond: 0 });

/** What {@link RequestBudget.reserve} decided. */
export type BudgetReservation =
  | {
      /** The requests were reserved. */
      readonly ok: true;
      /** When each reserved request may be sent (epoch milliseconds, non-decreasing). */
      readonly times: readonly number[];
    }
  | {
      /** Nothing was reserved: the last request would go out after `latestAt`. */
      readonly ok: false;
      /** When the requests could be sent (epoch milliseconds), had they been reserved. */
      readonly times: readonly number[];
    };

/** Why the budget is held back by the server: the last 429 and its `Retry-After`. */
export interface RateLimitHold {
  /** Until when no request is scheduled (epoch milliseconds). */
  readonly until: number;
  /** The `Retry-After` the server sent, in milliseconds. */
  readonly retryAfterMs: number;
}

const SECOND_MS = 1000;
/**
 * Added to each window when scheduling. A request goes out a little after its time (a connection to open, a
 * slot of the process-wide cap to wait for), and the server counts arrivals: without slack, the request that
 * re-uses a slot could arrive a few milliseconds before the server has freed it.
 */
export const BUDGET_SLACK_MS = 250;
const SECOND_SLACK_MS = 50;

/** A request budget against {@link RateLimits}; see the module comment. Not thread-safe across workers. */
export class RequestBudget {
  /** The limits enforced. */
  public readonly limits: RateLimits;
  private log: number[] = [];
  private hold: RateLimitHold | undefined;

  /** @param limits - the limits to enforce (`0` turns one off) */
  public constructor(limits: RateLimits) {
    this.limits = Object.freeze({ ...limits });
  }

  /** Whether any limit is on. */
  public get enabled(): boolean {
    return this.limits.requests > 0 || this.limits.perSecond > 0;
  }

  /** Requests sent or reserved within the current window (the last `windowMs` up to now, and later ones). */
  public used(now = Date.now()): number {
    this.prune(now);
    return this.log.filter((t) => t > now - this.limits.windowMs).length;
  }

  /** Requests that can still be sent in the current window without waiting (ignoring the per-second limit). */
  public available(now = Date.now()): number {
    if (this.limits.requests <= 0) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.limits.requests - this.used(now));
  }

  /** When the oldest request of the current window leaves it, freeing a slot (epoch ms; `now` when none). */
  public windowResetAt(now = Date.now()): number {
    this.prune(now);
    const inWindow = this.log.find((t) => t > now - this.limits.windowMs);
    return inWindow === undefined ? now : inWindow + this.limits.windowMs;
  }

  /** The server's hold (a 429's `Retry-After`) while it lasts. */
  public rateLimitHold(now = Date.now()): RateLimitHold | undefined {
    return this.hold !== undefined && this.hold.until > now ? this.hold : undefined;
  }

  /**
   * Records that the server answered 429: nothing is scheduled before `now + waitMs`. `retryAfterMs` is what the
   * server asked for (kept for messages); `waitMs` is what this client honours (it may be cut).
   */
  public noteRateLimited(retryAfterMs: number, waitMs: number, now = Date.now()): void {
    const until = now + Math.max(0, waitMs);
    if (this.hold === undefined || until >= this.hold.until) this.hold = { until, retryAfterMs };
  }

  /**
   * The earliest times `n` more requests could be sent, after every request already sent or reserved.
   * Pure with respect to the budget (nothing is reserved).
   */
  public schedule(n: number, now = Date.now()): number[] {
    this.prune(now);
    const { requests, windowMs, perSecond } = this.limits;
    const log = this.log;
    const times: number[] = [];
    const at = (i: number): number => (i < log.length ? log[i] : times[i - log.length]);
    let previous = Math.max(now, this.hold?.until ?? 0, log.length > 0 ? log[log.length - 1] : 0);
    for (let j = 0; j < n; j++) {
      const k = log.length + j;
      let t = previous;
      if (requests > 0 && k - requests >= 0) t = Math.max(t, at(k - requests) + windowMs + BUDGET_SLACK_MS);
      if (perSecond > 0 && k - perSecond >= 0) t = Math.max(t, at(k - perSecond) + SECOND_MS + SECOND_SLACK_MS);
      times.push(t);
      previous = t;
    }
    return times;
  }

  /**
   * Reserves `n` requests when all of them can be sent by `latestAt` (epoch ms); otherwise reserves none.
   * Each reserved request must wait until its time before it is sent.
   */
  public reserve(n: number, latestAt: number, now = Date.now()): BudgetReservation {
    const times = this.schedule(n, now);
    if (times.length > 0 && times[times.length - 1] > latestAt) return { ok: false, times };
    for (const t of times) this.log.push(t);
    return { ok: true, times };
  }

  // Entries older than both windows cannot constrain any later request (see schedule): drop them.
  private prune(now: number): void {
    const horizon = now - Math.max(this.limits.windowMs + BUDGET_SLACK_MS, SECOND_MS + SECOND_SLACK_MS);
    let drop = 0;
    while (drop < this.log.length && this.log[drop] <= horizon) drop++;
    if (drop > 0) this.log = this.log.slice(drop);
  }
}

const budgets = new Map<string, RequestBudget>();

/**
 * The budget shared by every client of this process that uses the same limits (one account per process is
 * the common case; Cloudflare counts per user, and per IP for the per-second limit).
 */
export function processRequestBudget(limits: RateLimits): RequestBudget {
  const key = `${limits.requests}/${limits.windowMs}/${limits.perSecond}`;
  let budget = budgets.get(key);
  if (budget === undefined) {
    budget = new RequestBudget(limits);
    budgets.set(key, budget);
  }
  return budget;
}
