import { z } from 'zod';
import { canonicalIp, isIp } from '../model/ip';
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
const printable = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(200, `${what} is longer than 200 characters`)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/u, `${what} contains control characters`);

// isIp accepts IPv6 zone indexes (fe80::1%eth0) that canonicalIp refuses; a mapping needs both to pass.
function isMappableIp(text: string): boolean {
  if (!isIp(text)) return false;
  try {
    canonicalIp(text);
    return true;
  } catch {
    return false;
  }
}

const messageSchema = z.object({ code: z.number().int(), message: z.string() });

const envelopeSchema = z.object({
  success: z.boolean(),
  errors: z.array(messageSchema),
  messages: z.array(z.unknown()).optional(),
});

const mappingSchema = z.object({
  origin_ip: z.string().refine(isMappableIp, 'is not an IPv4 or IPv6 address'),
  vendor: printable('vendor'),
  region: printable('region'),
  modified_on: z.iso.datetime({ offset: true, error: 'is not an RFC 3339 date-time' }).nullable().optional(),
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
  const parsed = listSchema.safeParse(envelope);
  if (!parsed.success)
    throw formatError(ctx, `the list envelope is malformed (${summariseIssues(parsed.error)})`, text);
  const { result, result_info: info } = parsed.data;
  const bad = (problem: string): never => {
    throw formatError(ctx, problem, text);
  };
  if (info.page !== expected.page) bad(`result_info.page is ${info.page}, but page ${expected.page} was requested`);
  if (info.per_page !== expected.perPage)
    bad(`result_info.per_page is ${info.per_page}, but per_page ${expected.perPage} was requested`);
  if (info.count !== result.length)
    bad(`result_info.count is ${info.count}, but the page holds ${result.length} mappings`);
  if (info.count > info.per_page) bad(`result_info.count ${info.count} is over per_page ${info.per_page}`);
  const pages = Math.ceil(info.total_count / info.per_page);
  if (info.total_pages !== pages) {
    bad(
      `result_info.total_pages is ${info.total_pages}, but total_count ${info.total_count} at per_page ${info.per_page} makes ${pages}`,
    );
  }
  const mappings = result.map((m) => {
    const out: { originIp: string; vendor: string; region: string; modifiedOn?: string } = {
      originIp: canonicalIp(m.origin_ip),
      vendor: m.vendor,
      region: m.region,
    };
    if (m.modified_on != null) out.modifiedOn = m.modified_on;
    return Object.freeze(out);
  });
  return Object.freeze({
    page: info.page,
    perPage: info.per_page,
    count: info.count,
    totalCount: info.total_count,
    totalPages: info.total_pages,
    mappings: Object.freeze(mappings),
  });
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
