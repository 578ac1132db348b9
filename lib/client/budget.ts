import { RequestCapReachedError } from '../errors/budget';
import { sleep } from './operation';

/**
 * The process-wide request budget: every request this process sends to the API, counted against
 * Cloudflare's documented rate limits (1,200 requests per 5 minutes per user, 200 per second per IP), so
 * that a lookup which cannot finish in time fails early and clearly instead of being throttled into a
 * timeout.
 *
 * The budget is a schedule of requests, each dated. Reserving `n` requests appends the earliest `n` times that keep
 * the schedule within both sliding windows; a request then waits until its time. A sorted schedule `s` keeps at
 * most `L` requests in any window of `W` milliseconds exactly when `s[k + L] - s[k] >= W` for every `k`, which is
 * what {@link RequestBudget.schedule} enforces request by request (with {@link BUDGET_SLACK_MS} to spare).
 *
 * A server counts a request when it takes it in, somewhere between its sending and its answer: later than it was
 * sent by the network's and the server's delays, which grow on a busy machine or network (a server that, busy,
 * counts a burst of requests 500 ms after they arrive). So a request that has been answered is dated by its
 * answer, the latest moment the server can have counted it, and one still out counts as in the window until it is
 * answered. Before a request goes out, {@link RequestBudget.start} checks it against those dates and holds it back
 * while the window it would enter is still full: the schedule says when to try, the dates say whether it may go.
 * An enforcing server then sees no more than the limit in any window, whatever the jitter (docs/scale.md).
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
export interface BudgetReservation {
  /** Whether the requests were reserved; when not, none was (the last would go out after `latestAt`). */
  readonly ok: boolean;
  /** When each request may be sent, or could have been had they been reserved (epoch milliseconds, non-decreasing). */
  readonly times: readonly number[];
}

/** What {@link RequestBudget.start} decided for a request about to be sent. */
export type BudgetStart =
  | {
      /** The request may go now; it counts as in the window until {@link BudgetSlot.answered}. */
      readonly ok: true;
      /** Call when the attempt ended (answered, or failed), so that it is dated by then. */
      readonly slot: BudgetSlot;
    }
  | {
      /** The window is still full: try again at `retryAt`, or when a request out now is answered. */
      readonly ok: false;
      /** When the window frees a slot for it (epoch ms); `undefined` while that waits on a request still out. */
      readonly retryAt: number | undefined;
    };

/** A request that went out: {@link BudgetSlot.answered} dates it by the end of its attempt. */
export interface BudgetSlot {
  /** Records that the attempt ended at `now` (its answer came, or it failed). Calling it twice is harmless. */
  answered(now?: number): void;
}

/** Why the budget is held back by the server: the last 429 and its `Retry-After`. */
export interface RateLimitHold {
  /** Until when no request is scheduled (epoch milliseconds). */
  readonly until: number;
  /** The `Retry-After` the server sent, in milliseconds. */
  readonly retryAfterMs: number;
}

const SECOND_MS = 1000;
/**
 * Added to each window when scheduling and checking. Requests are dated by their answers, so arrival jitter needs
 * no slack; this covers a server that rounds the times it counts by (measured: see docs/scale.md).
 */
export const BUDGET_SLACK_MS = 250;
const SECOND_SLACK_MS = 50;

/** One request of the schedule: reserved (not sent yet), out (sent, no answer yet), or answered. */
interface Entry {
  /** Reserved: when it may be sent. Out: when it went. Answered: when its attempt ended. */
  at: number;
  state: 'reserved' | 'out' | 'answered';
}

