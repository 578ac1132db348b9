import type { Dispatcher } from 'undici';
import { header, readAnswer, type RawAnswer } from '../client/http';
import { undici } from '../client/undici';
import { InvalidInputError, OriginCloudRegionsError } from '../errors';
import { readRegularTextFile } from '../files/read-regular-file';
import { noProxyMatches } from '../client/proxy';
import { ENV } from '../settings/names';
import { resolveSetting, settingVariable } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import { quoteForMessage } from '../sinks/terminal';
import {
  cacheFilePath,
  readUsableCache,
  validatorHeader,
  writeCachedFeed,
  type CachedFeed,
  type UsableCache,
} from './cache';
import { IpRangeFeedError } from '../errors/ip-ranges';
import { MAX_FEED_BYTES, VENDOR_NAMES, parseFeed } from './parse';
import { PrefixIndex } from './prefix-index';
import { displayUrl, parseFeedUrl, resolveCacheDir, resolveFeedSources, type FeedSource } from './sources';
import type { FeedVendor, IpRangeFeed } from './types';

type UrlFeedSource = Extract<FeedSource, { kind: 'url' }>;

// A cached copy stands in for an unreachable feed for a week: the vendors publish weekly or more often.
const MAX_STALE_FEED_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const MAX_REDIRECTS = 3;

interface LoadIpRangesOptions {
  /** Environment with the feed, cache and proxy variables. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock, for cache ages. */
  readonly now?: () => Date;
  /** Time allowed for each feed in all: its redirects, headers and whole body. @default the timeout variable's */
  readonly timeoutMs?: number;
  /** Told the URL feeds still loading (`AWS 'https://…'`) as each ends, so a caller that gives up can name them. */
  readonly onPending?: (feeds: readonly string[]) => void;
}

/** How one vendor's feed was obtained. */
export interface FeedLoadResult {
  readonly vendor: FeedVendor;
  /** The URL (without query) or path it came from, or `not configured`. */
  readonly source: string;
  /**
   * `downloaded` (new copy), `not_modified` (the cached copy was revalidated), `stale_cache` (unreachable; an
   * older cached copy is used), `file` (a local file), `off` (not configured), `failed` (unusable: its mappings
   * are `unverified`).
   */
  readonly status: 'downloaded' | 'not_modified' | 'stale_cache' | 'file' | 'off' | 'failed';
  readonly version?: string;
  /** Why it failed (`failed`) or why the cache was used (`stale_cache`). */
  readonly error?: OriginCloudRegionsError;
}

/** The feeds that could be loaded, indexed, with how each was obtained and the warnings to show. */
export interface LoadedIpRanges {
  readonly index: PrefixIndex;
  /** One result per vendor, in `aws`, `gcp`, `oci`, `azure` order. */
  readonly feeds: readonly FeedLoadResult[];
  /** One line per problem (no trailing newline), for stderr. Values from outside are escaped. */
  readonly warnings: readonly string[];
}

/**
 * Loads every configured feed concurrently; a feed that cannot be used is reported in `feeds` and `warnings`, never
 * thrown, so the other vendors are still verified. A URL is revalidated against the cache; an unreachable one falls
 * back to a young enough cached copy, with a warning. Throws {@link InvalidInputError} for a bad feed variable.
 */
export async function loadIpRanges(options: LoadIpRangesOptions = {}): Promise<LoadedIpRanges> {
  const env = options.env ?? process.env;
  const sources = resolveFeedSources(env);
  const context: LoadContext = {
    env,
    cacheDir: resolveCacheDir(env),
    now: options.now ?? (() => new Date()),
    timeoutMs: options.timeoutMs ?? resolveSetting(SETTINGS.ipRangesTimeout, { env }),
    dispatchers: new Map(),
  };
  const pending = new Map(
    sources.flatMap((s) =>
      s.kind === 'url' ? [[s.vendor, `${VENDOR_NAMES[s.vendor]} ${quoteForMessage(s.display)}`]] : [],
    ),
  );
  options.onPending?.([...pending.values()]);
  const loadAndTell = async (source: FeedSource): Promise<LoadOutcome> => {
    try {
      return await loadOne(source, context);
    } finally {
      if (pending.delete(source.vendor)) options.onPending?.([...pending.values()]);
    }
  };
  try {
    const loaded = await Promise.all(sources.map(loadAndTell));
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
        return await loadUrl(source, context);
    }
  } catch (error) {
    if (error instanceof OriginCloudRegionsError) return failed(error);
    // Whatever else goes wrong with one feed is that feed's problem: the other vendors are still verified. Its
    // message is not shown: a library's message may quote a URL with its query.
    const kind = error instanceof Error ? error.name : typeof error;
    const message = `${feedNamed(vendor, display, `could not be loaded (${kind}).`)}${untilThen(vendor, 'it can')}`;
    return failed(new IpRangeFeedError(vendor, display, message, { cause: error }));
  }
}

