import type { OriginCloudRegionMapping } from '../model/mapping';
import { assembleListing, pageLayout, stateChange } from './assemble';
import { reservePages, type BatchTicket } from './batch';
import { RateBudgetExceededError } from '../errors/budget';
import { formatError } from './body';
import { mapConcurrent } from './concurrent';
import { parseListPage, type ListPage } from './envelope';
import { IncompleteListingError, ResponseFormatError } from '../errors/client';
import { ENV } from '../settings/names';
import { MAX_LISTING_RESTARTS } from './options';
import { Operation, type OperationContext } from './operation';
import { getWithRetries, type Transport } from './transport';
import { validatePage } from './validate-input';
import { warmUpOnce } from './warm-up';

/** A zone's complete mapping list. */
export interface MappingList {
  /** The zone listed. */
  readonly zoneId: string;
  /** Every mapping of the zone, origin IPs in canonical form, in `sortMappings` order. */
  readonly mappings: readonly OriginCloudRegionMapping[];
  /** `result_info.total_count` (equal to `mappings.length`). */
  readonly totalCount: number;
  /** Canonical origin IP → the text the API sent, for each IP it did not send in canonical form. */
  readonly sentOriginIps: ReadonlyMap<string, string>;
  /** Pages in the listing that was returned. */
  readonly pages: number;
  /** Mappings on a full page, as the server served them (not necessarily the `per_page` asked for). */
  readonly pageSize: number;
  /** HTTP requests sent, retries and restarted listings included. */
  readonly requests: number;
}

// Thrown inside a page batch to stop it early when a page shows the zone changed; never escapes this file.
class ZoneChanged extends Error {}

function fetchPage(
  transport: Transport,
  op: OperationContext,
  zoneId: string,
  page: number,
  perPage: number,
  reservedAt?: number,
): Promise<ListPage> {
  return getWithRetries(
    transport,
    op,
    `/zones/${zoneId}/origin/cloud_regions?page=${validatePage(page)}&per_page=${perPage}`,
    (ctx, json, text) => {
      const got = parseListPage(ctx, json, text, { page });
      if (page !== 1) return got;
      // Page 1 tells how the server pages: a report that cannot be read is this answer's fault, named with it.
      const layout = pageLayout(got);
      if (!layout.ok) throw formatError(ctx, layout.reason, text);
      return got;
    },
    zoneId,
    reservedAt,
  );
}

// The reserved times of pages 2..N: planned with the other zones of the batch (once; see `ListingBatch`), else
// reserved for this listing alone; `undefined` when no budget applies.
async function planPages(
  transport: Transport,
  op: Operation,
  zoneId: string,
  pages: number,
  ticket: BatchTicket | undefined,
): Promise<readonly number[] | undefined> {
  const budget = transport.budget;
  if (ticket?.usable && budget?.enabled) return ticket.plan(budget, op, zoneId, pages);
  ticket?.leave();
  if (budget === undefined || !budget.enabled) return undefined;
  const [times] = reservePages(budget, [{ op, zoneId, pages }], transport.config.redact);
  if (times instanceof RateBudgetExceededError) throw times;
  return times;
}

/**
 * Lists a zone completely: page 1 first, then pages 2..N concurrently, reserved in the rate budget at once (see
 * {@link planPages}). When the pages do not describe one state of the zone (it changed mid-listing), the whole
 * listing restarts, up to {@link MAX_LISTING_RESTARTS} times ({@link IncompleteListingError} after that). Inputs
 * must be validated by the caller.
 */
export async function listZone(
  transport: Transport,
  zoneId: string,
  perPage: number,
  parent?: AbortSignal,
  ticket?: BatchTicket,
): Promise<MappingList> {
  const { config } = transport;
  const op = new Operation(config.deadlineMs, parent);
  let reason = '';
  try {
    for (let run = 1; run <= MAX_LISTING_RESTARTS + 1; run++) {
      if (run > 1) config.debug?.(`zone ${zoneId}: restarting the listing (run ${run}): ${reason}`);
      const pending = fetchPage(transport, op, zoneId, 1, perPage);
      warmUpOnce(pending);
      const first = await pending;
      const pages: ListPage[] = [first];
      const layout = pageLayout(first);
      const total = layout.ok ? layout.pages : 0;
      if (total > 1) {
        // Later pages are asked for the same way as page 1, so the server pages them the same way (the SDK does too).
        const numbers = Array.from({ length: total - 1 }, (_, i) => i + 2);
        const slots = await planPages(transport, op, zoneId, numbers.length, ticket);
        try {
          const rest = await mapConcurrent(
            numbers,
            config.pageConcurrency,
            async (page, signal) => {
              const got = await fetchPage(transport, op.linked(signal), zoneId, page, perPage, slots?.[page - 2]);
              const changed = stateChange(first, got);
              if (changed !== undefined) throw new ZoneChanged(changed);
              return got;
            },
            op.signal,
          );
          pages.push(...rest);
        } catch (error) {
          if (!(error instanceof ZoneChanged)) throw error;
          reason = error.message;
          continue;
        }
      }
      ticket?.leave();
      const outcome = assembleListing(pages);
      if (outcome.ok) {
        return Object.freeze({
          zoneId,
          mappings: outcome.mappings,
          totalCount: outcome.totalCount,
          sentOriginIps: outcome.sentOriginIps,
          pages: outcome.pages,
          pageSize: layout.ok ? layout.size : perPage,
          requests: op.requests,
        });
      }
      if (!outcome.restart) {
        throw new ResponseFormatError(
          200,
          undefined,
          config.redact(
            `The listing of zone ${zoneId} cannot be used: ${outcome.reason}. Nothing was returned. This is a problem on the server or a proxy between you and it: check that ${ENV.baseUrl} points at the Cloudflare API (https://api.cloudflare.com/client/v4), and if it does, report the zone id to Cloudflare support.`,
          ),
        );
      }
      reason = outcome.reason;
    }
  } finally {
    ticket?.leave();
    op.dispose();
  }
  const runs = MAX_LISTING_RESTARTS + 1;
  throw new IncompleteListingError(
    zoneId,
    runs,
    config.redact(
      `Could not get a consistent listing of zone ${zoneId} in ${runs} tries: ${reason}. The zone's mappings were probably being edited during the listing (or the API paginates inconsistently); nothing was returned rather than a mix of two states. Retry when the edits have finished.`,
    ),
  );
}
