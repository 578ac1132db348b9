import { canonicalIp, canonicalIpAndKey } from '../model/ip';
import type { OriginCloudRegionMapping } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { cloudflareApiError, type ServerErrorEntry } from './api-errors';
import { formatError, type AnswerContext } from './body';
import { ABSURD_TOTAL_COUNT, RFC3339_DATETIME, isPrintableText, isVendorText } from './envelope-rules';
import type * as Schemas from './envelope-schemas';

/**
 * Pure validation of Cloudflare v4 envelopes: the JSON of an answer either becomes typed data or a
 * typed error ({@link CloudflareApiError} for `success: false`, {@link ResponseFormatError} for anything
 * malformed). Nothing the server sends is trusted unchecked.
 *
 * Two layers: hand-written checks pass a well-formed answer (each check is one of the zod schema's, or
 * stricter), and anything they do not pass goes through the zod schemas, whose issues word the error.
 * A 3,500-mapping listing thus costs no generic schema walk over 3,500 objects, and a synth's cold
 * worker thread never loads zod when the API answers well.
 */

export { ABSURD_TOTAL_COUNT } from './envelope-rules';

let schemas: typeof Schemas | undefined;
function zodSchemas(): typeof Schemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the error path only (see above)
  schemas ??= require('./envelope-schemas') as typeof Schemas;
  return schemas;
}

/** One validated page of a listing. */
export interface ListPage {
  readonly page: number;
  readonly perPage: number;
  readonly count: number;
  readonly totalCount: number;
  readonly totalPages: number;
  /** The page's mappings, IPs in canonical form, in the server's order. */
  readonly mappings: readonly OriginCloudRegionMapping[];
}

/**
 * Cloudflare error entries from any JSON: the entries of an `errors` array that have an integer `code`,
 * else none. Used for refusals, whose bodies are read leniently (a proxy may answer instead of the API).
 * The text is as the server sent it: `cloudflareApiError` makes it fit to print.
 */
export function extractCloudflareErrors(json: unknown): ServerErrorEntry[] {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { errors?: unknown }).errors)) return [];
  return (json as { errors: unknown[] }).errors
    .filter(
      (e): e is { code: number; message: unknown; documentation_url?: unknown } =>
        typeof e === 'object' && e !== null && Number.isInteger((e as { code?: unknown }).code),
    )
    .map((e) => ({
      code: e.code,
      message: typeof e.message === 'string' ? e.message : '',
      ...(typeof e.documentation_url === 'string' ? { documentationUrl: e.documentation_url } : {}),
    }));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Checks the common v4 envelope and returns it.
 * @throws {@link CloudflareApiError} when `success` is false (whatever the HTTP status)
 * @throws {@link ResponseFormatError} when the envelope is malformed
 */
export function checkEnvelope(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
): Record<string, unknown> {
  if (!isObject(json)) {
    throw formatError(
      ctx,
      `expected a JSON object envelope, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`,
      text,
    );
  }
  // The answer of every successful request: nothing to report, so no need for zod.
  const { success, errors, messages } = json;
  if (
    success === true &&
    Array.isArray(errors) &&
    errors.length === 0 &&
    (messages === undefined || Array.isArray(messages))
  ) {
    return json;
  }
  const { envelopeSchema, summariseIssues } = zodSchemas();
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    if (success === false) throw cloudflareApiError(ctx, extractCloudflareErrors(json));
    throw formatError(ctx, `not a Cloudflare v4 envelope (${summariseIssues(parsed.error, ctx.redact)})`, text);
  }
  if (!parsed.data.success) throw cloudflareApiError(ctx, extractCloudflareErrors(json));
  if (parsed.data.errors.length > 0) {
    throw formatError(ctx, 'the envelope says success: true but lists errors', text);
  }
  return json;
}

interface ResultInfo {
  readonly page: number;
  readonly per_page: number;
  readonly count: number;
  readonly total_count: number;
  readonly total_pages: number;
}

interface ValidList {
  readonly info: ResultInfo;
  readonly mappings: OriginCloudRegionMapping[];
  /** `ipSortKey` of each mapping's IP, computed from the same parse as its canonical form. */
  readonly sortKeys: string[];
}

// Sort keys of the pages this module parsed, for assembleListing; kept outside ListPage so its shape stays plain.
const SORT_KEYS = new WeakMap<ListPage, readonly string[]>();

/** The `ipSortKey` of each of `page`'s mappings, when {@link parseListPage} made the page (else `undefined`). */
export function pageSortKeys(page: ListPage): readonly string[] | undefined {
  const keys = SORT_KEYS.get(page);
  return keys !== undefined && keys.length === page.mappings.length ? keys : undefined;
}

