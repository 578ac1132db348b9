import { isPlausibleId } from '../model/mapping';
import { quoteForMessage } from '../sinks/terminal';
import { IpRangeFeedError } from '../errors/ip-ranges';
import { isRecord } from '../model/record';
import { parseJsonOrUndefined } from '../files/json-text';
import { azureRegionId, azureRegionNamesFromTags, type ServiceTagName } from './azure-regions';
import { parsePrefix } from './prefix';
import { PrefixIndex } from './prefix-index';
import { feedVariable } from './sources';
import { GLOBAL_REGION, UNKNOWN_REGION, type FeedVendor, type IpRangeFeed, type PublishedPrefix } from './types';

/** Largest feed accepted, in bytes (Azure's Service Tags file, the largest, is about 4 MB). */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;
/** Most prefixes accepted from one feed (AWS, the largest in prefixes, lists about 10,000 entries). */
const MAX_FEED_ENTRIES = 500_000;

/** Display names for messages. */
export const VENDOR_NAMES: Readonly<Record<FeedVendor, string>> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  oci: 'Oracle Cloud',
  azure: 'Azure',
};

/** The feed being read and the URL or file it came from, for error messages. */
interface FeedContext {
  readonly vendor: FeedVendor;
  readonly source: string;
}

function feedError(ctx: FeedContext, problem: string): never {
  throw new IpRangeFeedError(
    ctx.vendor,
    ctx.source,
    `The ${VENDOR_NAMES[ctx.vendor]} IP range feed from ${quoteForMessage(ctx.source)} ${problem}. ` +
      `Check that ${feedVariable(ctx.vendor)} points at the vendor's published JSON file; ` +
      `until then, ${VENDOR_NAMES[ctx.vendor]} mappings are reported as unverified.`,
  );
}

function parseFeedJson(ctx: FeedContext, text: string): Record<string, unknown> {
  if (text.length > MAX_FEED_BYTES) feedError(ctx, `is larger than ${MAX_FEED_BYTES} bytes`);
  // A byte order mark is harmless (some Windows tools add one); JSON.parse would refuse it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const start = text.trimStart();
  if (start.startsWith('<')) feedError(ctx, 'is an HTML or XML page, not JSON (an error page or a login wall?)');
  const value = parseJsonOrUndefined(text);
  if (value === undefined) feedError(ctx, 'is not valid JSON');
  if (!isRecord(value)) feedError(ctx, 'is not a JSON object');
  return value;
}

function arrayField(ctx: FeedContext, object: Record<string, unknown>, field: string): unknown[] {
  const value = object[field];
  if (!Array.isArray(value)) feedError(ctx, `has no array "${field}"`);
  return value;
}

/** Calls `visit` with each entry of the array at `field` and its path (`${path}[3]`). */
function forEachRecord(
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

function versionField(ctx: FeedContext, object: Record<string, unknown>, field: string): string {
  const value = object[field];
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !VERSION.test(text)) {
    feedError(ctx, `has no valid "${field}" (printable text of at most 64 characters expected)`);
  }
  return text;
}

/** Collects validated prefixes in feed order, deduplicated by prefix and region; `where` names the entry. */
class PrefixCollector {
  private readonly seen = new Set<string>();
  public readonly prefixes: PublishedPrefix[] = [];

  public constructor(private readonly ctx: FeedContext) {}

  public add(prefixText: unknown, region: string, where: string): void {
    if (typeof prefixText !== 'string') feedError(this.ctx, `has a non-string prefix at ${where}`);
    const parsed = parsePrefix(prefixText);
    if (!parsed) feedError(this.ctx, `has an invalid prefix ${quoteForMessage(prefixText)} at ${where}`);
    const key = `${parsed.canonical} ${region}`;
    if (this.seen.has(key)) return;
    if (this.prefixes.length >= MAX_FEED_ENTRIES) feedError(this.ctx, `has more than ${MAX_FEED_ENTRIES} prefixes`);
    this.seen.add(key);
    this.prefixes.push({ prefix: parsed.canonical, region });
  }
}

function regionValue(ctx: FeedContext, value: unknown, where: string): string {
  if (typeof value !== 'string') feedError(ctx, `has a non-string region at ${where}`);
  if (value.toLowerCase() === GLOBAL_REGION) return GLOBAL_REGION;
  if (!isPlausibleId(value)) feedError(ctx, `has an implausible region ${quoteForMessage(value)} at ${where}`);
  return value;
}

/** The frame every feed shares: a JSON object with a version stamp at `versionKey`; `collect` adds the prefixes. */
function readFeed(
  vendor: FeedVendor,
  source: string,
  text: string,
  versionKey: string,
  collect: (ctx: FeedContext, root: Record<string, unknown>, out: PrefixCollector) => void,
): IpRangeFeed {
  const ctx: FeedContext = { vendor, source };
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, versionKey);
  const out = new PrefixCollector(ctx);
  collect(ctx, root, out);
  return { vendor, version, prefixes: out.prefixes };
}

/**
 * Parses AWS's `ip-ranges.json`. `region` is used, not `network_border_group`: Local Zones belong to their parent
 * region, which is what Cloudflare names.
 */
export function parseAwsFeed(text: string, source: string): IpRangeFeed {
  return readFeed('aws', source, text, 'syncToken', (ctx, root, out) => {
    for (const [field, key] of [
      ['prefixes', 'ip_prefix'],
      ['ipv6_prefixes', 'ipv6_prefix'],
    ] as const) {
      forEachRecord(ctx, root, field, field, (entry, where) => {
        out.add(entry[key], regionValue(ctx, entry.region, `${where}.region`), `${where}.${key}`);
      });
    }
  });
}

