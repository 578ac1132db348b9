import { compareIps } from './ip';
import type { OriginCloudRegionMapping } from './mapping';

/**
 * Returns the mappings in this package's one documented order: by origin IP, every IPv4
 * address first in numeric order, then every IPv6 address in numeric order.
 * The input is not changed. Output never depends on the order the server used.
 */
export function sortMappings<T extends Pick<OriginCloudRegionMapping, 'originIp'>>(mappings: readonly T[]): T[] {
  return [...mappings].sort((a, b) => compareIps(a.originIp, b.originIp));
}