/** A request budget against {@link RateLimits}; see the module comment. Not thread-safe across workers. */
export class RequestBudget {
  /** The limits enforced. */
  public readonly limits: RateLimits;
  private log: Entry[] = [];
  private hold: RateLimitHold | undefined;
  private readonly onAnswer = new Set<() => void>();

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
    return this.dates(now).filter((t) => t > now - this.limits.windowMs).length;
  }

  /** Requests that can still be sent in the current window without waiting (ignoring the per-second limit). */
  public available(now = Date.now()): number {
    if (this.limits.requests <= 0) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.limits.requests - this.used(now));
  }

  /** When the oldest request of the current window leaves it, freeing a slot (epoch ms; `now` when none). */
  public windowResetAt(now = Date.now()): number {
    const inWindow = this.dates(now).find((t) => t > now - this.limits.windowMs);
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
   * The earliest times `n` more requests could be sent, after every request already sent or reserved (a request
   * still out is dated no earlier than `now`). Pure with respect to the budget (nothing is reserved).
   */
  public schedule(n: number, now = Date.now()): number[] {
    const { requests, windowMs, perSecond } = this.limits;
    const log = this.dates(now);
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
   * Each reserved request must wait until its time, then pass {@link RequestBudget.start}, before it is sent.
   */
  public reserve(n: number, latestAt: number, now = Date.now()): BudgetReservation {
    const times = this.schedule(n, now);
    if (times.length > 0 && times[times.length - 1] > latestAt) return { ok: false, times };
    for (const t of times) this.log.push({ at: t, state: 'reserved' });
    return { ok: true, times };
  }

  /**
   * Lets the request reserved for `reservedAt` go now, when the requests out and those answered within a window
   * leave room for it; otherwise says when to try again. A request went out counts until its slot is answered.
   */
  public start(reservedAt: number, now = Date.now()): BudgetStart {
    this.prune(now);
    const others = this.log.filter((e) => e.state !== 'reserved');
    const hold = this.rateLimitHold(now);
    const frees = [
      hold?.until ?? now,
      freedAt(others, this.limits.requests, this.limits.windowMs + BUDGET_SLACK_MS, now),
      freedAt(others, this.limits.perSecond, SECOND_MS + SECOND_SLACK_MS, now),
    ];
    if (frees.includes(undefined)) return { ok: false, retryAt: undefined };
    const retryAt = Math.max(...(frees as number[]));
    if (retryAt > now) return { ok: false, retryAt };
    let entry = this.log.find((e) => e.state === 'reserved' && e.at === reservedAt);
    if (entry === undefined) this.log.push((entry = { at: now, state: 'reserved' }));
    const sent = entry;
    sent.state = 'out';
    sent.at = now;
    return {
      ok: true,
      slot: {
        answered: (at = Date.now()) => {
          if (sent.state !== 'out') return;
          sent.state = 'answered';
          sent.at = Math.max(sent.at, at);
          for (const wake of [...this.onAnswer]) wake();
        },
      },
    };
  }

  /** Resolves at `until` (epoch ms), or sooner when a request out is answered; rejects when `signal` aborts. */
  public async waitForRoom(until: number | undefined, signal: AbortSignal): Promise<void> {
    const answered = new AbortController();
    const wake = (): void => answered.abort();
    this.onAnswer.add(wake);
    try {
      // An hour stands for "until an answer": some answer, or the deadline, always comes first.
      const ms = until === undefined ? 3_600_000 : until - Date.now();
      await sleep(ms, AbortSignal.any([signal, answered.signal])).catch((error: unknown) => {
        if (signal.aborted) throw error;
      });
    } finally {
      this.onAnswer.delete(wake);
    }
  }

  // Each request's date as the schedule counts it, sorted: out requests no earlier than now.
  private dates(now: number): number[] {
    this.prune(now);
    return this.log.map((e) => (e.state === 'out' ? Math.max(e.at, now) : e.at)).sort((a, b) => a - b);
  }

  // Entries older than both windows cannot constrain any later request (see schedule): drop them. A request still
  // out stays whatever its age: it is counted until its answer dates it.
  private prune(now: number): void {
    const horizon = now - Math.max(this.limits.windowMs + BUDGET_SLACK_MS, SECOND_MS + SECOND_SLACK_MS);
    if (this.log.some((e) => e.state !== 'out' && e.at <= horizon)) {
      this.log = this.log.filter((e) => e.state === 'out' || e.at > horizon);
    }
  }
}

/**
 * When a request may join the requests `sent` (out or answered) under a limit of `limit` per `windowMs`: `now` when
 * there is room, else when enough answered ones have left the window, `undefined` when that needs a request out to
 * be answered first (it counts as in the window until then).
 */
function freedAt(sent: readonly Entry[], limit: number, windowMs: number, now: number): number | undefined {
  if (limit <= 0) return now;
  const answered = sent
    .filter((e) => e.state === 'answered' && e.at > now - windowMs)
    .map((e) => e.at)
    .sort((a, b) => a - b);
  const inWindow = answered.length + sent.filter((e) => e.state === 'out').length;
  if (inWindow < limit) return now;
  const mustLeave = inWindow - limit + 1;
  return mustLeave <= answered.length ? answered[mustLeave - 1] + windowMs : undefined;
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

/**
 * The most requests one client may send in all, retries included (`ClientOptions.maxRequests`): the count the
 * CLI's `refresh --max-requests` keeps, enforced where requests are sent, so a failing zone's retries stop at it.
 */
export class RequestCap {
  /** Requests sent so far, retries included. */
  public sent = 0;

  /** @param max - the cap; `undefined` for none */
  public constructor(public readonly max: number | undefined) {}

  /**
   * Counts a request about to be sent.
   *
   * @param what - the request, for the message (credentials already redacted)
   * @throws {@link RequestCapReachedError} when the cap is reached: the request must not be sent
   */
  public take(what: string, zoneId: string | undefined): void {
    if (this.max !== undefined && this.sent >= this.max) {
      throw new RequestCapReachedError(
        { zoneId, maxRequests: this.max, requestsSent: this.sent },
        `${what} was not sent: this client may send ${this.max} request${this.max === 1 ? '' : 's'} in all (maxRequests, or --max-requests), retries included, and has sent them. Raise the cap, or run again later to go on.`,
      );
    }
    this.sent += 1;
  }
}