// The origin IP text the server sent, for mappings whose IP it did not send in canonical form. Kept outside
// the mapping so that mappings stay plain; validation reads it to flag a server that breaks RFC 5952.
const SENT_ORIGIN_IPS = new WeakMap<OriginCloudRegionMapping, string>();

/**
 * The `origin_ip` text exactly as the API sent it for a mapping this client parsed (the mapping itself
 * carries the canonical form); for any other mapping, its `originIp`.
 */
export function originIpAsSent(mapping: OriginCloudRegionMapping): string {
  return SENT_ORIGIN_IPS.get(mapping) ?? mapping.originIp;
}

function toMapping(
  originIp: string,
  sentOriginIp: string,
  vendor: string,
  region: string,
  modifiedOn: string | null | undefined,
): OriginCloudRegionMapping {
  const out: { originIp: string; vendor: string; region: string; modifiedOn?: string } = { originIp, vendor, region };
  if (modifiedOn != null) out.modifiedOn = modifiedOn;
  const mapping = Object.freeze(out);
  if (sentOriginIp !== originIp) SENT_ORIGIN_IPS.set(mapping, sentOriginIp);
  return mapping;
}

/**
 * The list page's data when it certainly passes the zod list schema (every check here is one of the
 * schema's, or stricter), else `undefined`, and the caller asks zod. Never throws.
 */
function readWellFormedList(envelope: Record<string, unknown>): ValidList | undefined {
  const { result, result_info: info } = envelope;
  if (!Array.isArray(result) || !isObject(info)) return undefined;
  const { page, per_page: perPage, count, total_count: totalCount, total_pages: totalPages } = info;
  if (!isCount(page) || page < 1 || !isCount(perPage) || perPage < 1 || perPage > 100) return undefined;
  if (!isCount(count) || !isCount(totalCount) || totalCount > ABSURD_TOTAL_COUNT || !isCount(totalPages)) {
    return undefined;
  }
  const mappings: OriginCloudRegionMapping[] = [];
  const sortKeys: string[] = [];
  for (const item of result as unknown[]) {
    if (!isObject(item)) return undefined;
    const { origin_ip: originIp, vendor, region, modified_on: modifiedOn } = item;
    if (typeof originIp !== 'string' || !isVendorText(vendor) || !isPrintableText(region)) return undefined;
    if (modifiedOn != null && (typeof modifiedOn !== 'string' || !RFC3339_DATETIME.test(modifiedOn))) return undefined;
    const ip = canonicalIpAndKey(originIp);
    if (ip === undefined) return undefined;
    mappings.push(toMapping(ip.canonical, originIp, vendor, region, modifiedOn));
    sortKeys.push(ip.key);
  }
  return {
    info: { page, per_page: perPage, count, total_count: totalCount, total_pages: totalPages },
    mappings,
    sortKeys,
  };
}

// The zod path: the schema either words what is wrong, or (should the hand check have been stricter) passes.
function readListWithZod(ctx: AnswerContext, envelope: Record<string, unknown>, text: string): ValidList {
  const { listSchema, summariseIssues } = zodSchemas();
  const parsed = listSchema.safeParse(envelope);
  if (!parsed.success) {
    throw formatError(ctx, `the list envelope is malformed (${summariseIssues(parsed.error, ctx.redact)})`, text);
  }
  const mappings: OriginCloudRegionMapping[] = [];
  const sortKeys: string[] = [];
  for (const m of parsed.data.result) {
    const ip = canonicalIpAndKey(m.origin_ip);
    // The schema's refine accepted the IP, so it parses; canonicalIp keeps the typed error should that ever change.
    mappings.push(toMapping(ip?.canonical ?? canonicalIp(m.origin_ip), m.origin_ip, m.vendor, m.region, m.modified_on));
    sortKeys.push(ip?.key ?? '');
  }
  return { info: parsed.data.result_info, mappings, sortKeys };
}

/**
 * Validates one list page against the request that fetched it: the envelope, every mapping, and
 * `result_info` (page and per_page as requested, count equal to the items, total_pages equal to
 * ceil(total_count / per_page)).
 *
 * @throws {@link CloudflareApiError} for `success: false`
 * @throws {@link ResponseFormatError} for anything malformed
 */
