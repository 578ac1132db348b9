import type { OriginCloudRegionsClient } from '../client/client';
import {
  listAccountPools,
  listLoadBalancers,
  listProxiedDnsRecords,
  readZoneAccountId,
  type AccountPool,
  type OriginDnsRecord,
  type RouteGet,
  type ZoneLoadBalancer,
} from '../client/coverage-routes';
import { validateZoneId } from '../client/validate-input';
import { CloudflareApiError } from '../errors/client';
import { canonicalIpAndKey, compareIps } from '../model/ip';
import { sortMappingsByKeys } from '../model/order';
import {
  COVERAGE_SOURCES,
  SOURCE_PERMISSIONS,
  dnsSource,
  poolSource,
  type CollectOriginsOptions,
  type CoverageOrigin,
  type CoveragePool,
  type CoverageSource,
  type HostnameResolver,
  type MissingSource,
  type ZoneOrigins,
} from './types';

/** What one source read gave: its value, or why it is missing. */
type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly missing: MissingSource };

/**
 * Reads `read`; a 403 (the token lacks the source's permission) becomes a {@link MissingSource}, anything else is
 * thrown: an error that would stop the mapping list stops coverage too.
 */
async function attempt<T>(source: CoverageSource, read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (!(error instanceof CloudflareApiError) || error.status !== 403) throw error;
    const said = error.cloudflareErrors.map((e) => `${e.code} ${e.message}`).join('; ');
    return { ok: false, missing: missing(source, `403 Forbidden${said === '' ? '' : ` (${said})`}`) };
  }
}

function missing(source: CoverageSource, reason: string): MissingSource {
  return { source, permission: SOURCE_PERMISSIONS[source], reason };
}

/** Both reads settle before one fails the whole: nothing keeps running after collection throws. */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
  return [x.value, y.value];
}

interface SourceReads {
  readonly dns: Outcome<OriginDnsRecord[]>;
  readonly balancers: Outcome<ZoneLoadBalancer[]>;
  readonly pools: Outcome<AccountPool[]> | undefined;
  readonly zone: Outcome<string> | undefined;
}

/**
 * The reads, in as few round trips as the zone allows: DNS records and load balancers together; then, only
 * when a load balancer uses a pool, the account id (unless given) and the account's pools. A zone without load
 * balancers costs two requests (one per 5,000 proxied records), one with them three or four.
 */
async function readSources(
  get: RouteGet,
  zoneId: string,
  concurrency: number,
  accountId: string | undefined,
): Promise<SourceReads> {
  const [dns, balancers] = await both(
    attempt('dns_records', () => listProxiedDnsRecords(get, zoneId, concurrency)),
    attempt('load_balancers', () => listLoadBalancers(get, zoneId)),
  );
  const usesPools = balancers.ok && balancers.value.some((lb) => lb.poolIds.length > 0);
  if (!usesPools) return { dns, balancers, pools: undefined, zone: undefined };
  const zone = accountId === undefined ? await attempt('zone', () => readZoneAccountId(get, zoneId)) : undefined;
  const account = accountId ?? (zone?.ok ? zone.value : undefined);
  const pools =
    account === undefined
      ? ({
          ok: false,
          missing: missing('pools', 'not read: the account id is unknown (the zone could not be read)'),
        } as const)
      : await attempt('pools', () => listAccountPools(get, account, zoneId));
  return { dns, balancers, pools, zone };
}

