import type { ApiMapping } from '../model/mapping';
import { canonicalIp, isIp } from '../model/ip';
import { FAILURES, couldNotRoute, fail, methodNotAllowed, success, type ApiAnswer } from './envelope';
import { MAX_MAPPINGS_PER_ZONE, type ZoneMappings } from './store';
import { isSupportedRegion } from './supported-regions';
import type { ApiSupportedRegions, EmulatorPaging } from './types';

/** The most items a batch PUT or DELETE accepts. */
export const MAX_BATCH_ITEMS = 100;

/** A routed API path: which operation, which zone, which IP. */
export interface ApiRoute {
  /** Path template without the method, for stats (`/zones/{zone_id}/origin/cloud_regions/{origin_ip}`). */
  readonly template: string;
  /** The zone id as it appeared in the path. */
  readonly zoneId: string;
  /** `list`-level path, `batch`, `supported_regions` or a single IP. */
  readonly target: { kind: 'collection' } | { kind: 'batch' } | { kind: 'supported' } | { kind: 'ip'; ip: string };
}

/** What the API handler needs from the emulator's state. */
export interface ApiState {
  /** The zone's mappings (created empty on first use). */
  zone(zoneId: string): ZoneMappings;
  /** The supported regions, for the endpoint and for validating PUTs. */
  readonly supportedRegions: ApiSupportedRegions;
  /** Timestamp for `modified_on` of writes. */
  now(): string;
  /** How the list endpoint pages (see {@link EmulatorPaging}); absent: as the API documents. */
  readonly paging?: EmulatorPaging;
}

/** The API's default `per_page` (the documented examples report it). */
export const DEFAULT_PER_PAGE = 20;

const BASE = '/zones/{zone_id}/origin/cloud_regions';
const ROUTE = /^\/zones\/([^/]+)\/origin\/cloud_regions(?:\/([^/]+))?\/?$/;
const ZONE_ID = /^[0-9a-f]{32}$/;

/** Routes a path below `/client/v4`; `undefined` when no v2 origin cloud regions route serves it. */
export function routeApiPath(path: string): ApiRoute | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  const zoneId = decodeSegment(match[1]);
  const last = match[2] === undefined ? undefined : decodeSegment(match[2]);
  if (last === undefined) return { template: BASE, zoneId, target: { kind: 'collection' } };
  if (last === 'batch') return { template: `${BASE}/batch`, zoneId, target: { kind: 'batch' } };
  if (last === 'supported_regions')
    return { template: `${BASE}/supported_regions`, zoneId, target: { kind: 'supported' } };
  return { template: `${BASE}/{origin_ip}`, zoneId, target: { kind: 'ip', ip: last } };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whether a path segment is a zone id the emulator routes (32 lower-case hex, like Cloudflare's ids). */
export function isZoneId(text: string): boolean {
  return ZONE_ID.test(text);
}

/**
 * Answers one authenticated API request. Pure apart from the zone state it edits.
 *
 * @param body - the parsed JSON body, or `undefined` when there was none or it was not JSON
 */
export function answerApi(
  state: ApiState,
  method: string,
  path: string,
  route: ApiRoute,
  query: URLSearchParams,
  body: unknown,
): ApiAnswer {
  if (!isZoneId(route.zoneId)) return couldNotRoute(path);
  const zone = state.zone(route.zoneId);
  const t = route.target;
  switch (`${method} ${t.kind}`) {
    case 'GET collection':
      return list(zone, query, state.paging ?? {});
    case 'GET supported':
      return zone.tieredCache ? { status: 200, body: success(state.supportedRegions) } : fail(FAILURES.tieredCacheOff);
    case 'GET ip':
      return getOne(zone, (t as { ip: string }).ip);
    case 'PUT ip':
      return putOne(state, zone, (t as { ip: string }).ip, body);
    case 'DELETE ip':
      return deleteOne(zone, (t as { ip: string }).ip);
    case 'PUT batch':
      return batchPut(state, zone, body);
    case 'DELETE batch':
      return batchDelete(zone, body);
    default:
      return methodNotAllowed(method);
  }
}

/** Parses `page`/`per_page` as the API does: absent → default, else an integer in range. */
function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : undefined;
}

function list(zone: ZoneMappings, query: URLSearchParams, paging: EmulatorPaging): ApiAnswer {
  const asked = intParam(query, 'per_page', DEFAULT_PER_PAGE, 1, 100);
  if (asked === undefined) return fail(FAILURES.badPerPage);
  const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (page === undefined) return fail(FAILURES.badPage);
  // The page size served: what was asked, unless this server ignores the parameter or serves fewer.
  const perPage = Math.min(paging.ignorePerPage === true ? DEFAULT_PER_PAGE : asked, paging.maxPerPage ?? 100);
  const total = zone.size;
  const result = zone.slice((page - 1) * perPage, page * perPage);
  const info = {
    page,
    per_page: paging.reportPerPage ?? perPage,
    count: result.length,
    total_count: total,
    // As in the documented empty example: an empty zone has 0 pages, not 1.
    total_pages: Math.ceil(total / perPage),
  };
  return { status: 200, body: success(result, info) };
}

