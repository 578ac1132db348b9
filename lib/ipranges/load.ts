import type { Dispatcher } from 'undici';
import { undici } from '../client/undici';
import { OriginCloudRegionsError } from '../errors';
import { readRegularTextFile } from '../files';
import { noProxyMatches, proxyVariable } from '../client/proxy';
import { quoteForMessage } from '../sinks/terminal';
import { cacheFilePath, readCachedFeed, writeCachedFeed, type CachedFeed } from './cache';
import { IpRangeFeedError } from '../errors/ip-ranges';
import { MAX_FEED_BYTES, VENDOR_NAMES } from './parse-common';
import { parseFeed } from './parse';
import { PrefixIndex } from './prefix-index';
import { parseFeedUrl, resolveCacheDir, resolveFeedSources, type FeedSource } from './sources';
import type { FeedVendor, IpRangeFeed } from './types';

/**
 * How old a cached feed may be and still stand in for an unreachable one: 7 days. The vendors publish changes
 * several times a week (Azure weekly); a week-old copy still places nearly every address correctly, an older
 * one is not trusted and the vendor's mappings become `unverified`.
 */
export const MAX_STALE_FEED_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** Time allowed for a feed's response headers, and separately for its body: 30 s. */
export const FEED_TIMEOUT_MS = 30_000;

const MAX_REDIRECTS = 3;

/** Options of {@link loadIpRanges}. */
export interface LoadIpRangesOptions {
  /** Environment with the `ORIGIN_CLOUD_REGIONS_IP_RANGES_*`, cache and proxy variables. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock, for cache ages. @default () => new Date() */
  readonly now?: () => Date;
  /** Oldest cached copy used when a feed is unreachable. @default {@link MAX_STALE_FEED_AGE_MS} */
  readonly maxStaleMs?: number;
  /** Headers and body timeout per request. @default {@link FEED_TIMEOUT_MS} */
  readonly timeoutMs?: number;
}

/** How one vendor's feed was obtained. */
export interface FeedLoadResult {
  /** The vendor. */
  readonly vendor: FeedVendor;
  /** The URL (without query) or path it came from, or `not configured`. */
  readonly source: string;
  /**
   * `downloaded` (new copy), `not_modified` (the cached copy was revalidated), `stale_cache` (unreachable; an
   * older cached copy is used), `file` (a local file), `off` (not configured), `failed` (unusable: its mappings
   * are `unverified`).
   */
  readonly status: 'downloaded' | 'not_modified' | 'stale_cache' | 'file' | 'off' | 'failed';
  /** The feed's version stamp, when loaded. */
  readonly version?: string;
  /** Why it failed (`failed`) or why the cache was used (`stale_cache`). */
  readonly error?: OriginCloudRegionsError;
}

/** The feeds that could be loaded, indexed, with how each was obtained and the warnings to show. */
export interface LoadedIpRanges {
  /** Index over every loaded feed. */
  readonly index: PrefixIndex;
  /** One result per vendor, in `aws`, `gcp`, `oci`, `azure` order. */
  readonly feeds: readonly FeedLoadResult[];
  /** One line per problem (no trailing newline), for stderr. Values from outside are escaped. */
  readonly warnings: readonly string[];
}

/**
 * Loads every configured feed concurrently, validating each; a feed that cannot be used is reported in
 * `feeds` and `warnings`, never thrown, so the other vendors are still verified.
 *
 * URLs are revalidated against the cache with `If-None-Match` / `If-Modified-Since`; a new copy is written to
 * the cache atomically. An unreachable URL (network error, timeout, status other than 200 or 304) falls back to
 * a cached copy younger than `maxStaleMs`, with a warning.
 *
 * @throws {@link InvalidInputError} when a feed variable holds a URL that is not https (or loopback http)
 */
export async function loadIpRanges(options: LoadIpRangesOptions = {}): Promise<LoadedIpRanges> {
  const env = options.env ?? process.env;
  const sources = resolveFeedSources(env);
  const context: LoadContext = {
    env,
    cacheDir: resolveCacheDir(env),
    now: options.now ?? (() => new Date()),
    maxStaleMs: options.maxStaleMs ?? MAX_STALE_FEED_AGE_MS,
    timeoutMs: options.timeoutMs ?? FEED_TIMEOUT_MS,
    dispatchers: new Map(),
  };
  try {
    const loaded = await Promise.all(sources.map((source) => loadOne(source, context)));
    const feeds = loaded.map((l) => l.result);
    const warnings = loaded.flatMap((l) => (l.warning === undefined ? [] : [l.warning]));
    return { index: PrefixIndex.build(loaded.flatMap((l) => (l.feed ? [l.feed] : []))), feeds, warnings };
  } finally {
    await Promise.all([...context.dispatchers.values()].map((d) => d.close()));
  }
}