function readFeedFile(vendor: FeedVendor, file: string): string {
  try {
    return readRegularTextFile(file, { what: `${VENDOR_NAMES[vendor]} IP range feed`, maxBytes: MAX_FEED_BYTES });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const message = `The ${VENDOR_NAMES[vendor]} IP range feed could not be read: ${why}${untilThen(vendor, 'it can')}`;
    throw new IpRangeFeedError(vendor, file, message, { cause: error });
  }
}

async function loadUrl(source: UrlFeedSource, context: LoadContext): Promise<LoadOutcome> {
  const { vendor, url, display } = source;
  // Named after the URL without its query: a signed URL's signature never reaches the cache folder.
  const file = cacheFilePath(context.cacheDir, vendor, display);
  const cached = readUsableCache(file, vendor, display);
  const checkedAt = context.now().toISOString();
  let answer: FeedAnswer;
  try {
    answer = await fetchFeed(vendor, url, cached?.entry, context);
  } catch (error) {
    // Only an unreachable feed may be replaced by the cache; a feed that answered with something broken may not.
    if (!(error instanceof FeedUnreachableError)) throw error;
    return staleOrFailed(source, cached, error, context);
  }
  if (answer.status === 304 && cached) {
    writeCachedFeed(file, { ...cached.entry, checkedAt });
    const { feed } = cached;
    return { result: { vendor, source: display, status: 'not_modified', version: feed.version }, feed };
  }
  const body = answer.body ?? '';
  const feed = parseFeed(vendor, body, display);
  writeCachedFeed(file, { url: display, checkedAt, body, ...answer.validators });
  return { result: { vendor, source: display, status: 'downloaded', version: feed.version }, feed };
}

// A copy checked "in the future" (a clock set back, an edited file) has no known age: not used.
function staleOrFailed(
  source: UrlFeedSource,
  cached: UsableCache | undefined,
  error: FeedUnreachableError,
  context: LoadContext,
): LoadOutcome {
  const { vendor, display } = source;
  const checked = cached === undefined ? undefined : new Date(Date.parse(cached.entry.checkedAt));
  const age = checked === undefined ? undefined : context.now().getTime() - checked.getTime();
  if (cached && age !== undefined && age >= 0 && age <= MAX_STALE_FEED_AGE_MS) {
    const { feed } = cached;
    const wrapped = new IpRangeFeedError(vendor, display, error.message, { cause: error });
    return {
      result: { vendor, source: display, status: 'stale_cache', version: feed.version, error: wrapped },
      feed,
      warning: `warning: ${error.message} Using the copy cached at ${checked!.toISOString()} (${formatAge(age)} old) instead.`,
    };
  }
  let instead = ' There is no cached copy to use instead.';
  if (checked !== undefined && age !== undefined) {
    instead =
      age < 0
        ? ` The cached copy says it was checked at ${checked.toISOString()}, in the future, so its age is unknown and it is not used.`
        : ` The cached copy from ${checked.toISOString()} is older than ${formatAge(MAX_STALE_FEED_AGE_MS)}, so it is not used.`;
  }
  const message = `${error.message}${instead}${untilThen(vendor, 'it is reachable')}`;
  throw new IpRangeFeedError(vendor, display, message, { cause: error });
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

interface FeedAnswer {
  readonly status: 200 | 304;
  readonly body?: string;
  readonly validators?: Pick<CachedFeed, 'etag' | 'lastModified'>;
}

function feedNamed(vendor: FeedVendor, display: string, what: string): string {
  return `The ${VENDOR_NAMES[vendor]} IP range feed ${quoteForMessage(display)} ${what}`;
}

function untilThen(vendor: FeedVendor, when: string): string {
  return ` Until ${when}, ${VENDOR_NAMES[vendor]} mappings are reported as unverified.`;
}

/** The feed could not be reached (network error, deadline, broken redirect, status): a cached copy may stand in. */
class FeedUnreachableError extends IpRangeFeedError {}

// One deadline for the redirects, headers and bodies together; readAnswer bounds each request (and sets its timeouts).
async function fetchFeed(
  vendor: FeedVendor,
  start: URL,
  cached: CachedFeed | undefined,
  context: LoadContext,
): Promise<FeedAnswer> {
  const deadline = AbortSignal.timeout(context.timeoutMs);
  let url = start;
  for (let hop = 0; ; hop++) {
    const display = displayUrl(url);
    const unreachable = (what: string, cause: unknown): FeedUnreachableError => {
      const late = `did not finish within ${context.timeoutMs} ms (redirects, headers and body; ${ENV.ipRangesTimeout}).`;
      const why = deadline.aborted ? late : `${what} (${networkCode(cause)}).`;
      return new FeedUnreachableError(vendor, display, feedNamed(vendor, display, why), { cause });
    };
    let answered = false;
    let response: RawAnswer;
    try {
      response = await readAnswer(
        dispatcherFor(url, context),
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          headers: requestHeaders(cached),
          timeoutMs: context.timeoutMs,
          maxBodyBytes: MAX_FEED_BYTES,
          signal: deadline,
          tooLarge: ({ status }) =>
            status === 200
              ? refused(vendor, display, `is larger than ${MAX_FEED_BYTES} bytes; it is not the feed.`)
              : new FeedUnreachableError(vendor, display, feedNamed(vendor, display, `answered HTTP ${status}.`)),
        },
        () => void (answered = true),
      );
    } catch (error) {
      if (error instanceof IpRangeFeedError) throw error;
      throw unreachable(answered ? 'broke off while downloading' : 'is unreachable', error);
    }
    const status = response.status;
    if (status !== 200) {
      if (status >= 300 && status < 400 && status !== 304) {
        url = redirectTarget(vendor, url, response, hop);
        continue;
      }
      if (status === 304 && cached) return { status: 304 };
      throw new FeedUnreachableError(vendor, display, feedNamed(vendor, display, `answered HTTP ${status}.`));
    }
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(response.body);
    } catch {
      throw refused(vendor, display, 'is not UTF-8 text.');
    }
    const etag = validatorHeader(header(response.headers.etag));
    const lastModified = validatorHeader(header(response.headers['last-modified']));
    return { status: 200, body, validators: { ...(etag && { etag }), ...(lastModified && { lastModified }) } };
  }
}

