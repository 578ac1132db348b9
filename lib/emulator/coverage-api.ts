import { couldNotRoute, fail, methodNotAllowed, success, type ApiAnswer } from './envelope';
import type { EmulatorAccountSeed, EmulatorCoverageZone } from './types';

/**
 * The read-only routes coverage reads, served from the seed: proxied DNS records (paged, `per_page` up to
 * 5,000,000 as Cloudflare's schema allows), the zone's details, its load balancers and the account's pools.
 * A token without a route's permission (see `EmulatorSeed.missingPermissions`) gets Cloudflare's 403 code 10000.
 */

/** The account id of a zone seeded without one. */
export const DEFAULT_EMULATOR_ACCOUNT = '01a7362d577a6c3019a474fd6f485823';

/** The token permission each coverage route needs, as Cloudflare's dashboard names it. */
export const ROUTE_PERMISSIONS = {
  dns_records: 'DNS Read',
  zone: 'Zone Read',
  load_balancers: 'Load Balancers Read',
  pools: 'Load Balancing: Monitors and Pools Read',
} as const;

/** A routed coverage path. */
export interface CoverageRoute {
  /** Path template, for stats. */
  readonly template: string;
  /** Which read. */
  readonly kind: keyof typeof ROUTE_PERMISSIONS;
  /** The zone id (or, for `pools`, the account id) as it appeared in the path. */
  readonly id: string;
}

const ROUTES: readonly { readonly pattern: RegExp; readonly kind: CoverageRoute['kind']; readonly template: string }[] =
  [
    { pattern: /^\/zones\/([^/]+)\/dns_records\/?$/, kind: 'dns_records', template: '/zones/{zone_id}/dns_records' },
    { pattern: /^\/zones\/([^/]+)\/?$/, kind: 'zone', template: '/zones/{zone_id}' },
    {
      pattern: /^\/zones\/([^/]+)\/load_balancers\/?$/,
      kind: 'load_balancers',
      template: '/zones/{zone_id}/load_balancers',
    },
    {
      pattern: /^\/accounts\/([^/]+)\/load_balancers\/pools\/?$/,
      kind: 'pools',
      template: '/accounts/{account_id}/load_balancers/pools',
    },
  ];

/** Routes a path below `/client/v4`; `undefined` when no coverage route serves it. */
export function routeCoveragePath(path: string): CoverageRoute | undefined {
  for (const r of ROUTES) {
    const match = r.pattern.exec(path);
    if (match) return { template: r.template, kind: r.kind, id: match[1] };
  }
  return undefined;
}

/** What the coverage routes read from the emulator's state. */
export interface CoverageState {
  /** A zone's coverage seed (empty when not seeded). */
  zone(zoneId: string): EmulatorCoverageZone;
  /** An account's seed, when seeded. */
  account(accountId: string): EmulatorAccountSeed | undefined;
  /** The permissions the token lacks. */
  readonly missingPermissions: ReadonlySet<string>;
}

const MAX_DNS_PER_PAGE = 5_000_000;
const DEFAULT_DNS_PER_PAGE = 100;

function dnsRecords(zoneId: string, zone: EmulatorCoverageZone, query: URLSearchParams): ApiAnswer {
  const perPage = Number(query.get('per_page') ?? DEFAULT_DNS_PER_PAGE);
  const page = Number(query.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_DNS_PER_PAGE || !Number.isInteger(page) || page < 1) {
    return fail({ status: 400, code: 1004, message: 'DNS Validation Error' });
  }
  const proxied = query.get('proxied');
  const all = (zone.dnsRecords ?? [])
    .map((r, i) => ({
      id: `${zoneId.slice(0, 24)}${i.toString(16).padStart(8, '0')}`,
      zone_id: zoneId,
      type: r.type,
      name: r.name,
      content: r.content,
      proxied: r.proxied ?? true,
      proxiable: true,
      ttl: 1,
    }))
    .filter((r) => proxied === null || String(r.proxied) === proxied);
  const result = all.slice((page - 1) * perPage, page * perPage);
  const info = {
    page,
    per_page: perPage,
    count: result.length,
    total_count: all.length,
    total_pages: Math.ceil(all.length / perPage),
  };
  return { status: 200, body: success(result, info) };
}

/** Answers one authenticated GET of a coverage route. */
export function answerCoverage(
  state: CoverageState,
  method: string,
  path: string,
  route: CoverageRoute,
  query: URLSearchParams,
): ApiAnswer {
  if (!/^[0-9a-f]{32}$/.test(route.id)) return couldNotRoute(path);
  if (method !== 'GET') return methodNotAllowed(method);
  if (state.missingPermissions.has(ROUTE_PERMISSIONS[route.kind])) {
    return fail({ status: 403, code: 10000, message: 'Authentication error' });
  }
  if (route.kind === 'pools') {
    const pools = (state.account(route.id)?.pools ?? []).map((p) => ({
      enabled: true,
      ...p,
      origins: p.origins.map((o) => ({ enabled: true, weight: 1, ...o })),
    }));
    return { status: 200, body: success(pools) };
  }
  const zone = state.zone(route.id);
  if (route.kind === 'dns_records') return dnsRecords(route.id, zone, query);
  if (route.kind === 'zone') {
    const account = zone.account ?? DEFAULT_EMULATOR_ACCOUNT;
    return {
      status: 200,
      body: success({ id: route.id, status: 'active', account: { id: account, name: 'Emulator' } }),
    };
  }
  const balancers = (zone.loadBalancers ?? []).map((lb, i) => ({
    id: `${route.id.slice(0, 24)}${(i + 1).toString(16).padStart(8, '0')}`,
    enabled: true,
    proxied: true,
    fallback_pool: lb.default_pools[0],
    ...lb,
  }));
  return { status: 200, body: success(balancers) };
}
