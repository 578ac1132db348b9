import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { quoteForMessage } from '../sinks/terminal';
import { envSuffix } from './parse-common';
import { FEED_VENDORS, type FeedVendor } from './types';
import { isLoopbackHost } from '../client/loopback';
import { integerFromEnv, validateInteger } from '../client/validate-input';

/** Environment variable naming a vendor's feed: `ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS` and so on. */
export function feedVariable(vendor: FeedVendor): string {
  return `ORIGIN_CLOUD_REGIONS_IP_RANGES_${envSuffix(vendor)}`;
}

/** Environment variable naming the cache folder. */
export const CACHE_DIR_VARIABLE = 'ORIGIN_CLOUD_REGIONS_CACHE_DIR';

/** Environment variable holding the time allowed for each feed, in milliseconds. */
export const FEED_TIMEOUT_VARIABLE = 'ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS';

/**
 * Time allowed for each feed in all, its redirects, headers and whole body: 30 s. The largest feed (Azure, about
 * 4 MB) takes about a second on an ordinary link; past this, the feed counts as unreachable.
 */
export const FEED_TIMEOUT_MS = 30_000;

/**
 * The time allowed for each feed: `ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS` (1 to 600000 ms), else
 * {@link FEED_TIMEOUT_MS}.
 * @throws {@link InvalidInputError} naming the variable, for a value that is not a whole number in that range
 */
export function resolveFeedTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const value = integerFromEnv(env, FEED_TIMEOUT_VARIABLE);
  if (value === undefined) return FEED_TIMEOUT_MS;
  return validateInteger(
    value,
    FEED_TIMEOUT_VARIABLE,
    1,
    600_000,
    `Give each feed time for its download, for example ${FEED_TIMEOUT_MS} (the default).`,
  );
}

/**
 * The official feed URLs used when the variable is unset. Azure has none: its Service Tags file moves every
 * week, so it must be given (see docs/ip-ranges.md for fetching it in CI).
 */
export const DEFAULT_FEED_URLS: Readonly<Record<FeedVendor, string | undefined>> = {
  aws: 'https://ip-ranges.amazonaws.com/ip-ranges.json',
  gcp: 'https://www.gstatic.com/ipranges/cloud.json',
  oci: 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json',
  azure: undefined,
};

/** What every {@link FeedSource} has. */
interface FeedSourceBase {
  /** The vendor whose feed this is. */
  readonly vendor: FeedVendor;
  /** For messages: the URL without query or fragment (a query may carry a signature), the path, `not configured` or `off`. */
  readonly display: string;
}

/** A feed fetched over HTTPS (or HTTP to loopback) and cached. */
export interface UrlFeedSource extends FeedSourceBase {
  /** Fetched from a URL. */
  readonly kind: 'url';
  /** The URL to fetch. */
  readonly url: URL;
}

/** A feed read from a local file (never cached). */
export interface FileFeedSource extends FeedSourceBase {
  /** Read from a file. */
  readonly kind: 'file';
  /** The path, as given. */
  readonly path: string;
}

/** No feed: the vendor's mappings are `unverified`. */
export interface NoFeedSource extends FeedSourceBase {
  /** Not configured, or `off`. */
  readonly kind: 'none';
  /** {@link NOT_CONFIGURED} (no variable and no default: Azure) or {@link FEED_OFF} (the variable says `off`). */
  readonly display: typeof NOT_CONFIGURED | typeof FEED_OFF;
}

/** The `display` (and a load result's `source`) of a feed nobody configured; a note says how to configure it. */
export const NOT_CONFIGURED = 'not configured';

/** The `display` (and a load result's `source`) of a feed turned off with `off`: no note, off means off. */
export const FEED_OFF = 'off';

/** Where one vendor's feed comes from. */
export type FeedSource = UrlFeedSource | FileFeedSource | NoFeedSource;

/** The URL without user info, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Checks a feed URL: `https:`, or `http:` to a loopback host only (a feed decides verdicts, so it must not be
 * altered on the way); no user name or password.
 * @throws {@link InvalidInputError} naming `field`
 */
export function parseFeedUrl(raw: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Shown without its query or fragment: a signed URL's signature stays out of the message.
    throw new InvalidInputError(
      field,
      `${field} ${quoteForMessage(raw.replace(/[?#][\s\S]*$/, ''))} is not a URL. Use an https:// URL or a file path.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(
      field,
      `${field} must be an https URL or a file path, got scheme ${quoteForMessage(url.protocol)}. Use an https:// URL or a file path.`,
    );
  }
  if (url.username || url.password) {
    throw new InvalidInputError(field, `${field} contains a user name or password. Remove them from the URL.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidInputError(
      field,
      `${field} uses plain http to ${quoteForMessage(url.hostname)}, where anyone on the way could change the ranges. Use https (http only to a loopback address such as 127.0.0.1).`,
    );
  }
  return url;
}

/**
 * Reads where each vendor's feed comes from. A variable holding an `http:`/`https:` URL is fetched; `off` turns
 * the vendor off (its mappings become `unverified`); any other value is a local file path. Unset or empty uses
 * {@link DEFAULT_FEED_URLS}.
 *
 * @throws {@link InvalidInputError} naming the variable, for a URL that is not https (or loopback http)
 */
export function resolveFeedSources(env: Readonly<Record<string, string | undefined>>): FeedSource[] {
  return FEED_VENDORS.map((vendor): FeedSource => {
    const field = feedVariable(vendor);
    const raw = env[field]?.trim() ?? '';
    const value = raw === '' ? DEFAULT_FEED_URLS[vendor] : raw;
    if (value === undefined) return { vendor, kind: 'none', display: NOT_CONFIGURED };
    if (value.toLowerCase() === FEED_OFF) return { vendor, kind: 'none', display: FEED_OFF };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      const url = parseFeedUrl(value, field);
      return { vendor, kind: 'url', url, display: displayUrl(url) };
    }
    return { vendor, kind: 'file', path: value, display: value };
  });
}

/**
 * The cache folder for feeds: `ORIGIN_CLOUD_REGIONS_CACHE_DIR`, else the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) plus
 * `origin-cloud-regions/ip-ranges`.
 */
export function resolveCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const given = env[CACHE_DIR_VARIABLE]?.trim();
  if (given) return path.resolve(given);
  let base: string;
  if (platform === 'win32') base = env.LOCALAPPDATA?.trim() || path.join(home, 'AppData', 'Local');
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Caches');
  else
    base =
      env.XDG_CACHE_HOME?.trim() && path.isAbsolute(env.XDG_CACHE_HOME.trim())
        ? env.XDG_CACHE_HOME.trim()
        : path.join(home, '.cache');
  return path.join(base, 'origin-cloud-regions', 'ip-ranges');
}
