import type { OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings, sortMappingsByKeys } from '../model/order';
import type { ListPage } from './envelope';
import { quoteServerString } from './body';

/** A listing assembled from its pages, or what did not add up (`restart`: whether listing again may help). */
type Assembly =
  | {
      readonly ok: true;
      readonly mappings: readonly OriginCloudRegionMapping[];
      readonly totalCount: number;
      readonly pages: number;
      readonly sentOriginIps: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly reason: string; readonly restart: boolean };

/** How the server pages a listing: the size of a full page, and the pages (0 for an empty zone). */
type PageLayout =
  | { readonly ok: true; readonly size: number; readonly pages: number }
  | { readonly ok: false; readonly reason: string };

/**
 * The page size the server serves and the number of pages, read from page 1 (the size asked for plays no part:
 * Cloudflare's documented examples report the default, 20). Unless page 1 holds every mapping, it is full, so its
 * `count` is the size served: the reported `per_page` must agree, or be a default that cannot explain
 * `total_pages` (a server that reports 20 and serves 100).
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
 * Checks that `pages` (each validated, in any order) are exactly pages 1..N of one state of the zone, and returns
 * their mappings in `sortMappings` order, or the first reason they do not add up (the zone changed mid-listing
 * when `restart`).
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

interface Seen {
  readonly page: number;
  readonly sent: string;
}

/** The text the `i`-th mapping of `page` was sent as. */
const sentAt = (page: ListPage, i: number): string => page.sentTexts?.[i] ?? page.mappings[i].originIp;

function collectPages(ordered: readonly ListPage[], size: number, totalCount: number): Assembly {
  // Canonical IP → the page it first came on (a number, not an object: this runs cold, after the last answer).
  const seen = new Map<string, number>();
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
    const { mappings } = page;
    for (let i = 0; i < mappings.length; i++) {
      const ip = mappings[i].originIp;
      const before = seen.get(ip);
      if (before !== undefined)
        return duplicate(ip, firstSeen(ordered, before, ip), { page: page.page, sent: sentAt(page, i) });
      seen.set(ip, page.page);
      all.push(mappings[i]);
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

function firstSeen(ordered: readonly ListPage[], page: number, ip: string): Seen {
  const first = ordered.find((p) => p.page === page)!;
  const i = first.mappings.findIndex((m) => m.originIp === ip);
  return { page, sent: sentAt(first, i) };
}

// Sent the same way twice, the pages overlapped (listing again may help); in two notations, one origin is stored twice.
function duplicate(ip: string, first: Seen, second: Seen): Assembly {
  if (first.sent === second.sent) {
    const same =
      first.page === second.page
        ? `page ${first.page} lists it twice`
        : `page ${second.page} repeats page ${first.page}; pages overlapped`;
    return { ok: false, reason: `origin IP ${ip} appears twice (${same})`, restart: true };
  }
  return {
    ok: false,
    reason: `origin IP ${ip} is listed twice, in two notations: ${quoteServerString(first.sent)} (page ${first.page}) and ${quoteServerString(second.sent)} (page ${second.page}). One origin is stored twice: the API keeps one mapping per origin, in canonical form`,
    restart: false,
  };
}
