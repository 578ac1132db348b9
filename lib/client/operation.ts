/** Why an operation's signal aborted when its deadline passed. */
export class DeadlineReached extends Error {
  public constructor(public readonly deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms reached`);
    this.name = 'DeadlineReached';
  }
}

/** What a request needs to know about the operation it belongs to. */
export interface OperationContext {
  readonly deadlineMs: number;
  /** Aborts when the deadline passes or the work is cancelled. */
  readonly signal: AbortSignal;
  remainingMs(): number;
  countRequest(): void;
}

/** One operation (a whole listing): deadline, abort signal and request count. Call `dispose` when done. */
export class Operation implements OperationContext {
  /** Epoch milliseconds. */
  public readonly deadlineAt: number;
  public readonly signal: AbortSignal;
  public requests = 0;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  public constructor(
    public readonly deadlineMs: number,
    parent?: AbortSignal,
  ) {
    this.deadlineAt = Date.now() + deadlineMs;
    this.timer = setTimeout(() => this.controller.abort(new DeadlineReached(deadlineMs)), deadlineMs);
    this.signal = parent ? AbortSignal.any([this.controller.signal, parent]) : this.controller.signal;
  }

  public remainingMs(): number {
    return this.deadlineAt - Date.now();
  }

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
