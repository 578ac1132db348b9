import type { ApiMapping } from '../model/mapping';
import { canonicalIp, isIp } from '../model/ip';
import { InvalidInputError } from '../errors';

/** Cloudflare's per-zone maximum of IP mappings (403 code 1164 beyond it). */
export const MAX_MAPPINGS_PER_ZONE = 3500;

/** How the list endpoint orders a zone's mappings. */
export type ListOrder = 'hashed' | 'insertion';

/**
 * One zone's mappings, keyed by canonical IP, plus the order the list endpoint serves them in.
 * The order is never IP order, so clients that rely on the server's order get caught.
 */
export class ZoneMappings {
  private readonly byIp = new Map<string, ApiMapping>();
  private ordered: ApiMapping[] | undefined;

  /**
   * @param order - `hashed` (stable pseudo-random by IP) or `insertion` (Map order, new IPs last)
   * @param tieredCache - whether Tiered Cache is on (off → `supported_regions` fails)
   */
  public constructor(
    private readonly order: ListOrder,
    public tieredCache = true,
  ) {}

  /** Number of mappings. */
  public get size(): number {
    return this.byIp.size;
  }

  /** Replaces every mapping; IPs must be valid and unique once canonicalized. */
  public replaceAll(mappings: readonly ApiMapping[]): void {
    const next = new Map<string, ApiMapping>();
    for (const m of mappings) {
      const stored = normalize(m);
      if (next.has(stored.origin_ip)) {
        throw new InvalidInputError(
          'mappings',
          `origin_ip ${m.origin_ip} appears twice (canonical ${stored.origin_ip}). Give each IP once per zone.`,
        );
      }
      next.set(stored.origin_ip, stored);
    }
    this.byIp.clear();
    for (const [ip, m] of next) this.byIp.set(ip, m);
    this.ordered = undefined;
  }

  /** Adds or replaces one mapping (by canonical IP) and returns what was stored. */
  public upsert(mapping: ApiMapping): ApiMapping {
    const stored = normalize(mapping);
    this.byIp.set(stored.origin_ip, stored);
    this.ordered = undefined;
    return stored;
  }

  /** Removes the mapping of `ip` (any spelling); returns it, or `undefined` when there was none. */
  public remove(ip: string): ApiMapping | undefined {
    if (!isIp(ip)) return undefined;
    const key = canonicalIp(ip);
    const found = this.byIp.get(key);
    if (found) {
      this.byIp.delete(key);
      this.ordered = undefined;
    }
    return found;
  }

  /** The mapping of `ip` (any spelling), if any. */
  public get(ip: string): ApiMapping | undefined {
    return isIp(ip) ? this.byIp.get(canonicalIp(ip)) : undefined;
  }

  /** Whether `ip` (canonical) has a mapping. */
  public has(canonical: string): boolean {
    return this.byIp.has(canonical);
  }

  /** All mappings in list order (copies). */
  public list(): ApiMapping[] {
    return this.inListOrder().map((m) => ({ ...m }));
  }

  /**
   * The mappings at list positions `start` to `end` (exclusive), copies: one page. Copies only the
   * page, so serving 35 pages of a 3,500-mapping zone does not copy the whole zone 35 times.
   */
  public slice(start: number, end: number): ApiMapping[] {
    return this.inListOrder()
      .slice(start, end)
      .map((m) => ({ ...m }));
  }

  // The list order, computed once per change of the zone.
  private inListOrder(): readonly ApiMapping[] {
    if (!this.ordered) {
      const all = [...this.byIp.values()];
      if (this.order === 'hashed') {
        const keyed = all.map((m) => [fnv1a(m.origin_ip), m] as const);
        keyed.sort((a, b) => a[0] - b[0] || (a[1].origin_ip < b[1].origin_ip ? -1 : 1));
        this.ordered = keyed.map(([, m]) => m);
      } else {
        this.ordered = all;
      }
    }
    return this.ordered;
  }
}

function normalize(m: ApiMapping): ApiMapping {
  if (typeof m?.origin_ip !== 'string' || !isIp(m.origin_ip)) {
    throw new InvalidInputError(
      'mappings',
      `origin_ip ${JSON.stringify(m?.origin_ip)} is not an IP address. Use IPv4 or IPv6 literals.`,
    );
  }
  if (typeof m.vendor !== 'string' || typeof m.region !== 'string') {
    throw new InvalidInputError('mappings', `mapping for ${m.origin_ip} needs string vendor and region. Add them.`);
  }
  const out: ApiMapping = { origin_ip: canonicalIp(m.origin_ip, 'origin_ip'), vendor: m.vendor, region: m.region };
  if (m.modified_on !== undefined) out.modified_on = m.modified_on;
  return out;
}

// FNV-1a: cheap, stable, and spreads neighbouring IPs far apart, which is what a "not IP order" needs.
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
