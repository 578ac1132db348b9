import { RequestCapReachedError } from '../errors/budget';
import { sleep } from './operation';

/*
 * The process-wide request budget: every request this process sends, counted against Cloudflare's documented
 * limits (1,200 per 5 minutes per user, 200 per second per IP), so that a lookup which cannot finish in time fails
 * early and clearly instead of being throttled into a timeout.
 *
 * A sorted schedule `s` keeps at most `L` requests in any window of `W` ms exactly when `s[k + L] - s[k] >= W`
 * for every `k`; {@link RequestBudget.schedule} enforces that request by request. A server counts a request
 * somewhere between its sending and its answer (one seen counting a burst 500 ms after arrival), so an answered
 * request is dated by its answer, and one still out counts as in the window until then: the schedule says when
 * to try, {@link RequestBudget.start} whether the window has room. An enforcing server then sees no more than
 * the limit in any window, whatever the jitter (docs/scale.md).
 */

/** The limits a {@link RequestBudget} enforces. `0` turns a limit off. */
export interface RateLimits {
  /** Most requests in any window of {@link RateLimits.windowMs}. */
  readonly requests: number;
  /** Length of the sliding window in milliseconds. */
  readonly windowMs: number;
  /** Most requests in any second. */
  readonly perSecond: number;
}

/** What {@link RequestBudget.start} decided: go now, or retry at `retryAt` (`undefined`: when a request out is answered). */
type BudgetStart = { readonly ok: true; readonly slot: BudgetSlot } | { readonly ok: false; readonly retryAt?: number };

/** A request that went out: `answered` dates it by the end of its attempt, answered or failed (twice is harmless). */
export interface BudgetSlot {
  answered(now?: number): void;
}

/** The server's hold: the last 429 and its `Retry-After` (ms), honoured until `until` (epoch ms). */
interface RateLimitHold {
  readonly until: number;
  readonly retryAfterMs: number;
}

const SECOND_MS = 1000;
/** Added to each window: covers a server that rounds the times it counts by (measured: see docs/scale.md). */
export const BUDGET_SLACK_MS = 250;
const SECOND_SLACK_MS = 50;

/** One request of the schedule; `at`: when it may be sent, went, or ended, by its state. */
interface Entry {
  at: number;
  state: 'reserved' | 'out' | 'answered';
}

/** A request budget against {@link RateLimits}; see the module comment. Not thread-safe across workers. */
export class RequestBudget {
  public readonly limits: RateLimits;
  private log: Entry[] = [];
  private hold: RateLimitHold | undefined;
  private readonly onAnswer = new Set<() => void>();

  public constructor(limits: RateLimits) {
    this.limits = Object.freeze({ ...limits });
  }

  public get enabled(): boolean {
    return this.limits.requests > 0 || this.limits.perSecond > 0;
  }

  /** Requests sent or reserved within the current window (the last `windowMs`, and later ones). */
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

  /** Records a 429: nothing is scheduled before `now + waitMs` (what this client honours of `retryAfterMs`). */
  public noteRateLimited(retryAfterMs: number, waitMs: number, now = Date.now()): void {
    const until = now + Math.max(0, waitMs);
    if (this.hold === undefined || until >= this.hold.until) this.hold = { until, retryAfterMs };
  }

  /** The earliest times `n` more requests could be sent, after every one sent or reserved; reserves nothing. */
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

  /** Reserves `n` requests when all of them can be sent by `latestAt` (epoch ms), else none; `times`: when each may go. */
  public reserve(n: number, latestAt: number, now = Date.now()): { readonly ok: boolean; readonly times: number[] } {
    const times = this.schedule(n, now);
    if (times.length > 0 && times[times.length - 1] > latestAt) return { ok: false, times };
    for (const t of times) this.log.push({ at: t, state: 'reserved' });
    return { ok: true, times };
  }

  /** Lets the request reserved for `reservedAt` go now when the window has room; else says when to try again. */
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

  // Entries older than both windows cannot constrain a later request. One still out stays until its answer dates it.
  private prune(now: number): void {
    const horizon = now - Math.max(this.limits.windowMs + BUDGET_SLACK_MS, SECOND_MS + SECOND_SLACK_MS);
    if (this.log.some((e) => e.state !== 'out' && e.at <= horizon)) {
      this.log = this.log.filter((e) => e.state === 'out' || e.at > horizon);
    }
  }
}

// When a request may join `sent` under `limit` per `windowMs`; `undefined` while that waits on a request still out.
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

/** The budget shared by every client of this process with the same limits (one account per process is usual). */
export function processRequestBudget(limits: RateLimits): RequestBudget {
  const key = `${limits.requests}/${limits.windowMs}/${limits.perSecond}`;
  const budget = budgets.get(key) ?? new RequestBudget(limits);
  budgets.set(key, budget);
  return budget;
}

/** The most requests one client may send in all, retries included (`ClientOptions.maxRequests`). */
export class RequestCap {
  public sent = 0;

  public constructor(public readonly max: number | undefined) {}

  /**
   * Counts a request about to be sent, or throws {@link RequestCapReachedError}: it must not be sent. `what` names it
   * in that error, and is only called then (redacting a label costs every request of a listing otherwise).
   */
  public take(what: () => string, zoneId: string | undefined): void {
    if (this.max !== undefined && this.sent >= this.max) {
      throw new RequestCapReachedError(
        { zoneId, maxRequests: this.max, requestsSent: this.sent },
        `${what()} was not sent: this client may send ${this.max} request${this.max === 1 ? '' : 's'} in all (maxRequests, or --max-requests), retries included, and has sent them. Raise the cap, or run again later to go on.`,
      );
    }
    this.sent += 1;
  }
}
