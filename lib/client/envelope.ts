import type { OriginCloudRegionMapping } from '../model/mapping';
import { isRecord } from '../model/record';
import { supportedRegionsFromWire, type SupportedRegions } from '../model/supported-regions';
import { isPlainEnvelope, plainListPage, type WirePageMapping } from '../model/wire-values';
import type * as WireSchema from '../model/wire-schema';
import { quoteForMessage } from '../sinks/terminal';
import type { z } from 'zod';
import { cloudflareApiError, type ServerErrorEntry } from './api-errors';
import { formatError, type AnswerContext } from './body';

/** The zod schemas, loaded when an answer needs them: a well-formed list page never does (see wire-values.ts). */
function schemas(): typeof WireSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, to spare `list` loading zod
  return require('../model/wire-schema') as typeof WireSchema;
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
  /** `ipSortKey` of each mapping's IP, from the parse that made it canonical (so a listing sorts without another). */
  readonly sortKeys?: readonly string[];
  /** Canonical origin IP → the text the server sent, for each IP it did not send in canonical form. */
  readonly sentOriginIps?: ReadonlyMap<string, string>;
  /** Each mapping's origin IP as the server sent it (to name both notations of a duplicate). */
  readonly sentTexts?: readonly string[];
}

/**
 * The entries of an `errors` array that have an integer `code`, from any JSON: refusals are read leniently (a proxy
 * may answer instead of the API). The text is as sent: `cloudflareApiError` makes it fit to print.
 */
export function extractCloudflareErrors(json: unknown): ServerErrorEntry[] {
  if (!isRecord(json) || !Array.isArray(json.errors)) return [];
  return json.errors
    .filter((e): e is Record<string, unknown> => isRecord(e) && Number.isInteger(e.code))
    .map((e) => ({
      code: e.code as number,
      message: typeof e.message === 'string' ? e.message : '',
      ...(typeof e.documentation_url === 'string' ? { documentationUrl: e.documentation_url } : {}),
    }));
}

// A path segment may be a key the server chose (a vendor name): shown escaped and cut, like any server text.
const MAX_PATH_SEGMENT_CHARS = 40;

// `result[3].origin_ip: is not an IPv4 or IPv6 address; …` (at most three). Path keys come from the server.
function summariseIssues(error: z.ZodError, redact: (text: string) => string): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((p, i) => {
        if (typeof p === 'number') return `[${p}]`;
        const key = quoteForMessage(redact(String(p)), MAX_PATH_SEGMENT_CHARS);
        return i === 0 ? key : `.${key}`;
      })
      .join('');
    return `${path || '(body)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}

/** Checks the common v4 envelope and returns it: `success: false` is a refusal whatever the HTTP status. */
export function checkEnvelope(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
): Record<string, unknown> {
  if (!isRecord(json)) {
    throw formatError(
      ctx,
      `expected a JSON object envelope, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`,
      text,
    );
  }
  if (isPlainEnvelope(json)) {
    if (json.success === false) throw cloudflareApiError(ctx, []);
    return json;
  }
  const parsed = schemas().envelopeSchema.safeParse(json);
  if (!parsed.success) {
    if (json.success === false) throw cloudflareApiError(ctx, extractCloudflareErrors(json));
    throw formatError(ctx, `not a Cloudflare v4 envelope (${summariseIssues(parsed.error, ctx.redact)})`, text);
  }
  if (!parsed.data.success) throw cloudflareApiError(ctx, extractCloudflareErrors(json));
  if (parsed.data.errors.length > 0) {
    throw formatError(ctx, 'the envelope says success: true but lists errors', text);
  }
  return json;
}

function toMappings(items: readonly WirePageMapping[]) {
  const mappings: OriginCloudRegionMapping[] = [];
  const sortKeys: string[] = [];
  const sentTexts: string[] = [];
  const sentOriginIps = new Map<string, string>();
  for (const { origin_ip: ip, vendor, region, modified_on: modifiedOn } of items) {
    // Extended in place, not spread: a spread per mapping made a page about 3 times slower to read (measured).
    const out: { originIp: string; vendor: string; region: string; modifiedOn?: string } = {
      originIp: ip.canonical,
      vendor,
      region,
    };
    if (modifiedOn != null) out.modifiedOn = modifiedOn;
    mappings.push(Object.freeze(out));
    sortKeys.push(ip.key);
    sentTexts.push(ip.sent);
    if (ip.sent !== ip.canonical) sentOriginIps.set(ip.canonical, ip.sent);
  }
  return {
    mappings: Object.freeze(mappings),
    sortKeys: Object.freeze(sortKeys),
    sentOriginIps,
    sentTexts: Object.freeze(sentTexts),
  };
}

/**
 * Validates one list page against the request that fetched it: the envelope, every mapping, and `result_info`.
 * Nothing is assumed of `per_page`: Cloudflare's contract promises no echo of the size asked (its documented
 * examples report the default, 20). How the pages fit together is the listing's to check (see `pageLayout`).
 */
export function parseListPage(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
  expected: { readonly page: number },
): ListPage {
  const envelope = checkEnvelope(ctx, json, text);
  const data = plainListPage(envelope) ?? matchSchema(ctx, envelope, text, schemas().listPageSchema, 'list');
  const info = data.result_info;
  const listed = toMappings(data.result);
  const bad = (problem: string): never => {
    throw formatError(ctx, problem, text);
  };
  if (info.page !== expected.page) bad(`result_info.page is ${info.page}, but page ${expected.page} was requested`);
  if (info.count !== listed.mappings.length)
    bad(`result_info.count is ${info.count}, but the page holds ${listed.mappings.length} mappings`);
  if (info.count > info.total_count) bad(`result_info.count ${info.count} is over total_count ${info.total_count}`);
  return Object.freeze({
    page: info.page,
    perPage: info.per_page,
    count: info.count,
    totalCount: info.total_count,
    totalPages: info.total_pages,
    ...listed,
  });
}

/** `value` (a checked envelope) as `schema` reads it; a mismatch's error names `what` and the first issues. */
export function matchSchema<S extends z.ZodType>(
  ctx: AnswerContext,
  value: unknown,
  text: string,
  schema: S,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw formatError(ctx, `the ${what} envelope is malformed (${summariseIssues(parsed.error, ctx.redact)})`, text);
}

/** Validates a `supported_regions` answer and converts it to camelCase (`vendors` has no prototype). */
export function parseSupportedRegions(
  ctx: AnswerContext & { zoneId?: string },
  json: unknown,
  text: string,
): SupportedRegions {
  const envelope = checkEnvelope(ctx, json, text);
  const answer = matchSchema(ctx, envelope, text, schemas().supportedRegionsAnswerSchema, 'supported_regions');
  return supportedRegionsFromWire(answer.result);
}
