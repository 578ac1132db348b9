import { isPlausibleId } from '../model/mapping';
import { quoteForMessage } from '../sinks/terminal';
import { IpRangeFeedError } from '../errors/ip-ranges';
import { parsePrefix } from './prefix';
import { GLOBAL_REGION, type FeedVendor, type PublishedPrefix } from './types';

/** Largest feed accepted, in bytes (Azure's Service Tags file, the largest, is about 4 MB). */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;
/** Most prefixes accepted from one feed (AWS, the largest in prefixes, lists about 10,000 entries). */
export const MAX_FEED_ENTRIES = 500_000;

/** Display names for messages. */
export const VENDOR_NAMES: Readonly<Record<FeedVendor, string>> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  oci: 'Oracle Cloud',
  azure: 'Azure',
};

/** What a parser needs to name in its errors. */
export interface FeedContext {
  /** The vendor whose feed this is. */
  readonly vendor: FeedVendor;
  /** The URL or file the text came from. */
  readonly source: string;
}

/** Throws an {@link IpRangeFeedError} that names the vendor, the source and the fix. */
export function feedError(ctx: FeedContext, problem: string, cause?: unknown): never {
  throw new IpRangeFeedError(
    ctx.vendor,
    ctx.source,
    `The ${VENDOR_NAMES[ctx.vendor]} IP range feed from ${quoteForMessage(ctx.source)} ${problem}. ` +
      `Check that ORIGIN_CLOUD_REGIONS_IP_RANGES_${envSuffix(ctx.vendor)} points at the vendor's published JSON file; ` +
      `until then, ${VENDOR_NAMES[ctx.vendor]} mappings are reported as unverified.`,
    cause === undefined ? undefined : { cause },
  );
}

/** The suffix of the vendor's environment variable: `AWS`, `GCP`, `OCI`, `AZURE`. */
export function envSuffix(vendor: FeedVendor): string {
  return vendor.toUpperCase();
}

/**
 * Parses a feed's text as JSON, refusing what a broken download looks like: too large, an HTML page,
 * not JSON, or not an object.
 */
export function parseFeedJson(ctx: FeedContext, text: string): Record<string, unknown> {
  if (text.length > MAX_FEED_BYTES) feedError(ctx, `is larger than ${MAX_FEED_BYTES} bytes`);
  // A byte order mark is harmless (some Windows tools add one); JSON.parse would refuse it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const start = text.trimStart();
  if (start.startsWith('<')) feedError(ctx, 'is an HTML or XML page, not JSON (an error page or a login wall?)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text; the file is untrusted, so only say that it is not JSON.
    feedError(ctx, 'is not valid JSON');
  }
  if (!isRecord(value)) feedError(ctx, 'is not a JSON object');
  return value;
}

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `field`, or an error naming it. */
export function arrayField(ctx: FeedContext, object: Record<string, unknown>, field: string): unknown[] {
  const value = object[field];
  if (!Array.isArray(value)) feedError(ctx, `has no array "${field}"`);
  return value;
}

/** Calls `visit` with each entry of the array at `field` and its path (`${path}[3]`); a non-object entry is refused. */
export function forEachRecord(
  ctx: FeedContext,
  object: Record<string, unknown>,
  field: string,
  path: string,
  visit: (entry: Record<string, unknown>, where: string) => void,
): void {
  arrayField(ctx, object, field).forEach((entry, i) => {
    const where = `${path}[${i}]`;
    if (!isRecord(entry)) feedError(ctx, `has a non-object entry at ${where}`);
    visit(entry, where);
  });
}

const VERSION = /^[\x21-\x7e]{1,64}$/;

/** A version stamp (`syncToken`, `changeNumber`…): printable ASCII, 1..64 characters. */
export function versionField(ctx: FeedContext, object: Record<string, unknown>, field: string): string {
  const value = object[field];
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !VERSION.test(text)) {
    feedError(ctx, `has no valid "${field}" (printable text of at most 64 characters expected)`);
  }
  return text;
}

/**
 * Collects validated prefixes, deduplicated by prefix and region, refusing an invalid prefix or region
 * with an error naming where it was.
 */
export class PrefixCollector {
  private readonly seen = new Set<string>();
  private readonly out: PublishedPrefix[] = [];

  /** @param ctx - the feed being read, for error messages */
  public constructor(private readonly ctx: FeedContext) {}

  /**
   * Adds one entry.
   * @param prefixText - the CIDR as written
   * @param region - the region as written; `GLOBAL`/`global` become {@link GLOBAL_REGION}
   * @param where - the JSON path of the entry, for messages
   */
  public add(prefixText: unknown, region: string, where: string): void {
    if (typeof prefixText !== 'string') feedError(this.ctx, `has a non-string prefix at ${where}`);
    const parsed = parsePrefix(prefixText);
    if (!parsed) feedError(this.ctx, `has an invalid prefix ${quoteForMessage(prefixText)} at ${where}`);
    const key = `${parsed.canonical} ${region}`;
    if (this.seen.has(key)) return;
    if (this.out.length >= MAX_FEED_ENTRIES) feedError(this.ctx, `has more than ${MAX_FEED_ENTRIES} prefixes`);
    this.seen.add(key);
    this.out.push({ prefix: parsed.canonical, region });
  }

  /** The prefixes collected, in feed order. */
  public result(): PublishedPrefix[] {
    return this.out;
  }
}

/**
 * Checks a region value: a plausible id (lowercase letters, digits, inner `-`); `GLOBAL` in any case becomes
 * {@link GLOBAL_REGION}.
 */
export function regionValue(ctx: FeedContext, value: unknown, where: string): string {
  if (typeof value !== 'string') feedError(ctx, `has a non-string region at ${where}`);
  if (value.toLowerCase() === GLOBAL_REGION) return GLOBAL_REGION;
  if (!isPlausibleId(value)) feedError(ctx, `has an implausible region ${quoteForMessage(value)} at ${where}`);
  return value;
}
