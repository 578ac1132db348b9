import { parseListPage } from './envelope';

/*
 * While page 1 of a process's first listing is on its way, the page checks run on made-up pages. Why: the checks
 * (envelope, values, IP parsing, canonical text and sort keys) are cold code in a fresh process, and a whole-process
 * `list` of 35 pages spends its second round trip checking pages one after another on the one thread: run cold they
 * cost about twice what they cost compiled. The first round trip leaves the thread idle for a latency, so the engine
 * compiles them there. Measured (docs/performance.md): whole-process `list` of 3,500 mappings at 100 ms, 606 → 565 ms
 * (paired medians). The made-up pages pass the plain checks (zod never loads for them), run one per turn of the event loop so
 * an answer never waits behind more than one, stop when page 1 is in, and touch nothing but the engine's caches.
 * test/client/warm-up.test.ts fails when the engine no longer compiles the checks during the warm-up.
 */

/** Made-up pages checked at most, one per turn of the event loop: as many as a zone at Cloudflare's cap holds. */
export const WARM_UP_PAGES = 35;

const PER_PAGE = 100;
const PLACES = [
  ['aws', 'us-east-1'],
  ['gcp', 'europe-west1'],
  ['azure', 'westeurope'],
  ['oci', 'us-ashburn-1'],
] as const;
const CONTEXT = { request: 'warm-up', status: 200, contentType: 'application/json', redact: (t: string) => t };

/**
 * Page `n` of the made-up listing, as the API sends one: a mix of IPv4 and IPv6 origins (compressed and full, as
 * users enter them), the four vendors, and `modified_on` dates. Documentation addresses only (RFC 5737, RFC 3849).
 */
export function madeUpPage(n: number): Record<string, unknown> {
  const result = [];
  for (let i = 0; i < PER_PAGE; i++) {
    const k = n * PER_PAGE + i;
    const [vendor, region] = PLACES[k % PLACES.length];
    const hex = (k * 40_503).toString(16).slice(-4);
    const origins = [
      `192.0.2.${k % 256}`,
      `2001:db8:${hex}::${(k % 4096).toString(16)}`,
      `198.51.100.${(k * 7) % 256}`,
      `2001:db8:${hex}:${(k % 997).toString(16)}:1:2:${(k % 256).toString(16)}:${hex}`,
    ];
    result.push({
      origin_ip: origins[k % origins.length],
      vendor,
      region,
      modified_on: `2025-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}T06:06:03Z`,
    });
  }
  return {
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: { page: 1, per_page: PER_PAGE, count: PER_PAGE, total_count: PER_PAGE, total_pages: 1 },
  };
}

function checkMadeUpPage(n: number): void {
  parseListPage(CONTEXT, madeUpPage(n), '', { page: 1 });
}

/**
 * Checks made-up pages, one per turn of the event loop, until `pending` settles or `pages` were checked. A check
 * that throws ends the warm-up quietly (it only ever costs time). Resolves with the pages checked.
 */
export function warmUpWhile(
  pending: Promise<unknown>,
  pages = WARM_UP_PAGES,
  check: (n: number) => void = checkMadeUpPage,
): Promise<number> {
  let settled = false;
  const stop = (): void => void (settled = true);
  pending.then(stop, stop);
  return new Promise((resolve) => {
    let done = 0;
    const next = (): void => {
      if (settled || done >= pages) return resolve(done);
      try {
        check(done);
      } catch {
        return resolve(done);
      }
      done++;
      setImmediate(next);
    };
    setImmediate(next);
  });
}

let warmedUp = false;

/** {@link warmUpWhile} the first time a process calls it (true); later calls do nothing (false). */
export function warmUpOnce(pending: Promise<unknown>): boolean {
  if (warmedUp) return false;
  warmedUp = true;
  void warmUpWhile(pending);
  return true;
}