/** Parses Google Cloud's `cloud.json` (`scope` is the region or `global`). */
export function parseGcpFeed(text: string, source: string): IpRangeFeed {
  return readFeed('gcp', source, text, 'syncToken', (ctx, root, out) => {
    forEachRecord(ctx, root, 'prefixes', 'prefixes', (entry, where) => {
      const region = regionValue(ctx, entry.scope, `${where}.scope`);
      const v4 = entry.ipv4Prefix;
      const v6 = entry.ipv6Prefix;
      if ((v4 === undefined) === (v6 === undefined)) {
        feedError(ctx, `has an entry with neither or both of ipv4Prefix and ipv6Prefix at ${where}`);
      }
      out.add(v4 ?? v6, region, `${where}.${v4 === undefined ? 'ipv6Prefix' : 'ipv4Prefix'}`);
    });
  });
}

/** Parses Oracle Cloud's `public_ip_ranges.json` (IPv4 only; its region ids are Cloudflare's). */
export function parseOciFeed(text: string, source: string): IpRangeFeed {
  return readFeed('oci', source, text, 'last_updated_timestamp', (ctx, root, out) => {
    forEachRecord(ctx, root, 'regions', 'regions', (entry, where) => {
      const region = regionValue(ctx, entry.region, `${where}.region`);
      forEachRecord(ctx, entry, 'cidrs', `${where}.cidrs`, (cidr, at) => out.add(cidr.cidr, region, `${at}.cidr`));
    });
  });
}

const GLOBAL_TAG = 'AzureCloud';
const TAG_PREFIX = `${GLOBAL_TAG}.`;

/**
 * Parses Azure's Service Tags file. The regional `AzureCloud.<region>` tags are read (they cover every other tag of
 * the region); their region, spelled the file's way (`germanyn`), is translated to Cloudflare's (`germanynorth`) by
 * the file's own regional tag names ({@link azureRegionNamesFromTags}), else by the alias table. The global
 * `AzureCloud` tag adds the prefixes no regional tag covers, with region {@link UNKNOWN_REGION}.
 */
export function parseAzureFeed(text: string, source: string): IpRangeFeed {
  return readFeed('azure', source, text, 'changeNumber', (ctx, root, out) => {
    const tags: Record<string, unknown>[] = [];
    forEachRecord(ctx, root, 'values', 'values', (tag) => tags.push(tag));
    const names = azureRegionNamesFromTags(serviceTagNames(tags));
    let regional = 0;
    let global: { tag: Record<string, unknown>; where: string } | undefined;
    tags.forEach((tag, i) => {
      const where = `values[${i}]`;
      if (tag.name === GLOBAL_TAG) global = { tag, where };
      if (typeof tag.name !== 'string' || !tag.name.startsWith(TAG_PREFIX)) return;
      const props = propertiesOf(ctx, tag, where);
      const written =
        props.region === undefined || props.region === '' ? tag.name.slice(TAG_PREFIX.length) : props.region;
      const spelled = regionValue(ctx, written, `${where}.properties.region`);
      const region = names.get(spelled) ?? azureRegionId(spelled);
      regional += 1;
      arrayField(ctx, props, 'addressPrefixes').forEach((prefix, j) => {
        out.add(prefix, region, `${where}.properties.addressPrefixes[${j}]`);
      });
    });
    if (regional === 0) feedError(ctx, `has no "${TAG_PREFIX}<region>" service tags (is it the Public cloud file?)`);
    if (global) addRegionless(ctx, global.tag, global.where, out);
  });
}

function propertiesOf(ctx: FeedContext, tag: Record<string, unknown>, where: string): Record<string, unknown> {
  if (!isRecord(tag.properties)) feedError(ctx, `has no object "properties" at ${where}`);
  return tag.properties;
}

/** Every tag's name and region, for the translation (a tag of another shape translates nothing, so is skipped). */
function* serviceTagNames(tags: readonly Record<string, unknown>[]): Generator<ServiceTagName> {
  for (const tag of tags) {
    const region = isRecord(tag.properties) ? tag.properties.region : undefined;
    if (typeof tag.name === 'string' && typeof region === 'string') yield { name: tag.name, region };
  }
}

// Only the global prefixes no regional prefix of equal or shorter length covers: a global prefix inside a regional
// one adds nothing, and kept, it would hide the region from a longest-prefix match.
function addRegionless(ctx: FeedContext, tag: Record<string, unknown>, where: string, out: PrefixCollector): void {
  const index = PrefixIndex.build([{ vendor: 'azure', version: '', prefixes: out.prefixes }]);
  arrayField(ctx, propertiesOf(ctx, tag, where), 'addressPrefixes').forEach((prefix, j) => {
    const at = `${where}.properties.addressPrefixes[${j}]`;
    const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : undefined;
    if (!parsed) return out.add(prefix, UNKNOWN_REGION, at); // refused there, naming the entry
    const covering = index.lookup('azure', parsed.canonical.slice(0, parsed.canonical.indexOf('/')));
    if (covering === undefined || covering.length > parsed.length) out.add(prefix, UNKNOWN_REGION, at);
  });
}

/** Parses one vendor's feed, or throws an {@link IpRangeFeedError} saying why it is not one. */
export function parseFeed(vendor: FeedVendor, text: string, source: string): IpRangeFeed {
  return { aws: parseAwsFeed, gcp: parseGcpFeed, oci: parseOciFeed, azure: parseAzureFeed }[vendor](text, source);
}