interface LoadContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cacheDir: string;
  readonly now: () => Date;
  readonly maxStaleMs: number;
  readonly timeoutMs: number;
  readonly dispatchers: Map<string, Dispatcher>;
}

interface LoadOutcome {
  readonly result: FeedLoadResult;
  readonly feed?: IpRangeFeed;
  readonly warning?: string;
}

async function loadOne(source: FeedSource, context: LoadContext): Promise<LoadOutcome> {
  const { vendor, display } = source;
  const name = VENDOR_NAMES[vendor];
  const failed = (error: OriginCloudRegionsError): LoadOutcome => ({
    result: { vendor, source: display, status: 'failed', error },
    warning: `warning: ${error.message}`,
  });
  try {
    switch (source.kind) {
      case 'none':
        return { result: { vendor, source: display, status: 'off' } };
      case 'file': {
        const feed = parseFeed(vendor, readFeedFile(source.vendor, source.path), display);
        return { result: { vendor, source: display, status: 'file', version: feed.version }, feed };
      }
      case 'url':
        return await loadUrl(source.vendor, source.url, display, name, context);
    }
  } catch (error) {
    if (error instanceof OriginCloudRegionsError) return failed(error);
    throw error;
  }
}

function readFeedFile(vendor: FeedVendor, file: string): string {
  try {
    return readRegularTextFile(file, { what: `${VENDOR_NAMES[vendor]} IP range feed`, maxBytes: MAX_FEED_BYTES });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new IpRangeFeedError(
      vendor,
      file,
      `The ${VENDOR_NAMES[vendor]} IP range feed could not be read: ${why} Until it can, ${VENDOR_NAMES[vendor]} mappings are reported as unverified.`,
      { cause: error },
    );
  }
}

async function loadUrl(
  vendor: FeedVendor,
  url: URL,
  display: string,
  name: string,
  context: LoadContext,
): Promise<LoadOutcome> {
  const file = cacheFilePath(context.cacheDir, vendor, url.href);
  const cached = readCachedFeed(file, url.href);
  const checkedAt = context.now().toISOString();
  let answer: FeedAnswer;
  try {
    answer = await fetchFeed(vendor, url, cached, context);
  } catch (error) {
    // Only an unreachable feed may be replaced by the cache; a feed that answered with something broken may not.
    if (!(error instanceof FeedUnreachableError)) throw error;
    const why = error instanceof Error ? error.message : String(error);
    const age = cached ? context.now().getTime() - Date.parse(cached.checkedAt) : Infinity;
    if (cached && age <= context.maxStaleMs) {
      const feed = parseFeed(vendor, cached.body, display);
      const wrapped = new IpRangeFeedError(vendor, display, why, { cause: error });
      return {
        result: { vendor, source: display, status: 'stale_cache', version: feed.version, error: wrapped },
        feed,
        warning: `warning: ${why} Using the copy cached at ${cached.checkedAt} (${formatAge(age)} old).`,
      };
    }
    const tooOld = cached
      ? ` The cached copy from ${cached.checkedAt} is older than ${formatAge(context.maxStaleMs)}, so it is not used.`
      : '';
    throw new IpRangeFeedError(
      vendor,
      display,
      `${why}${tooOld} Until it is reachable, ${name} mappings are reported as unverified.`,
      { cause: error },
    );
  }
  if (answer.status === 304 && cached) {
    const feed = parseFeed(vendor, cached.body, display);
    tryWriteCache(file, { ...cached, checkedAt });
    return { result: { vendor, source: display, status: 'not_modified', version: feed.version }, feed };
  }
  const body = answer.body ?? '';
  const feed = parseFeed(vendor, body, display);
  tryWriteCache(file, {
    url: url.href,
    checkedAt,
    body,
    ...(answer.etag !== undefined ? { etag: answer.etag } : {}),
    ...(answer.lastModified !== undefined ? { lastModified: answer.lastModified } : {}),
  });
  return { result: { vendor, source: display, status: 'downloaded', version: feed.version }, feed };
}

