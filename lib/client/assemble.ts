import type { OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings, sortMappingsByKeys } from '../model/order';
import type { ListPage } from './envelope';

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
  | { readonly ok: false; readonly reason: string };

/** How many items page `page` must hold when the zone has `totalCount` mappings at `perPage`. */
export function expectedPageCount(page: number, perPage: number, totalCount: number): number {
  return Math.max(0, Math.min(perPage, totalCount - (page - 1) * perPage));
}

/**
 * Checks that `pages` (each already validated on its own, in any order) are exactly pages 1..N of one
 * state: every page reports the same total_count and total_pages, every page holds the number of items
 * those totals imply, no origin IP appears twice, and the items add up to total_count. Returns the
 * mappings in `sortMappings` order, or the first reason they do not add up.
 */
export function assembleListing(pages: readonly ListPage[], perPage: number): Assembly {
  if (pages.length === 0) return { ok: false, reason: 'no pages were fetched' };
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  const first = ordered[0];
  const { totalCount, totalPages } = first;
  const expectedPages = Math.max(1, totalPages);
  for (const page of ordered) {
    if (page.perPage !== perPage)
      return { ok: false, reason: `page ${page.page} was fetched with per_page ${page.perPage}, not ${perPage}` };
    if (page.totalCount !== totalCount || page.totalPages !== totalPages) {
      return {
        ok: false,
        reason: `page ${page.page} reports total_count ${page.totalCount} / total_pages ${page.totalPages}, but page ${first.page} reported ${totalCount} / ${totalPages} (the zone changed while it was being listed)`,
      };
    }
  }
  if (ordered.length !== expectedPages || ordered.some((p, i) => p.page !== i + 1)) {
    return {
      ok: false,
      reason: `expected pages 1..${expectedPages}, got pages ${ordered.map((p) => p.page).join(', ')}`,
    };
  }
  const seen = new Set<string>();
  const all: OriginCloudRegionMapping[] = [];
  // Sort keys computed while the pages were parsed, when every page has them (pages built elsewhere may not).
  let keys: string[] | undefined = [];
  const sentOriginIps = new Map<string, string>();
  for (const page of ordered) {
    const want = expectedPageCount(page.page, perPage, totalCount);
    if (page.mappings.length !== want) {
      return {
        ok: false,
        reason: `page ${page.page} holds ${page.mappings.length} mappings, but total_count ${totalCount} at per_page ${perPage} means it should hold ${want}`,
      };
    }
    for (const m of page.mappings) {
      if (seen.has(m.originIp)) {
        return {
          ok: false,
          reason: `origin IP ${m.originIp} appears twice (page ${page.page} repeats it; pages overlapped)`,
        };
      }
      seen.add(m.originIp);
      all.push(m);
    }
    const pageKeys = page.sortKeys?.length === page.mappings.length ? page.sortKeys : undefined;
    if (pageKeys === undefined) keys = undefined;
    else keys?.push(...pageKeys);
    for (const [canonical, sent] of page.sentOriginIps ?? []) sentOriginIps.set(canonical, sent);
  }
  if (all.length !== totalCount) {
    return { ok: false, reason: `received ${all.length} mappings, but total_count is ${totalCount}` };
  }
  const sorted = keys === undefined ? sortMappings(all) : sortMappingsByKeys(all, keys);
  return { ok: true, mappings: Object.freeze(sorted), totalCount, pages: ordered.length, sentOriginIps };
}