// A feed that is not one (too large, not UTF-8): refused, and no cached copy stands in.
function refused(vendor: FeedVendor, display: string, what: string): IpRangeFeedError {
  return new IpRangeFeedError(
    vendor,
    display,
    `${feedNamed(vendor, display, what)}${untilThen(vendor, 'it is fixed')}`,
  );
}

function requestHeaders(cached: CachedFeed | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'identity' };
  if (cached?.etag !== undefined) headers['if-none-match'] = cached.etag;
  if (cached?.lastModified !== undefined) headers['if-modified-since'] = cached.lastModified;
  return headers;
}

function networkCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'network error';
}

// Checked as a configured feed URL is. No message quotes the `Location`: it may carry a signed query, and Node's URL
// error carries it and the base URL.
function redirectTarget(vendor: FeedVendor, from: URL, response: RawAnswer, hop: number): URL {
  const location = header(response.headers.location);
  const status = response.status;
  const display = displayUrl(from);
  const fail = (why: string): FeedUnreachableError =>
    new FeedUnreachableError(vendor, display, feedNamed(vendor, display, `${why}.`));
  if (typeof location !== 'string' || location === '' || hop >= MAX_REDIRECTS) {
    throw fail(`redirects too often or nowhere (HTTP ${status})`);
  }
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw fail(`redirects (HTTP ${status}) to a Location that is not a URL`);
  }
  try {
    return parseFeedUrl(target.href, `the redirect from ${display}`);
  } catch (error) {
    if (error instanceof InvalidInputError)
      throw fail(`redirects (HTTP ${status}) where it is not followed: ${error.message}`);
    throw error;
  }
}

// Loopback http is always direct.
function dispatcherFor(url: URL, context: LoadContext): Dispatcher {
  const proxy = url.protocol === 'https:' ? settingVariable(SETTINGS.httpsProxy, context.env) : undefined;
  const noProxy = settingVariable(SETTINGS.noProxy, context.env)?.value ?? '';
  const useProxy = proxy !== undefined && !noProxyMatches(noProxy, url);
  const key = useProxy ? `proxy ${proxy.value}` : 'direct';
  let dispatcher = context.dispatchers.get(key);
  if (!dispatcher) {
    const timeouts = { connect: { timeout: context.timeoutMs } };
    dispatcher = useProxy
      ? new (undici().ProxyAgent)({ uri: proxy.value, ...timeouts })
      : new (undici().Agent)(timeouts);
    context.dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