function tryWriteCache(file: string, entry: CachedFeed): void {
  try {
    writeCachedFeed(file, entry);
  } catch {
    // A read-only or full cache folder costs a download next time, nothing more.
  }
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.max(0, Math.round(hours))} h` : `${Math.round(hours / 24)} days`;
}

interface FeedAnswer {
  readonly status: 200 | 304;
  readonly body?: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

/** The feed could not be reached (network error, timeout, unexpected status): a cached copy may stand in. */
class FeedUnreachableError extends IpRangeFeedError {}

async function fetchFeed(
  vendor: FeedVendor,
  start: URL,
  cached: CachedFeed | undefined,
  context: LoadContext,
): Promise<FeedAnswer> {
  const name = VENDOR_NAMES[vendor];
  let url = start;
  for (let hop = 0; ; hop++) {
    const display = `${url.protocol}//${url.host}${url.pathname}`;
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'identity' };
    if (cached?.etag !== undefined) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified !== undefined) headers['if-modified-since'] = cached.lastModified;
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcherFor(url, context).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        headersTimeout: context.timeoutMs,
        bodyTimeout: context.timeoutMs,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new FeedUnreachableError(
        vendor,
        display,
        `The ${name} IP range feed ${quoteForMessage(display)} is unreachable (${typeof code === 'string' ? code : 'network error'}).`,
        { cause: error },
      );
    }
    const status = response.statusCode;
    if (status >= 300 && status < 400 && status !== 304) {
      await response.body.dump();
      const location = response.headers.location;
      if (typeof location !== 'string' || hop >= MAX_REDIRECTS) {
        throw new FeedUnreachableError(
          vendor,
          display,
          `The ${name} IP range feed ${quoteForMessage(display)} redirects too often or nowhere (HTTP ${status}).`,
        );
      }
      url = parseFeedUrl(new URL(location, url).href, `the redirect from ${display}`);
      continue;
    }
    if (status === 304 && cached) {
      await response.body.dump();
      return { status: 304 };
    }
    if (status !== 200) {
      await response.body.dump();
      throw new FeedUnreachableError(
        vendor,
        display,
        `The ${name} IP range feed ${quoteForMessage(display)} answered HTTP ${status}.`,
      );
    }
    const body = await readBody(vendor, display, response.body);
    const header = (value: string | string[] | undefined): string | undefined =>
      typeof value === 'string' && /^[\x20-\x7e]{1,1024}$/.test(value) ? value : undefined;
    const etag = header(response.headers.etag);
    const lastModified = header(response.headers['last-modified']);
    return {
      status: 200,
      body,
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModified !== undefined ? { lastModified } : {}),
    };
  }
}

async function readBody(vendor: FeedVendor, display: string, body: Dispatcher.ResponseData['body']): Promise<string> {
  const name = VENDOR_NAMES[vendor];
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_FEED_BYTES) {
        body.destroy();
        const error = new IpRangeFeedError(
          vendor,
          display,
          `The ${name} IP range feed ${quoteForMessage(display)} is larger than ${MAX_FEED_BYTES} bytes; it is not the feed. Until it is fixed, ${name} mappings are reported as unverified.`,
        );
        throw error;
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof IpRangeFeedError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new FeedUnreachableError(
      vendor,
      display,
      `The ${name} IP range feed ${quoteForMessage(display)} broke off while downloading (${typeof code === 'string' ? code : 'network error'}).`,
      { cause: error },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    const error = new IpRangeFeedError(
      vendor,
      display,
      `The ${name} IP range feed ${quoteForMessage(display)} is not UTF-8 text. Until it is fixed, ${name} mappings are reported as unverified.`,
    );
    throw error;
  }
}

/** A direct agent, or a proxy agent when `HTTPS_PROXY` applies to the URL (loopback http is always direct). */
function dispatcherFor(url: URL, context: LoadContext): Dispatcher {
  const proxy = url.protocol === 'https:' ? proxyVariable(context.env, 'https_proxy') : undefined;
  const noProxy = proxyVariable(context.env, 'no_proxy')?.value ?? '';
  const useProxy = proxy !== undefined && !noProxyMatches(noProxy, url);
  const key = useProxy ? `proxy ${proxy.value}` : 'direct';
  let dispatcher = context.dispatchers.get(key);
  if (!dispatcher) {
    const timeouts = {
      headersTimeout: context.timeoutMs,
      bodyTimeout: context.timeoutMs,
      connect: { timeout: context.timeoutMs },
    };
    const { Agent, ProxyAgent } = undici();
    dispatcher = useProxy ? new ProxyAgent({ uri: proxy.value, ...timeouts }) : new Agent(timeouts);
    context.dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
