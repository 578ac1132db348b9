import { RequestCapReachedError } from '../errors/budget';

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
