import { RateBudgetExceededError } from '../errors/budget';
import { rateBudgetExceeded } from './rate-errors';
import { DeadlineExceededError } from '../errors/client';
import type { RequestBudget } from './budget';
import { abortError, DeadlineReached, type Operation } from './operation';
import { ENV } from '../settings/names';

/**
 * The listings of one batch (the zones of one synth) spend the rate budget together. Each listing fetches its
 * page 1, which tells what the rest of it costs, then waits until every listing of the batch has done the same (or
 * ended). The batch then reserves every remaining page of every zone at once, or fails every zone before any of
 * those pages is sent, so an over-budget synth does not starve the user's other jobs for the rest of the window.
 *
 * Listings whose client has no rate budget (a loopback emulator, or the budget turned off) do not wait.
 */
export class ListingBatch {
  private readonly open = new Set<BatchTicket>();
  private readonly planned: Planned[] = [];

  /** A place in the batch for one listing; take every ticket before any listing starts. */
  public ticket(): BatchTicket {
    const open = this.open;
    const ticket: BatchTicket = {
      // A ticket leaves the open set when its listing plans or leaves: it plans through the batch once at most.
      get usable() {
        return open.has(ticket);
      },
      plan: (budget, op, zoneId, pages) => this.plan(ticket, { budget, op, zoneId, pages }),
      leave: () => this.leave(ticket),
    };
    open.add(ticket);
    return ticket;
  }

  private leave(ticket: BatchTicket): void {
    if (this.open.delete(ticket)) this.decideWhenReady();
  }

  private plan(ticket: BatchTicket, entry: Omit<Planned, 'resolve' | 'reject'>): Promise<readonly number[]> {
    return new Promise((resolve, reject) => {
      if (entry.op.signal.aborted) {
        this.leave(ticket);
        reject(waitAborted(entry.op, entry.zoneId));
        return;
      }
      const planned: Planned = { ...entry, resolve, reject };
      this.planned.push(planned);
      // A listing whose deadline passes (or whose caller gives up) while it waits stops waiting, and stops counting.
      const onAbort = (): void => {
        const at = this.planned.indexOf(planned);
        if (at >= 0) this.planned.splice(at, 1);
        reject(waitAborted(entry.op, entry.zoneId));
      };
      entry.op.signal.addEventListener('abort', onAbort, { once: true });
      planned.cleanup = () => entry.op.signal.removeEventListener('abort', onAbort);
      this.open.delete(ticket);
      this.decideWhenReady();
    });
  }

  private decideWhenReady(): void {
    if (this.open.size > 0 || this.planned.length === 0) return;
    const groups = new Map<RequestBudget, Planned[]>();
    for (const p of this.planned.splice(0)) {
      p.cleanup?.();
      groups.set(p.budget, [...(groups.get(p.budget) ?? []), p]);
    }
    for (const [budget, entries] of groups) {
      reservePages(budget, entries).forEach((got, i) =>
        got instanceof RateBudgetExceededError ? entries[i].reject(got) : entries[i].resolve(got),
      );
    }
  }
}

/** One listing's place in a {@link ListingBatch}: it either plans its remaining pages there, or leaves. */
export interface BatchTicket {
  /** Whether the listing may still plan through the batch (once only: a restarted listing reserves on its own). */
  readonly usable: boolean;
  /**
   * Waits until every listing of the batch has planned or left, then returns when each of this listing's
   * `pages` may be sent (reserved in the budget), or throws {@link RateBudgetExceededError} when the batch's whole
   * need does not fit.
   */
  plan(budget: RequestBudget, op: Operation, zoneId: string, pages: number): Promise<readonly number[]>;
  /** The listing takes no (further) part: the others stop waiting for it. Idempotent. */
  leave(): void;
}

/** The pages one listing still needs. */
interface PageNeed {
  readonly op: Operation;
  readonly zoneId: string;
  readonly pages: number;
}

interface Planned extends PageNeed {
  readonly budget: RequestBudget;
  readonly resolve: (times: readonly number[]) => void;
  readonly reject: (error: unknown) => void;
  cleanup?: () => void;
}

/**
 * Reserves the pages of every listing of `needs` at once, before the earliest deadline: each gets the times of its
 * pages, or, when the whole need does not fit, the error naming it, the budget and the fix.
 */
export function reservePages(
  budget: RequestBudget,
  needs: readonly PageNeed[],
  redact: (text: string) => string = (text) => text,
): (readonly number[] | RateBudgetExceededError)[] {
  const needed = needs.reduce((n, e) => n + e.pages, 0);
  const latestAt = Math.min(...needs.map((e) => e.op.deadlineAt));
  const now = Date.now();
  const reservation = budget.reserve(needed, latestAt, now);
  if (reservation.ok) {
    let at = 0;
    return needs.map((e) => {
      at += e.pages;
      return reservation.times.slice(at - e.pages, at);
    });
  }
  const first = needs.reduce((a, b) => (b.op.deadlineAt < a.op.deadlineAt ? b : a));
  return needs.map((e) =>
    rateBudgetExceeded(
      {
        what:
          needs.length === 1
            ? `The listing of zone ${e.zoneId}`
            : `This batch (the pages after page 1 of ${needs.length} zones; page 1 of every zone of the batch is already read)`,
        zoneId: e.zoneId,
        deadlineMs: first.op.deadlineMs,
        remainingMs: latestAt - now,
        redact,
      },
      budget,
      needed,
      reservation.times,
      now,
    ),
  );
}

function waitAborted(op: Operation, zoneId: string): Error {
  if (!(op.signal.reason instanceof DeadlineReached)) return abortError(op.signal);
  return new DeadlineExceededError(
    op.deadlineMs,
    0,
    `The listing of zone ${zoneId} waited past its ${op.deadlineMs} ms deadline for page 1 of the other zones of its batch (their pages are planned together, against the rate budget). Raise the deadline (option deadlineMs or ${ENV.deadline}), or look up fewer zones per synth.`,
  );
}