/** A hostname as origins compare it: lowercased, without the trailing dot of a fully qualified name. */
export function normalizeHostname(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

class OriginTable {
  private readonly byAddress = new Map<string, { kind: 'ip' | 'hostname'; key: string; sources: Set<string> }>();

  /** Adds a source of `address` and returns the address as origins key it (canonical IP or normalized name). */
  public add(address: string, source: string): string {
    // One parse per address: its canonical form and its sort key (5,000 records sort without parsing again).
    const ip = canonicalIpAndKey(address);
    const name = ip?.canonical ?? normalizeHostname(address);
    let entry = this.byAddress.get(name);
    if (!entry) {
      entry = { kind: ip ? 'ip' : 'hostname', key: ip?.key ?? name, sources: new Set() };
      this.byAddress.set(name, entry);
    }
    entry.sources.add(source);
    return name;
  }

  /** IPs first in `compareIps` order, then hostnames in code-unit order. */
  public origins(): CoverageOrigin[] {
    const entries = [...this.byAddress];
    const ordered = sortMappingsByKeys(
      entries,
      entries.map(([, e]) => `${e.kind === 'ip' ? 0 : 1}${e.key}`),
    );
    return ordered.map(([address, e]) => ({ kind: e.kind, address, sources: [...e.sources].sort() }));
  }
}

/**
 * The origins of the reads: A/AAAA contents and CNAME targets, and the enabled origins of the enabled pools the
 * zone's load balancers use. A CNAME to another proxied record or to a load balancer of the zone is left out: its
 * origins are counted where that name points.
 */
function originsOf(reads: SourceReads): { origins: CoverageOrigin[]; pools: CoveragePool[] } {
  const table = new OriginTable();
  const records = reads.dns.ok ? reads.dns.value : [];
  const balancers = reads.balancers.ok ? reads.balancers.value : [];
  const inZone = new Set([...records, ...balancers].map((r) => normalizeHostname(r.name)));
  for (const r of records) {
    if (r.type === 'CNAME' && inZone.has(normalizeHostname(r.content))) continue;
    table.add(r.content, dnsSource(r.type, r.name));
  }
  const used = new Set(balancers.flatMap((lb) => lb.poolIds));
  const pools: CoveragePool[] = [];
  for (const pool of reads.pools?.ok ? reads.pools.value : []) {
    if (!used.has(pool.id) || !pool.enabled) continue;
    const addresses = pool.origins
      .filter((o) => o.enabled)
      .map((o) => table.add(o.address, poolSource(pool.name, o.name)));
    pools.push({ name: pool.name, addresses: [...new Set(addresses)].sort() });
  }
  pools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { origins: table.origins(), pools };
}

/** Resolves every hostname origin with `resolve`, recording its canonical IPs (none when it fails). */
async function resolveHostnames(
  origins: readonly CoverageOrigin[],
  resolve: HostnameResolver,
  signal: AbortSignal,
): Promise<CoverageOrigin[]> {
  return Promise.all(
    origins.map(async (o) => {
      if (o.kind !== 'hostname') return o;
      const answers = await resolve(o.address, signal).catch(() => [] as readonly string[]);
      const ips = [...new Set(answers.flatMap((a) => canonicalIpAndKey(a)?.canonical ?? []))];
      return { ...o, resolved: ips.sort(compareIps) };
    }),
  );
}

/**
 * Reads a zone's origins from the API (DNS records, load balancers, their pools) through `client`: its retries,
 * rate budget, redaction, proxy and one deadline for all the reads. A source the token may not read (403) is
 * recorded in `missing` with the permission it needs; the report then says it is partial.
 *
 * @throws {@link InvalidInputError} for a bad zone id, before any request
 * @throws the client's errors for anything but a 403 (bad credentials, network, deadline, rate budget)
 */
export async function collectZoneOrigins(
  client: OriginCloudRegionsClient,
  zoneId: string,
  options: CollectOriginsOptions = {},
): Promise<ZoneOrigins> {
  const id = validateZoneId(zoneId, 'zoneId', client.config.redact);
  const reads = await client.readRoutes(
    (get) => readSources(get, id, client.config.pageConcurrency, options.accountId),
    options.signal,
  );
  const { origins, pools } = originsOf(reads);
  const outcomes: Partial<Record<CoverageSource, Outcome<unknown>>> = {
    dns_records: reads.dns,
    zone: reads.zone,
    load_balancers: reads.balancers,
    pools: reads.pools,
  };
  const read = COVERAGE_SOURCES.filter((s) => outcomes[s]?.ok === true);
  const missingSources = COVERAGE_SOURCES.flatMap((s) => {
    const o = outcomes[s];
    return o !== undefined && !o.ok ? [o.missing] : [];
  });
  const deadline = AbortSignal.timeout(client.config.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  return {
    zoneId: id,
    origins: options.resolve ? await resolveHostnames(origins, options.resolve, signal) : origins,
    pools,
    read,
    missing: missingSources,
  };
}

/** The warning for a source that could not be read: what is missing and the permission that would fix it. */
export function missingSourceWarning(zoneId: string, source: MissingSource): string {
  return `zone ${zoneId}: coverage could not read ${source.source} (${source.reason}); the origins it holds are missing from the report. Give the API token the "${source.permission}" permission to include them.`;
}
