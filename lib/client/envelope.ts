import { z } from 'zod';
import { canonicalIp, canonicalIpAndKey } from '../model/ip';
import type { OriginCloudRegionMapping } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { cloudflareApiError } from './api-errors';
import { formatError, type AnswerContext } from './body';
import type { CloudflareErrorDetail } from './errors';

/**
 * Pure validation of Cloudflare v4 envelopes: the JSON of an answer either becomes typed data or a
 * typed error ({@link CloudflareApiError} for `success: false`, {@link ResponseFormatError} for anything
 * malformed). Nothing the server sends is trusted unchecked.
 */

/** Cloudflare allows 3,500 mappings per zone; a count far above that is a broken answer, not a big zone. */
export const ABSURD_TOTAL_COUNT = 100_000;

// Values end up in tables, Terraform outputs and file names: refuse control characters (terminal escapes).
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/u;
const printable = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(200, `${what} is longer than 200 characters`)
    .regex(PRINTABLE, `${what} contains control characters`);

// isIp accepts IPv6 zone indexes (fe80::1%eth0) that canonicalIp refuses; a mapping needs an IP canonicalIp accepts.
function isMappableIp(text: string): boolean {
  return canonicalIpAndKey(text) !== undefined;
}

const messageSchema = z.object({ code: z.number().int(), message: z.string() });

const envelopeSchema = z.object({
  success: z.boolean(),
  errors: z.array(messageSchema),
  messages: z.array(z.unknown()).optional(),
});

const modifiedOnSchema = z.iso.datetime({ offset: true, error: 'is not an RFC 3339 date-time' });

const mappingSchema = z.object({
  origin_ip: z.string().refine(isMappableIp, 'is not an IPv4 or IPv6 address'),
  vendor: printable('vendor'),
  region: printable('region'),
  modified_on: modifiedOnSchema.nullable().optional(),
});

const count = z.number().int().min(0);

const resultInfoSchema = z.object({
  page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(100),
  count,
  total_count: count.max(
    ABSURD_TOTAL_COUNT,
    `is absurd (over ${ABSURD_TOTAL_COUNT}; Cloudflare allows 3,500 mappings per zone)`,
  ),
  total_pages: count,
});

const listSchema = z.object({
  result: z.array(mappingSchema, { error: 'must be an array of mappings' }),
  result_info: resultInfoSchema,
});

const supportedSchema = z.object({
  result: z.object({
    obtained_codes: z.boolean(),
    vendors: z.record(
      printable('vendor'),
      z.array(z.object({ name: printable('region name'), upper_tier_colos: z.array(printable('colo code')) })),
    ),
  }),
});

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

/** Summarises zod issues as `result[3].origin_ip: is not an IPv4 or IPv6 address; …` (at most three). */
export function summariseIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(body)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}

/**
 * Cloudflare error details from any JSON: the well-formed entries of an `errors` array, else none.
 * Used for refusals, whose bodies are read leniently (a proxy may answer instead of the API).
 */
export function extractCloudflareErrors(json: unknown): CloudflareErrorDetail[] {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { errors?: unknown }).errors)) return [];
  return (json as { errors: unknown[] }).errors
    .filter(
      (e): e is { code: number; message: unknown } =>
        typeof e === 'object' && e !== null && Number.isInteger((e as { code?: unknown }).code),
    )
    .map((e) => ({ code: e.code, message: typeof e.message === 'string' ? e.message : '' }));
}

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
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw formatError(
      ctx,
      `expected a JSON object envelope, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`,
      text,
    );
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    if ((json as { success?: unknown }).success === false) {
      throw cloudflareApiError(ctx, extractCloudflareErrors(json));
    }
    throw formatError(ctx, `not a Cloudflare v4 envelope (${summariseIssues(parsed.error)})`, text);
  }
  if (!parsed.data.success) throw cloudflareApiError(ctx, parsed.data.errors);
  if (parsed.data.errors.length > 0) {
    throw formatError(ctx, 'the envelope says success: true but lists errors', text);
  }
  return json as Record<string, unknown>;
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
  // The common case (a well-formed page) is checked by hand, which costs a fraction of zod's generic walk
  // over 100 objects; anything the hand check does not pass goes through zod, whose issues make the message.
  let valid = readWellFormedList(envelope);
  if (valid === undefined) {
    const parsed = listSchema.safeParse(envelope);
    if (!parsed.success)
      throw formatError(ctx, `the list envelope is malformed (${summariseIssues(parsed.error)})`, text);
    valid = fromParsedList(parsed.data);
  }
  const { info, mappings, sortKeys } = valid;
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

type ResultInfo = z.infer<typeof resultInfoSchema>;

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

function toMapping(originIp: string, vendor: string, region: string, modifiedOn: string | null | undefined) {
  const out: { originIp: string; vendor: string; region: string; modifiedOn?: string } = { originIp, vendor, region };
  if (modifiedOn != null) out.modifiedOn = modifiedOn;
  return Object.freeze(out);
}

function fromParsedList(data: z.infer<typeof listSchema>): ValidList {
  const mappings: OriginCloudRegionMapping[] = [];
  const sortKeys: string[] = [];
  for (const m of data.result) {
    const ip = canonicalIpAndKey(m.origin_ip);
    // zod's refine accepted the IP, so it parses; canonicalIp keeps the typed error should that ever change.
    const canonical = ip?.canonical ?? canonicalIp(m.origin_ip);
    mappings.push(toMapping(canonical, m.vendor, m.region, m.modified_on));
    sortKeys.push(ip?.key ?? '');
  }
  return { info: data.result_info, mappings, sortKeys };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPrintable = (v: unknown): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= 200 && PRINTABLE.test(v);

/**
 * The list envelope's data when it certainly passes `listSchema` (every check here is one of the
 * schema's, or stricter), else `undefined` and the caller asks zod. Never throws.
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
    if (typeof originIp !== 'string' || !isPrintable(vendor) || !isPrintable(region)) return undefined;
    if (modifiedOn != null && !modifiedOnSchema.safeParse(modifiedOn).success) return undefined;
    const ip = canonicalIpAndKey(originIp);
    if (ip === undefined) return undefined;
    mappings.push(toMapping(ip.canonical, vendor, region, modifiedOn as string | null | undefined));
    sortKeys.push(ip.key);
  }
  return {
    info: { page, per_page: perPage, count, total_count: totalCount, total_pages: totalPages },
    mappings,
    sortKeys,
  };
}

/**
 * Validates a `supported_regions` answer and converts it to camelCase.
 * @throws {@link CloudflareApiError} for `success: false`
 * @throws {@link ResponseFormatError} for anything malformed
 */
export function parseSupportedRegions(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
): SupportedRegions {
  const envelope = checkEnvelope(ctx, json, text);
  const parsed = supportedSchema.safeParse(envelope);
  if (!parsed.success)
    throw formatError(ctx, `the supported_regions envelope is malformed (${summariseIssues(parsed.error)})`, text);
  const vendors: Record<string, readonly { name: string; upperTierColos: readonly string[] }[]> = {};
  for (const [vendor, regions] of Object.entries(parsed.data.result.vendors)) {
    vendors[vendor] = Object.freeze(
      regions.map((r) => Object.freeze({ name: r.name, upperTierColos: Object.freeze([...r.upper_tier_colos]) })),
    );
  }
  return Object.freeze({ obtainedCodes: parsed.data.result.obtained_codes, vendors: Object.freeze(vendors) });
}
