/**
 * The lifetime of one operation (for example a whole listing): an overall deadline, a shared abort
 * signal, and a count of the HTTP requests it sent.
 */

/** Why an operation's signal aborted when its deadline passed. */
export class DeadlineReached extends Error {
  public constructor(public readonly deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms reached`);
    this.name = 'DeadlineReached';
  }
}

/** What a request needs to know about the operation it belongs to. */
export interface OperationContext {
  /** The operation's overall deadline (for messages). */
  readonly deadlineMs: number;
  /** Aborts when the deadline passes or the work is cancelled. */
  readonly signal: AbortSignal;
  /** Milliseconds left before the deadline. */
  remainingMs(): number;
  /** Records that one HTTP request was sent. */
  countRequest(): void;
}

/** One operation: deadline, abort signal and request count. Call {@link Operation.dispose} when done. */
export class Operation implements OperationContext {
  /** When the deadline passes (epoch milliseconds). */
  public readonly deadlineAt: number;
  /** Aborts when the deadline passes or the parent signal aborts. */
  public readonly signal: AbortSignal;
  /** HTTP requests sent so far (retries included). */
  public requests = 0;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  /**
   * @param deadlineMs - overall time allowed
   * @param parent - aborting it aborts this operation too (for example a sibling zone failed)
   */
  public constructor(
    public readonly deadlineMs: number,
    parent?: AbortSignal,
  ) {
    this.deadlineAt = Date.now() + deadlineMs;
    this.timer = setTimeout(() => this.controller.abort(new DeadlineReached(deadlineMs)), deadlineMs);
    this.signal = parent ? AbortSignal.any([this.controller.signal, parent]) : this.controller.signal;
  }

  /** Milliseconds left before the deadline. */
  public remainingMs(): number {
    return this.deadlineAt - Date.now();
  }

  /** Records that one HTTP request was sent. */
  public countRequest(): void {
    this.requests++;
  }

  /** The same operation, also cancelled by `signal` (for example when a sibling page failed). */
  public linked(signal: AbortSignal): OperationContext {
    const combined = AbortSignal.any([this.signal, signal]);
    return {
      deadlineMs: this.deadlineMs,
      signal: combined,
      remainingMs: () => this.remainingMs(),
      countRequest: () => this.countRequest(),
    };
  }

  /** Stops the deadline timer. */
  public dispose(): void {
    clearTimeout(this.timer);
  }
}

/** An abort reason as an Error (reasons set by this package always are; a foreign one is wrapped). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
