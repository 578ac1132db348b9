import { z } from 'zod';
import { pageInfoSchema } from '../model/wire-schema';
import { formatError } from './body';
import { mapConcurrent } from './concurrent';
import { checkEnvelope, matchSchema } from './envelope';
import type { AnswerParser } from './transport';

// The routes coverage reads besides the mapping list, as Cloudflare's openapi.yaml and TypeScript SDK describe them.
// Only the fields coverage needs are checked; the rest passes unread.

/** One GET through a client's operation (see `OriginCloudRegionsClient.readRoutes`). */
export type RouteGet = <R>(
  pathAndQuery: string,
  parse: AnswerParser<R>,
  options?: { readonly zoneId?: string; readonly signal?: AbortSignal },
) => Promise<R>;

/** Most DNS records asked for per page: one request for most zones. */
const DNS_RECORDS_PER_PAGE = 5_000;

/** A proxied DNS record whose content is an origin. */
export interface OriginDnsRecord {
  readonly type: 'A' | 'AAAA' | 'CNAME';
  readonly name: string;
  /** An IP for A and AAAA, a hostname for CNAME. */
  readonly content: string;
}

/** A load balancer of the zone and the ids of every pool it can send traffic to. */
export interface ZoneLoadBalancer {
  readonly name: string;
  /** Default, fallback, region, pop and country pools, ids without duplicates. */
  readonly poolIds: readonly string[];
}

/** An account's pool with its origins. */
export interface AccountPool {
  readonly id: string;
  readonly name: string;
  /** A disabled pool gets no traffic. */
  readonly enabled: boolean;
  readonly origins: readonly { readonly name: string; readonly address: string; readonly enabled: boolean }[];
}

// Names and addresses are data: kept as sent (every sink escapes them), but bounded, as no API field is longer.
const text = z.string().min(1).max(1_000);

const dnsPageSchema = z.object({ result: z.array(z.custom<WireDnsRecord>()), result_info: pageInfoSchema });

interface WireDnsRecord {
  readonly type: string;
  readonly name: string;
  readonly content: string;
  readonly proxied?: boolean;
}

/** Checked by plain rules, not zod: a page holds up to 5,000 records, and zod took most of the CPU coverage adds. */
function dnsRecordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return ': is not an object';
  const r = value as Record<string, unknown>;
  for (const key of ['type', 'name', 'content'] as const) {
    const v = r[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > 1_000)
      return `.${key}: is not a string of 1 to 1,000 characters`;
  }
  if (r.proxied !== undefined && typeof r.proxied !== 'boolean') return '.proxied: is not a boolean';
  return undefined;
}
const zoneSchema = z.object({ result: z.object({ account: z.object({ id: text }) }) });
const poolMap = z.record(z.string(), z.array(text)).optional();
const loadBalancersSchema = z.object({
  result: z.array(
    z.object({
      name: text,
      default_pools: z.array(text),
      fallback_pool: text.nullish(),
      region_pools: poolMap,
      pop_pools: poolMap,
      country_pools: poolMap,
    }),
  ),
  result_info: pageInfoSchema.partial().optional(),
});
const poolsSchema = z.object({
  result: z.array(
    z.object({
      id: text,
      name: text,
      enabled: z.boolean().optional(),
      origins: z
        .array(z.object({ name: z.string().optional(), address: text, enabled: z.boolean().optional() }))
        .nullish(),
    }),
  ),
  result_info: pageInfoSchema.partial().optional(),
});

function parseWith<S extends z.ZodType>(schema: S, what: string): AnswerParser<z.output<S>> {
  return (ctx, json, body) => matchSchema(ctx, checkEnvelope(ctx, json, body), body, schema, what);
}

const parseDnsPage: AnswerParser<z.output<typeof dnsPageSchema>> = (ctx, json, body) => {
  const page = parseWith(dnsPageSchema, 'dns_records')(ctx, json, body);
  page.result.forEach((record, i) => {
    const problem = dnsRecordProblem(record);
    if (problem !== undefined)
      throw formatError(ctx, `the dns_records envelope is malformed (result[${i}]${problem})`, body);
  });
  return page;
};
const parseZone = parseWith(zoneSchema, 'zone');
const parseLoadBalancers = parseWith(loadBalancersSchema, 'load_balancers');
const parsePools = parseWith(poolsSchema, 'pools');

function dnsPath(zoneId: string, page: number, perPage: number): string {
  return `/zones/${zoneId}/dns_records?proxied=true&page=${page}&per_page=${perPage}`;
}

/** Every proxied A, AAAA and CNAME record of a zone, once each; pages after 1 asked with the size page 1 reports. */
export async function listProxiedDnsRecords(
  get: RouteGet,
  zoneId: string,
  concurrency: number,
): Promise<OriginDnsRecord[]> {
  const first = await get(dnsPath(zoneId, 1, DNS_RECORDS_PER_PAGE), parseDnsPage, { zoneId });
  const { total_pages: pages, per_page: perPage } = first.result_info;
  const numbers = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
  const rest = await mapConcurrent(numbers, concurrency, (page, signal) =>
    get(dnsPath(zoneId, page, perPage), parseDnsPage, { zoneId, signal }),
  );
  const records = new Map<string, OriginDnsRecord>();
  for (const r of [first, ...rest].flatMap((p) => p.result)) {
    if (r.proxied === false || (r.type !== 'A' && r.type !== 'AAAA' && r.type !== 'CNAME')) continue;
    const key = `${r.type} ${r.name} ${r.content}`;
    if (!records.has(key)) records.set(key, { type: r.type, name: r.name, content: r.content });
  }
  return [...records.values()];
}

/** The id of the account that owns a zone (`GET /zones/{zone_id}` → `result.account.id`). */
export async function readZoneAccountId(get: RouteGet, zoneId: string): Promise<string> {
  const zone = await get(`/zones/${zoneId}`, parseZone, { zoneId });
  return zone.result.account.id;
}

/** The zone's load balancers and the pools each uses (`GET /zones/{zone_id}/load_balancers`). */
export async function listLoadBalancers(get: RouteGet, zoneId: string): Promise<ZoneLoadBalancer[]> {
  const answer = await get(`/zones/${zoneId}/load_balancers`, parseLoadBalancers, { zoneId });
  return answer.result.map((lb) => {
    const ids = [
      ...lb.default_pools,
      ...(lb.fallback_pool ? [lb.fallback_pool] : []),
      ...[lb.region_pools, lb.pop_pools, lb.country_pools].flatMap((m) => Object.values(m ?? {}).flat()),
    ];
    return { name: lb.name, poolIds: [...new Set(ids)] };
  });
}

/** The account's pools and their origins (`GET /accounts/{account_id}/load_balancers/pools`). */
export async function listAccountPools(get: RouteGet, accountId: string, zoneId: string): Promise<AccountPool[]> {
  const answer = await get(`/accounts/${encodeURIComponent(accountId)}/load_balancers/pools`, parsePools, { zoneId });
  return answer.result.map((p) => ({
    id: p.id,
    name: p.name,
    enabled: p.enabled !== false,
    origins: (p.origins ?? []).map((o) => ({ name: o.name ?? '', address: o.address, enabled: o.enabled !== false })),
  }));
}
