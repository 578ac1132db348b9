import { canonicalIpAndKey } from './ip';
import { isRecord } from './record';

// The wire shapes' value rules without zod, which costs a whole-process `list` about 100 ms to load and 50 ms to check
// 3,500 mappings: a page these checks pass is the page the schema passes, with the same output; anything else goes to
// the schema, which decides and words the error. test/model/wire-values.test.ts holds the two side by side.

/** Cloudflare allows 3,500 mappings per zone; a count far above that is a broken answer, not a big zone. */
export const ABSURD_TOTAL_COUNT = 100_000;

/** No control character (values end up in tables, outputs and file names); emptiness is a rule of its own. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]*$/u;

/** Longest vendor, region or colo string accepted. */
export const MAX_TEXT_LENGTH = 200;

/** The separator of the `vendor/region` values this package writes: a vendor never holds it (a region may). */
export const VENDOR_REGION_SEPARATOR = '/';

/** Whether `value` is a vendor, region or colo value: 1..200 characters, none of them control characters. */
export function isPrintableText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_TEXT_LENGTH && PRINTABLE.test(value);
}

// zod 4's `z.iso.datetime({ offset: true })` pattern, as its regexes.js builds it: seconds required, any fraction,
// `Z` or `±hh:mm`, and calendar days (29 February in leap years only).
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const HHMM = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const RFC3339 = new RegExp(`^${DATE}T(?:${HHMM}:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-]${HHMM})))$`);

/** Whether `value` is an RFC 3339 date-time with a `Z` or numeric offset, as a mapping's `modified_on` carries. */
export function isRfc3339DateTime(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value);
}

const isCount = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** An origin IP as a list page carries it: the text as sent, its canonical form and its `ipSortKey`. */
export interface ParsedOriginIp {
  readonly sent: string;
  readonly canonical: string;
  readonly key: string;
}

/** A page's mapping as the list page schema outputs it. */
export interface WirePageMapping {
  readonly origin_ip: ParsedOriginIp;
  readonly vendor: string;
  readonly region: string;
  readonly modified_on?: string | null;
}

/** A list page as the list page schema outputs it. */
interface WireListPage {
  readonly result: WirePageMapping[];
  readonly result_info: {
    readonly page: number;
    readonly per_page: number;
    readonly count: number;
    readonly total_count: number;
    readonly total_pages: number;
  };
}

/** Whether `envelope` is a v4 envelope the envelope schema passes, with no `errors`. */
export function isPlainEnvelope(envelope: Record<string, unknown>): boolean {
  const { success, errors, messages } = envelope;
  return (
    typeof success === 'boolean' &&
    Array.isArray(errors) &&
    errors.length === 0 &&
    (messages === undefined || Array.isArray(messages))
  );
}

function plainMapping(item: unknown): WirePageMapping | undefined {
  if (!isRecord(item)) return undefined;
  const { origin_ip: sent, vendor, region, modified_on: modifiedOn } = item;
  if (typeof sent !== 'string' || !isPrintableText(vendor) || !isPrintableText(region)) return undefined;
  if (vendor.includes(VENDOR_REGION_SEPARATOR)) return undefined;
  if (modifiedOn !== undefined && modifiedOn !== null && !isRfc3339DateTime(modifiedOn)) return undefined;
  const ip = canonicalIpAndKey(sent);
  if (ip === undefined) return undefined;
  const out: { -readonly [K in keyof WirePageMapping]: WirePageMapping[K] } = {
    origin_ip: { sent, ...ip },
    vendor,
    region,
  };
  if (modifiedOn !== undefined) out.modified_on = modifiedOn;
  return out;
}

/** What the list page schema would output for `envelope`, or `undefined` when any value fails the plain rules. */
export function plainListPage(envelope: Record<string, unknown>): WireListPage | undefined {
  const { result, result_info: info } = envelope;
  if (!Array.isArray(result) || !isRecord(info)) return undefined;
  const { page, per_page: perPage, count, total_count: totalCount, total_pages: totalPages } = info;
  if (!isCount(page, 1) || !isCount(perPage, 1, 100) || !isCount(count, 0) || !isCount(totalPages, 0)) {
    return undefined;
  }
  if (!isCount(totalCount, 0, ABSURD_TOTAL_COUNT)) return undefined;
  const mappings: WirePageMapping[] = [];
  for (const item of result) {
    const mapping = plainMapping(item);
    if (mapping === undefined) return undefined;
    mappings.push(mapping);
  }
  return {
    result: mappings,
    result_info: { page, per_page: perPage, count, total_count: totalCount, total_pages: totalPages },
  };
}
