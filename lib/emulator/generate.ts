import type { ApiMapping } from '../model/mapping';
import { canonicalIp } from '../model/ip';
import { InvalidInputError } from '../errors';
import { defaultSupportedRegions } from './supported-regions';

/** mulberry32: a tiny seeded PRNG; good enough for test data, and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VENDOR_WEIGHTS: [string, number][] = [
  ['aws', 0.4],
  ['azure', 0.25],
  ['gcp', 0.25],
  ['oci', 0.1],
];
// 2025-01-01T00:00:00Z; timestamps fall in the year after it.
const EPOCH_MS = Date.UTC(2025, 0, 1);
const YEAR_S = 365 * 24 * 3600;

/**
 * `count` valid, unique mappings, the same for the same `(count, seed)` on every machine.
 *
 * About a quarter are IPv4 from 192.0.2.0/24 and 203.0.113.0/24 (documentation ranges), a third
 * IPv4 from 10.0.0.0/8 and 172.16.0.0/12, the rest IPv6 in 2001:db8::/32. 198.51.100.0/24 is never
 * generated, so tests can add mappings from it without colliding. Vendors are weighted like a real
 * fleet (aws 40 %, azure and gcp 25 %, oci 10 %), and the first four mappings cover all four;
 * regions come from {@link defaultSupportedRegions}, so every mapping passes its validation.
 * `modified_on` is a whole second in 2025. IPs are canonical; the order is the generation order
 * (random, not sorted).
 *
 * @throws {@link InvalidInputError} when `count` is not a non-negative integer
 */
export function generateMappings(count: number, seed = 1): ApiMapping[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidInputError('count', `count must be a non-negative integer, got ${count}. Pass 0 or more.`);
  }
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const regions = defaultSupportedRegions().vendors;
  const firstVendors = shuffle(['aws', 'azure', 'gcp', 'oci'], int);
  const seen = new Set<string>();
  const out: ApiMapping[] = [];
  while (out.length < count) {
    const text = randomIp(random, int);
    // IPv4 text is generated canonical; only IPv6 needs RFC 5952 (zero runs), and parsing is the slow part.
    const ip = text.includes(':') ? canonicalIp(text) : text;
    if (seen.has(ip)) continue;
    seen.add(ip);
    const vendor = out.length < firstVendors.length ? firstVendors[out.length] : weighted(random());
    const choices = regions[vendor] ?? [];
    const region = (choices[int(choices.length)] as { name: string }).name;
    const modified = new Date(EPOCH_MS + int(YEAR_S) * 1000).toISOString().replace('.000Z', 'Z');
    out.push({ origin_ip: ip, vendor, region, modified_on: modified });
  }
  return out;
}

function shuffle<T>(items: T[], int: (n: number) => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function weighted(r: number): string {
  let acc = 0;
  for (const [vendor, weight] of VENDOR_WEIGHTS) {
    acc += weight;
    if (r < acc) return vendor;
  }
  return 'aws';
}

function randomIp(random: () => number, int: (n: number) => number): string {
  const r = random();
  if (r < 0.25) return `${random() < 0.5 ? '192.0.2' : '203.0.113'}.${1 + int(254)}`;
  if (r < 0.45) return `10.${int(256)}.${int(256)}.${1 + int(254)}`;
  if (r < 0.6) return `172.${16 + int(16)}.${int(256)}.${1 + int(254)}`;
  // Mostly short, realistic-looking addresses (…::1a2b) with some fully random ones.
  const groups = ['2001', 'db8', hex16(int), hex16(int)];
  if (random() < 0.5) return `${groups.join(':')}::${hex16(int)}`;
  return [...groups, hex16(int), hex16(int), hex16(int), hex16(int)].join(':');
}

function hex16(int: (n: number) => number): string {
  return int(0x10000).toString(16);
}
