import { ipSortKey } from './ip';
import type { OriginCloudRegionMapping } from './mapping';

/**
 * Returns the mappings in this package's one documented order: by origin IP, every IPv4
 * address first in numeric order, then every IPv6 address in numeric order.
 * The input is not changed. Output never depends on the order the server used.
 */
export function sortMappings<T extends Pick<OriginCloudRegionMapping, 'originIp'>>(mappings: readonly T[]): T[] {
  // Keys are computed once per item: a 3,500-item sort would otherwise parse ~80,000 addresses.
  return sortMappingsByKeys(
    mappings,
    mappings.map((m) => ipSortKey(m.originIp)),
  );
}

/**
 * {@link sortMappings} with the keys already at hand: `keys[i]` must be `ipSortKey(mappings[i].originIp)`
 * (a parser that canonicalizes each IP can compute both from one parse).
 */
export function sortMappingsByKeys<T>(mappings: readonly T[], keys: readonly string[]): T[] {
  const order = Array.from({ length: mappings.length }, (_, i) => i);
  order.sort((a, b) => compareCodeUnits(keys[a], keys[b]));
  return order.map((i) => mappings[i]);
}

/**
 * The one string order of this package: by UTF-16 code unit, as `Array.prototype.sort` sorts strings, never
 * by locale (which would make outputs depend on the machine). For sorting ids, vendors, regions, keys.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
