import { isPseudoRegion } from '../model/pseudo-regions';
import { ipSortKey } from '../model/ip';
import { compareCodeUnits, sortMappingsByKeys } from '../model/order';
import { placementOf } from '../model/mapping';
import {
  hostSource,
  type ClassifyCoverage,
  type CoverageOrigin,
  type HostnameOrigin,
  type MixedPool,
  type OrphanedMapping,
  type PlacementLookup,
  type UnknownOrigin,
  type UnmappedOrigin,
} from './types';

/**
 * Cloud load balancers and fronts whose addresses change over time, by the end of their hostnames: an IP mapping
 * made for an address they answer today goes stale. AWS documents that ELB addresses change (use the DNS name,
 * never the IP); CloudFront, Global Accelerator, Front Door and Cloud Run answer anycast or rotating addresses that
 * no IP mapping can locate. Load balancers with static IPs (Google's and Oracle's regional ones) are not listed.
 */
const CHANGING_ADDRESSES: readonly { readonly suffix: string; readonly name: string }[] = [
  { suffix: '.elb.amazonaws.com', name: 'aws-elb' },
  { suffix: '.elb.amazonaws.com.cn', name: 'aws-elb' },
  { suffix: '.cloudfront.net', name: 'aws-cloudfront' },
  { suffix: '.awsglobalaccelerator.com', name: 'aws-global-accelerator' },
  { suffix: '.azurefd.net', name: 'azure-front-door' },
  { suffix: '.trafficmanager.net', name: 'azure-traffic-manager' },
  { suffix: '.run.app', name: 'gcp-cloud-run' },
  { suffix: '.appspot.com', name: 'gcp-app-engine' },
];

/** Which changing-address load balancer a hostname is (see the table above), or `null`. */
export function changingAddressesOf(hostname: string): string | null {
  return CHANGING_ADDRESSES.find((c) => hostname.endsWith(c.suffix))?.name ?? null;
}

/** The one placement to suggest: exactly one feed location, with a real region (what `locate` suggests). */
function suggestion(published: readonly string[], regions: readonly string[]): string | null {
  return published.length === 1 && !isPseudoRegion(regions[0]) ? published[0] : null;
}

/** Every IP origin, resolved hostname addresses included (with a `host:<name>` source); sources stay sorted. */
function ipOrigins(origins: readonly CoverageOrigin[]): Map<string, readonly string[]> {
  const byIp = new Map<string, readonly string[]>();
  const add = (ip: string, sources: readonly string[]): void => {
    const had = byIp.get(ip);
    byIp.set(ip, had === undefined ? sources : [...new Set([...had, ...sources])].sort());
  };
  for (const o of origins) {
    if (o.kind === 'ip') add(o.address, o.sources);
    else for (const ip of o.resolved ?? []) add(ip, [hostSource(o.address)]);
  }
  return byIp;
}

function mixedPools(
  pools: readonly { readonly name: string; readonly addresses: readonly string[] }[],
  placementOfIp: (ip: string) => string | null,
): MixedPool[] {
  return pools.flatMap((pool) => {
    const placements = new Set<string>();
    for (const a of pool.addresses) {
      const p = placementOfIp(a);
      if (p !== null) placements.add(p);
    }
    return placements.size > 1 ? [{ pool: pool.name, placements: [...placements].sort() }] : [];
  });
}

/**
 * Classifies a zone's origins against its mappings and the IP range feeds. Pure: the same origins, mappings and
 * feeds always give the same report, every list sorted (IPs in `compareIps` order, names in code-unit order).
 *
 * - An origin IP with a mapping counts as `mapped` (whether the mapping is true is verification's question).
 * - Without one, it is `unmapped` with the feed's placement as `suggested` when exactly one feed location with a
 *   real region lists it, else `unknown` with what the feeds list (nothing, `global`, `unknown`, or several).
 * - A mapping whose IP is no origin is `orphaned`. While a source is `missing`, some may be origins of it.
 * - A pool is mixed when its origins place (by mapping, else by the feeds' suggestion) in more than one region.
 */
export const classifyCoverage: ClassifyCoverage = (origins, mappings, place: PlacementLookup) => {
  const byIp = ipOrigins(origins.origins);
  const mappingOf = new Map(mappings.map((m) => [m.originIp, placementOf(m)]));
  const suggested = new Map<string, string | null>();
  const unmapped: UnmappedOrigin[] = [];
  const unknown: UnknownOrigin[] = [];
  let mapped = 0;
  const ips = [...byIp.keys()];
  for (const ip of sortMappingsByKeys(ips, ips.map(ipSortKey))) {
    const sources = byIp.get(ip)!;
    if (mappingOf.has(ip)) {
      mapped++;
      continue;
    }
    const locations = place(ip);
    const published = locations.map(placementOf);
    const suggestion_ = suggestion(
      published,
      locations.map((l) => l.region),
    );
    suggested.set(ip, suggestion_);
    if (suggestion_ !== null) unmapped.push({ ip, sources, suggested: suggestion_ });
    else unknown.push({ ip, sources, published });
  }
  const left = mappings.filter((m) => !byIp.has(m.originIp));
  const orphaned: OrphanedMapping[] = sortMappingsByKeys(
    left.map((m) => ({ ip: m.originIp, mapping: placementOf(m) })),
    left.map((m) => ipSortKey(m.originIp)),
  );
  const hostnames: HostnameOrigin[] = origins.origins
    .filter((o) => o.kind === 'hostname')
    .map((o) => ({
      name: o.address,
      sources: o.sources,
      changingAddresses: changingAddressesOf(o.address),
      ...(o.resolved === undefined ? {} : { resolved: o.resolved }),
    }))
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  return {
    zoneId: origins.zoneId,
    unmapped,
    unknown,
    orphaned,
    hostnames,
    mapped,
    mixedPools: mixedPools(origins.pools, (ip) => mappingOf.get(ip) ?? suggested.get(ip) ?? null),
    missing: origins.missing,
  };
};
