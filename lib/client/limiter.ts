import { abortError } from './operation';
import { resolveSetting, validateInteger } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

/** Releases a slot taken with {@link RequestLimiter.acquire}. Calling it twice is harmless. */
export type Release = () => void;

/**
 * A counting semaphore for HTTP requests that can also be paused as a whole: after a 429, every request of the
 * process waits out `Retry-After`, because the rate limit is per account.
 */
export class RequestLimiter {
  public readonly cap: number;
  private active = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters: { resolve: (release: Release) => void; cleanup?: () => void }[] = [];

  public constructor(cap: number) {
    this.cap = validateInteger(cap, 'cap', 1, 1024, 'Use 64 (the default).');
  }

  public get inFlight(): number {
    return this.active;
  }

  public get waiting(): number {
    return this.waiters.length;
  }

  /** Milliseconds until a pause ends (0 when not paused). */
  public pauseRemainingMs(now = Date.now()): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Waits for a free slot (and for any pause to end), then takes it; rejects when `signal` aborts first. */
  public acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<Release>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve };
      if (signal) {
        const onAbort = (): void => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /** Stops handing out slots for `ms` milliseconds (extends a running pause, never shortens it). */
  public pause(ms: number, now = Date.now()): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.drain();
  }

  private drain(): void {
    const wait = this.pauseRemainingMs();
    if (wait > 0) {
      if (this.waiters.length > 0 && this.timer === undefined) {
        // Referenced on purpose: waiting requests must keep the process alive until the pause ends.
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
      }
      return;
    }
    while (this.active < this.cap && this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      waiter.cleanup?.();
      this.active++;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.active--;
        this.drain();
      });
    }
  }
}

/**
 * The process-wide cap by default: 64, so that the 34 pages after page 1 of a full zone all go out at once and a
 * zone costs two round trips. The rate budget, not the cap, keeps the process within Cloudflare's limits.
 */
export const DEFAULT_PROCESS_CONCURRENCY = SETTINGS.concurrency.default;

let processLimiter: RequestLimiter | undefined;

/** The one limiter of every request of this process; its cap is read from `process.env` when first used. */
export function processRequestLimiter(): RequestLimiter {
  processLimiter ??= new RequestLimiter(resolveSetting(SETTINGS.concurrency, { env: process.env }));
  return processLimiter;
}