export function parseListPage(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
  expected: { readonly page: number; readonly perPage: number },
): ListPage {
  const envelope = checkEnvelope(ctx, json, text);
  const { info, mappings, sortKeys } = readWellFormedList(envelope) ?? readListWithZod(ctx, envelope, text);
  const bad = (problem: string): never => {
    throw formatError(ctx, problem, text);
  };
  if (info.page !== expected.page) bad(`result_info.page is ${info.page}, but page ${expected.page} was requested`);
  if (info.per_page !== expected.perPage)
    bad(`result_info.per_page is ${info.per_page}, but per_page ${expected.perPage} was requested`);
  if (info.count !== mappings.length)
    bad(`result_info.count is ${info.count}, but the page holds ${mappings.length} mappings`);
  if (info.count > info.per_page) bad(`result_info.count ${info.count} is over per_page ${info.per_page}`);
  const pages = Math.ceil(info.total_count / info.per_page);
  if (info.total_pages !== pages) {
    bad(
      `result_info.total_pages is ${info.total_pages}, but total_count ${info.total_count} at per_page ${info.per_page} makes ${pages}`,
    );
  }
  const page: ListPage = Object.freeze({
    page: info.page,
    perPage: info.per_page,
    count: info.count,
    totalCount: info.total_count,
    totalPages: info.total_pages,
    mappings: Object.freeze(mappings),
  });
  SORT_KEYS.set(page, sortKeys);
  return page;
}

type Regions = readonly { name: string; upperTierColos: readonly string[] }[];

/**
 * A vendor → regions record without a prototype, filled with own data properties: a vendor named
 * `__proto__`, `constructor` or `toString` is an ordinary key that neither vanishes nor reads as an
 * inherited function, and `Object.entries` lists it like any other.
 */
function vendorRecord(entries: Iterable<readonly [string, Regions]>): Readonly<Record<string, Regions>> {
  const vendors = Object.create(null) as Record<string, Regions>;
  for (const [vendor, regions] of entries) {
    Object.defineProperty(vendors, vendor, { value: regions, enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(vendors);
}

/** The supported regions when the answer certainly passes the zod schema, else `undefined`. Never throws. */
function readWellFormedSupported(envelope: Record<string, unknown>): SupportedRegions | undefined {
  const { result } = envelope;
  if (!isObject(result) || typeof result.obtained_codes !== 'boolean' || !isObject(result.vendors)) return undefined;
  const vendors: [string, Regions][] = [];
  // JSON.parse makes every key, `__proto__` included, an own property; Object.entries lists them all.
  for (const [vendor, regions] of Object.entries(result.vendors)) {
    if (!isVendorText(vendor) || !Array.isArray(regions)) return undefined;
    const out: { name: string; upperTierColos: readonly string[] }[] = [];
    for (const r of regions as unknown[]) {
      if (!isObject(r) || !isPrintableText(r.name) || !Array.isArray(r.upper_tier_colos)) return undefined;
      const colos = r.upper_tier_colos as unknown[];
      if (!colos.every(isPrintableText)) return undefined;
      out.push(Object.freeze({ name: r.name, upperTierColos: Object.freeze([...colos]) }));
    }
    vendors.push([vendor, Object.freeze(out)]);
  }
  return Object.freeze({ obtainedCodes: result.obtained_codes, vendors: vendorRecord(vendors) });
}

/**
 * Validates a `supported_regions` answer and converts it to camelCase. `vendors` has no prototype:
 * any vendor name, `__proto__` and `constructor` included, is an own key.
 * @throws {@link CloudflareApiError} for `success: false`
 * @throws {@link ResponseFormatError} for anything malformed
 */
export function parseSupportedRegions(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
): SupportedRegions {
  const envelope = checkEnvelope(ctx, json, text);
  const fast = readWellFormedSupported(envelope);
  if (fast !== undefined) return fast;
  const { supportedSchema, supportedRegionListSchema, summariseIssues } = zodSchemas();
  const malformed = (summary: string): never => {
    throw formatError(ctx, `the supported_regions envelope is malformed (${summary})`, text);
  };
  const parsed = supportedSchema.safeParse(envelope);
  if (!parsed.success) return malformed(summariseIssues(parsed.error, ctx.redact));
  // zod's record skips a `__proto__` key (neither checked nor kept): check it here, keep the API's order.
  const rawVendors = (envelope.result as { vendors: Record<string, unknown> }).vendors;
  const vendors: [string, Regions][] = [];
  for (const vendor of Object.keys(rawVendors)) {
    let regions = Object.hasOwn(parsed.data.result.vendors, vendor) ? parsed.data.result.vendors[vendor] : undefined;
    if (regions === undefined) {
      const own = supportedRegionListSchema.safeParse(rawVendors[vendor]);
      if (!own.success) {
        return malformed(summariseIssues(own.error, ctx.redact, ['result', 'vendors', vendor]));
      }
      regions = own.data;
    }
    vendors.push([
      vendor,
      Object.freeze(
        regions.map((r) => Object.freeze({ name: r.name, upperTierColos: Object.freeze([...r.upper_tier_colos]) })),
      ),
    ]);
  }
  return Object.freeze({ obtainedCodes: parsed.data.result.obtained_codes, vendors: vendorRecord(vendors) });
}
