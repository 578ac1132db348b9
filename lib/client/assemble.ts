import type { OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings, sortMappingsByKeys } from '../model/order';
import type { ListPage } from './envelope';
import { quoteServerString } from './body';

/**
 * Pure assembly of a listing from its pages: the pages must describe one state of the zone, completely.
 * When they do not, the caller restarts the listing (the zone probably changed between pages).
 */

/** The outcome of {@link assembleListing}. */
export type Assembly =
  | {
      readonly ok: true;
      readonly mappings: readonly OriginCloudRegionMapping[];
      readonly totalCount: number;
      readonly pages: number;
      /** Canonical origin IP → the text the server sent, for the IPs it did not send in canonical form. */
      readonly sentOriginIps: ReadonlyMap<string, string>;
    }
  | {
      readonly ok: false;
      /** What did not add up. */
      readonly reason: string;
      /**
       * Whether listing again may help: `true` when the pages look like two states of the zone (it changed
       * mid-listing), `false` when the server's answer is wrong in itself (asking again gets the same answer).
       */
      readonly restart: boolean;
    };

/** How the server pages a listing, read from page 1 by {@link pageLayout}. */
export type PageLayout =
  | {
      readonly ok: true;
      /** Mappings on a full page: the size the server serves, whatever was asked. */
      readonly size: number;
      /** Pages in the listing (0 for an empty zone, whose page 1 is its only answer). */
      readonly pages: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The page size the server serves and the number of pages, read from page 1 (the size asked for plays no part:
 * Cloudflare's contract promises no echo, and its documented examples report the default, 20). When page 1 holds
 * every mapping, that is the whole listing. Otherwise page 1 is full, so its `count` is the size served: the
 * reported `per_page` must agree, or be a default that cannot explain `total_pages` (a server that reports 20
 * and serves 100); `total_pages` must be what that size makes.
 */
export function pageLayout(first: Pick<ListPage, 'count' | 'totalCount' | 'totalPages' | 'perPage'>): PageLayout {
  const { count, totalCount: total, totalPages, perPage } = first;
  const fail = (why: string): PageLayout => ({
    ok: false,
    reason: `page 1 holds ${count} of total_count ${total} mappings and reports per_page ${perPage}, total_pages ${totalPages}: ${why}`,
  });
  if (count === total) {
    // Everything is on page 1, whatever size the server pages by (the documented examples: 2 mappings, per_page 20).
    if (total === 0 ? totalPages > 1 : totalPages !== 1) return fail('it holds every mapping, so there is one page');
    return { ok: true, size: Math.max(count, perPage), pages: total === 0 ? 0 : 1 };
  }
  if (count === 0) return fail('page 1 is empty although mappings remain');
  const pages = Math.ceil(total / count);
  if (totalPages !== pages) return fail(`a full page of ${count} makes ${pages} pages`);
  if (perPage !== count && Math.ceil(total / perPage) === totalPages) {
    return fail(`page 1 holds ${count} mappings, not per_page ${perPage}, yet more pages follow`);
  }
  return { ok: true, size: count, pages };
}

/** How many items page `page` must hold when the zone has `totalCount` mappings at `perPage`. */
export function expectedPageCount(page: number, perPage: number, totalCount: number): number {
  return Math.max(0, Math.min(perPage, totalCount - (page - 1) * perPage));
}

/**
 * Checks that `pages` (each already validated on its own, in any order) are exactly pages 1..N of one state, at
 * the page size page 1 shows ({@link pageLayout}): every page reports the same per_page, total_count and
 * total_pages, every page holds the number of items those imply, no origin IP appears twice, and the items add
 * up to total_count. Returns the mappings in `sortMappings` order, or the first reason they do not add up.
 */
export function assembleListing(pages: readonly ListPage[]): Assembly {
  if (pages.length === 0) return { ok: false, reason: 'no pages were fetched', restart: true };
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  const first = ordered[0];
  const { totalCount, totalPages } = first;
  for (const page of ordered) {
    const changed = stateChange(first, page);
    if (changed !== undefined) {
      return { ok: false, reason: `${changed} (the zone changed while it was being listed)`, restart: true };
    }
  }
  const layout = first.page === 1 ? pageLayout(first) : undefined;
  if (layout !== undefined && !layout.ok) return { ok: false, reason: layout.reason, restart: false };
  const expectedPages = Math.max(1, layout?.pages ?? totalPages);
  if (layout === undefined || ordered.length !== expectedPages || ordered.some((p, i) => p.page !== i + 1)) {
    return {
      ok: false,
      reason: `expected pages 1..${expectedPages}, got pages ${ordered.map((p) => p.page).join(', ')}`,
      restart: true,
    };
  }
  return collectPages(ordered, layout.size, totalCount);
}

/** How `page` contradicts `first` about the listing's size (total_count, total_pages, per_page), if it does. */
export function stateChange(first: ListPage, page: ListPage): string | undefined {
  if (page.totalCount === first.totalCount && page.totalPages === first.totalPages && page.perPage === first.perPage) {
    return undefined;
  }
  return `page ${page.page} reports total_count ${page.totalCount} / total_pages ${page.totalPages} / per_page ${page.perPage}, but page ${first.page} reported ${first.totalCount} / ${first.totalPages} / ${first.perPage}`;
}

/** Where an origin IP was first seen: its page and the text the server sent. */
interface Seen {
  readonly page: number;
  readonly sent: string;
}

function collectPages(ordered: readonly ListPage[], size: number, totalCount: number): Assembly {
  const seen = new Map<string, Seen>();
  const all: OriginCloudRegionMapping[] = [];
  // Sort keys computed while the pages were parsed, when every page has them (pages built elsewhere may not).
  let keys: string[] | undefined = [];
  const sentOriginIps = new Map<string, string>();
  for (const page of ordered) {
    const want = expectedPageCount(page.page, size, totalCount);
    if (page.mappings.length !== want) {
      return {
        ok: false,
        reason: `page ${page.page} holds ${page.mappings.length} mappings, but total_count ${totalCount} at ${size} per page means it should hold ${want}`,
        restart: true,
      };
    }
    for (const [i, m] of page.mappings.entries()) {
      const sent = page.sentTexts?.[i] ?? m.originIp;
      const before = seen.get(m.originIp);
      if (before !== undefined) return duplicate(m.originIp, before, { page: page.page, sent });
      seen.set(m.originIp, { page: page.page, sent });
      all.push(m);
    }
    const pageKeys = page.sortKeys?.length === page.mappings.length ? page.sortKeys : undefined;
    if (pageKeys === undefined) keys = undefined;
    else keys?.push(...pageKeys);
    for (const [canonical, sent] of page.sentOriginIps ?? []) sentOriginIps.set(canonical, sent);
  }
  if (all.length !== totalCount) {
    return { ok: false, reason: `received ${all.length} mappings, but total_count is ${totalCount}`, restart: true };
  }
  const sorted = keys === undefined ? sortMappings(all) : sortMappingsByKeys(all, keys);
  return { ok: true, mappings: Object.freeze(sorted), totalCount, pages: ordered.length, sentOriginIps };
}

/**
 * An origin IP seen twice. Sent the same way twice, the pages overlapped (the zone changed between them: listing
 * again may help). Sent in two notations, it is one origin stored twice, which no re-listing changes.
 */
function duplicate(ip: string, first: Seen, second: Seen): Assembly {
  const where = (s: Seen): string => `page ${s.page}`;
  if (first.sent === second.sent) {
    const same =
      first.page === second.page
        ? `page ${first.page} lists it twice`
        : `${where(second)} repeats ${where(first)}; pages overlapped`;
    return { ok: false, reason: `origin IP ${ip} appears twice (${same})`, restart: true };
  }
  return {
    ok: false,
    reason: `origin IP ${ip} is listed twice, in two notations: ${quoteServerString(first.sent)} (${where(first)}) and ${quoteServerString(second.sent)} (${where(second)}). One origin is stored twice: the API keeps one mapping per origin, in canonical form`,
    restart: false,
  };
}
