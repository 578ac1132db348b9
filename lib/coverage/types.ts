import type { PublishedLocation } from '../ipranges/verdict';
import type { OriginCloudRegionMapping } from '../model/mapping';

/**
 * Coverage (issue #25): which of a zone's origins have no mapping, and which mappings point at no origin.
 *
 * Data flows in two steps: `collect` reads the zone's origins from the API into a {@link ZoneOrigins} (network,
 * impure), then {@link ClassifyCoverage} compares them with the zone's mappings and the IP range feeds into a
 * {@link ZoneCoverage} (pure). Every type here is plain data: it crosses the lookup worker by structured clone and a
 * snapshot records a {@link ZoneOrigins} as JSON.
 */

/** The API reads coverage makes for a zone, one name each. */
export const COVERAGE_SOURCES = ['dns_records', 'zone', 'load_balancers', 'pools'] as const;

/**
 * One API read of coverage:
 * - `dns_records`: `GET /zones/{zone_id}/dns_records?proxied=true` (A, AAAA and CNAME records);
 * - `zone`: `GET /zones/{zone_id}`, only for the account id of the pools (skipped when the user gives it);
 * - `load_balancers`: `GET /zones/{zone_id}/load_balancers` (which pools the zone uses);
 * - `pools`: `GET /accounts/{account_id}/load_balancers/pools` (the pools' origins).
 */
export type CoverageSource = (typeof COVERAGE_SOURCES)[number];

/** The API token permission each source needs, as Cloudflare's dashboard names it. */
export const SOURCE_PERMISSIONS: Readonly<Record<CoverageSource, string>> = {
  dns_records: 'DNS Read',
  zone: 'Zone Read',
  load_balancers: 'Load Balancers Read',
  pools: 'Load Balancing: Monitors and Pools Read',
};

/** A source that could not be read: its origins are missing from the report, which says so. */
export interface MissingSource {
  /** Which read. */
  readonly source: CoverageSource;
  /** The token permission that would let it be read (see {@link SOURCE_PERMISSIONS}). */
  readonly permission: string;
  /**
   * Why it is missing, one line, no secret: `403 Forbidden` or the error's message (redacted), or
   * `no account id (zone could not be read)` for `pools` when `zone` failed.
   */
  readonly reason: string;
}

/**
 * Where an origin was found, as a short label (data from outside: escape it in every sink):
 * - `dns:A api.example.com`, `dns:AAAA v6.example.com`, `dns:CNAME www.example.com` (type and record name);
 * - `pool:<pool name>/<origin name>` (a pool a load balancer of the zone uses, and the origin's name in it);
 * - `host:<hostname>` (an address the hostname resolved to, only when resolution is on).
 * Build them with {@link dnsSource}, {@link poolSource} and {@link hostSource}.
 */
export type OriginSourceLabel = string;

/** The source label of a proxied DNS record. */
export function dnsSource(type: 'A' | 'AAAA' | 'CNAME', recordName: string): OriginSourceLabel {
  return `dns:${type} ${recordName}`;
}

/** The source label of a pool's origin. */
export function poolSource(poolName: string, originName: string): OriginSourceLabel {
  return `pool:${poolName}/${originName}`;
}

/** The source label of an address a hostname resolved to. */
export function hostSource(hostname: string): OriginSourceLabel {
  return `host:${hostname}`;
}

/** One origin of a zone: an IP or a hostname, and every place it was found. */
export interface CoverageOrigin {
  /** `ip` for A/AAAA contents and IP pool addresses; `hostname` for CNAME targets and hostname pool addresses. */
  readonly kind: 'ip' | 'hostname';
  /** The canonical IP (as `canonicalIp` writes it), or the hostname lowercased without a trailing dot. */
  readonly address: string;
  /** Where it was found, sorted, without duplicates. */
  readonly sources: readonly OriginSourceLabel[];
  /**
   * For a hostname when resolution was on: the canonical IPs it resolved to, sorted (empty when it resolved to
   * nothing). Absent when it was not resolved (the default: synth stays deterministic). Recorded, so an offline
   * synth gives the same answer.
   */
  readonly resolved?: readonly string[];
}

/** A pool a load balancer of the zone uses, with the addresses of its enabled origins (to flag mixed pools). */
export interface CoveragePool {
  /** The pool's name (data from outside). */
  readonly name: string;
  /** The enabled origins' addresses (canonical IP or hostname, as in {@link CoverageOrigin.address}), sorted. */
  readonly addresses: readonly string[];
}

/** A zone's collected origins: what `collect` returns and a snapshot records. */
export interface ZoneOrigins {
  /** The zone id. */
  readonly zoneId: string;
  /** Every origin, IPs first in `compareIps` order, then hostnames in code-unit order; one entry per address. */
  readonly origins: readonly CoverageOrigin[];
  /** The pools the zone's load balancers use (default, fallback, region, pop and country pools), by name. */
  readonly pools: readonly CoveragePool[];
  /** The sources that were read, in {@link COVERAGE_SOURCES} order. */
  readonly read: readonly CoverageSource[];
  /** The sources that could not be read, in {@link COVERAGE_SOURCES} order. Empty means the report is complete. */
  readonly missing: readonly MissingSource[];
}