function getOne(zone: ZoneMappings, ip: string): ApiAnswer {
  if (!isIp(ip)) return fail(FAILURES.badIp);
  const found = zone.get(ip);
  return found ? { status: 200, body: success(found) } : fail(FAILURES.notFound);
}

function deleteOne(zone: ZoneMappings, ip: string): ApiAnswer {
  if (!isIp(ip)) return fail(FAILURES.badIp);
  const removed = zone.remove(ip);
  return removed ? { status: 200, body: success({ origin_ip: removed.origin_ip }) } : fail(FAILURES.notFound);
}

function isRequestItem(value: unknown): value is ApiMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.origin_ip === 'string' && typeof v.vendor === 'string' && typeof v.region === 'string';
}

function putOne(state: ApiState, zone: ZoneMappings, pathIp: string, body: unknown): ApiAnswer {
  if (!isIp(pathIp)) return fail(FAILURES.badIp);
  if (!isRequestItem(body)) return fail(FAILURES.badBody);
  const ip = canonicalIp(pathIp);
  if (!isIp(body.origin_ip) || canonicalIp(body.origin_ip) !== ip) return fail(FAILURES.ipMismatch);
  if (!isSupportedRegion(state.supportedRegions, body.vendor, body.region)) return fail(FAILURES.badVendorRegion);
  if (!zone.has(ip) && zone.size >= MAX_MAPPINGS_PER_ZONE) return fail(FAILURES.tooManyMappings);
  const stored = zone.upsert({ origin_ip: ip, vendor: body.vendor, region: body.region, modified_on: state.now() });
  return { status: 200, body: success(stored) };
}

interface BatchItem {
  origin_ip: string;
  vendor?: string;
  region?: string;
  error?: string;
}

function batchPut(state: ApiState, zone: ZoneMappings, body: unknown): ApiAnswer {
  if (!Array.isArray(body)) return fail(FAILURES.badBody);
  if (body.length > MAX_BATCH_ITEMS) return fail(FAILURES.batchTooLarge);
  const succeeded: BatchItem[] = [];
  const failed: BatchItem[] = [];
  const valid: ApiMapping[] = [];
  for (const item of body) {
    if (!isRequestItem(item)) {
      const raw = typeof item === 'object' && item !== null ? (item as { origin_ip?: unknown }).origin_ip : undefined;
      const ip = typeof raw === 'string' ? raw : '';
      failed.push({ origin_ip: ip, error: 'origin_ip, vendor and region must be strings' });
    } else if (!isIp(item.origin_ip)) {
      failed.push({ origin_ip: item.origin_ip, error: FAILURES.badIp.message });
    } else if (!isSupportedRegion(state.supportedRegions, item.vendor, item.region)) {
      failed.push({ origin_ip: item.origin_ip, error: FAILURES.badVendorRegion.message });
    } else {
      valid.push({ origin_ip: canonicalIp(item.origin_ip), vendor: item.vendor, region: item.region });
    }
  }
  // The limit applies to the whole batch, as the excerpt's too_many_mappings example for it shows.
  const added = new Set(valid.map((m) => m.origin_ip).filter((ip) => !zone.has(ip)));
  if (zone.size + added.size > MAX_MAPPINGS_PER_ZONE) return fail(FAILURES.tooManyMappings);
  const now = state.now();
  for (const m of valid) {
    zone.upsert({ ...m, modified_on: now });
    succeeded.push({ origin_ip: m.origin_ip, vendor: m.vendor, region: m.region });
  }
  return { status: 200, body: success({ succeeded, failed }) };
}

function batchDelete(zone: ZoneMappings, body: unknown): ApiAnswer {
  if (!Array.isArray(body)) return fail(FAILURES.badBody);
  if (body.length > MAX_BATCH_ITEMS) return fail(FAILURES.batchTooLarge);
  const succeeded: BatchItem[] = [];
  const failed: BatchItem[] = [];
  for (const item of body) {
    if (typeof item !== 'string' || !isIp(item)) {
      failed.push({ origin_ip: String(item), error: FAILURES.badIp.message });
      continue;
    }
    const removed = zone.remove(item);
    if (removed) succeeded.push({ origin_ip: removed.origin_ip, vendor: removed.vendor, region: removed.region });
    else failed.push({ origin_ip: canonicalIp(item), error: 'no mapping exists for this origin_ip' });
  }
  return { status: 200, body: success({ succeeded, failed }) };
}