/** An origin IP that a feed places in one cloud region and that has no mapping: the mapping to create. */
export interface UnmappedOrigin {
  /** Canonical IP. */
  readonly ip: string;
  /** Where it was found. */
  readonly sources: readonly OriginSourceLabel[];
  /** `vendor/region` of the mapping to create (the feed's placement). */
  readonly suggested: string;
}

/**
 * An origin IP without a mapping that no feed places in exactly one region: unpublished (other hosting, own IPs),
 * anycast (`aws/global`: CloudFront and other fronts no mapping can locate), listed without a region
 * (`azure/unknown`), or listed by several. Informational.
 */
export interface UnknownOrigin {
  /** Canonical IP. */
  readonly ip: string;
  /** Where it was found. */
  readonly sources: readonly OriginSourceLabel[];
  /** Every `vendor/region` the feeds list it under, most specific first; empty when no feed lists it. */
  readonly published: readonly string[];
}

/** A mapping whose IP is no origin of the zone today (left behind by a migration, or a typo). */
export interface OrphanedMapping {
  /** Canonical IP. */
  readonly ip: string;
  /** The mapping's `vendor/region`. */
  readonly mapping: string;
}

/** A hostname origin (CNAME target or pool hostname). Not resolved unless resolution is on. */
export interface HostnameOrigin {
  /** The hostname, lowercased, without a trailing dot (data from outside). */
  readonly name: string;
  /** Where it was found. */
  readonly sources: readonly OriginSourceLabel[];
  /**
   * When the name is a cloud load balancer whose addresses change over time, which one (for example
   * `aws-elb` for `*.elb.amazonaws.com`): an IP mapping for it goes stale. `null` otherwise.
   */
  readonly changingAddresses: string | null;
  /** The addresses it resolved to, when resolution was on (see {@link CoverageOrigin.resolved}). */
  readonly resolved?: readonly string[];
}

/** A pool whose origins place in more than one `vendor/region`: a pool gets one upper tier for all its origins. */
export interface MixedPool {
  /** The pool's name. */
  readonly pool: string;
  /** The distinct placements of its origins (the mapping when there is one, else the feed's), sorted. */
  readonly placements: readonly string[];
}

/** The coverage of one zone: the classified report (JSON keys are written in snake_case by the renderer). */
export interface ZoneCoverage {
  /** The zone id. */
  readonly zoneId: string;
  /** Origin IPs a feed places and that have no mapping, by IP. */
  readonly unmapped: readonly UnmappedOrigin[];
  /** Origin IPs without a mapping that no feed places in one region, by IP. */
  readonly unknown: readonly UnknownOrigin[];
  /** Mappings whose IP is no origin, by IP. While a source is missing, some may be origins of that source. */
  readonly orphaned: readonly OrphanedMapping[];
  /** Hostname origins, by name. */
  readonly hostnames: readonly HostnameOrigin[];
  /** How many origin IPs have a mapping (whether it is true stays with verification). */
  readonly mapped: number;
  /** Pools whose origins place in different regions, by name. */
  readonly mixedPools: readonly MixedPool[];
  /** The sources that could not be read (copied from {@link ZoneOrigins.missing}); non-empty means partial. */
  readonly missing: readonly MissingSource[];
}

/** The part of a mapping coverage reads. */
export type CoverageMapping = Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>;

/**
 * Where the IP range feeds place an IP: every loaded feed's longest match, most specific first, empty when none.
 * Pass `(ip) => locateIp(loaded.index, ip)` (lib/ipranges, the lookup `verify` and `locate` use).
 */
export type PlacementLookup = (ip: string) => readonly PublishedLocation[];

/**
 * The pure classification (see `classifyCoverage` in lib/coverage/classify.ts): the same origins, mappings and
 * feeds always give the same report. An origin IP with a mapping counts as `mapped`; without one it is `unmapped`
 * when exactly one feed location with a real region lists it, else `unknown`; a mapping whose IP is no origin is
 * `orphaned`. Hostnames are listed; their resolved addresses (when recorded) are classified as IP origins with a
 * `host:<name>` source.
 */
export type ClassifyCoverage = (
  origins: ZoneOrigins,
  mappings: readonly CoverageMapping[],
  place: PlacementLookup,
) => ZoneCoverage;

/**
 * Resolves a hostname to its addresses (any spelling `canonicalIp` reads), for the opt-in hostname resolution.
 * Rejecting, or answering nothing, records an empty list.
 */
export type HostnameResolver = (hostname: string, signal: AbortSignal) => Promise<readonly string[]>;

/** Options of `collectZoneOrigins` (lib/coverage/collect.ts). */
export interface CollectOriginsOptions {
  /** The account that owns the pools; read from `GET /zones/{zone_id}` when absent. */
  readonly accountId?: string;
  /** Resolve hostname origins with this; absent (the default): hostnames are listed, not resolved. */
  readonly resolve?: HostnameResolver;
  /** Aborts the reads (the caller's deadline). */
  readonly signal?: AbortSignal;
}
