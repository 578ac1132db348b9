import * as os from 'node:os';
import * as path from 'node:path';
import { quoteForMessage } from '../sinks/terminal';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import { parseHttpUrl } from '../settings/url';
import { FEED_VENDORS, type FeedVendor } from './types';

/** Each vendor's row of the settings table: its variable and its official URL (Azure has none). */
const FEEDS = {
  aws: SETTINGS.ipRangesAws,
  gcp: SETTINGS.ipRangesGcp,
  oci: SETTINGS.ipRangesOci,
  azure: SETTINGS.ipRangesAzure,
} as const satisfies Record<FeedVendor, unknown>;

/** Environment variable naming a vendor's feed: `ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS` and so on. */
export function feedVariable(vendor: FeedVendor): string {
  return FEEDS[vendor].env;
}

/**
 * Where one vendor's feed comes from: a URL (cached), a local file, or none. `display` is for messages: the URL
 * without query or fragment (a query may carry a signature), the path, {@link NOT_CONFIGURED} or `off`.
 */
export type FeedSource = { readonly vendor: FeedVendor; readonly display: string } & (
  | { readonly kind: 'url'; readonly url: URL }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'none' }
);

/** The `display` (and a load result's `source`) of a feed nobody configured; a note says how to configure it. */
export const NOT_CONFIGURED = 'not configured';

/** A feed turned off with `off` gets no note: off means off. */
const FEED_OFF = 'off';

/** The URL without user info, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** A URL's text without query or fragment (which may carry a signature). */
export function withoutQuery(url: string): string {
  return url.replace(/[?#][\s\S]*$/, '');
}

/**
 * Checks a feed URL, or throws an {@link InvalidInputError} naming `field`: `https:`, or `http:` to a loopback host
 * only (a feed decides verdicts, so it must not be altered on the way); no user name or password.
 */
export function parseFeedUrl(raw: string, field: string): URL {
  const fix = 'Use an https:// URL or a file path.';
  return parseHttpUrl(raw, field, {
    notUrl: `${field} ${quoteForMessage(withoutQuery(raw))} is not a URL. ${fix}`,
    scheme: (protocol) =>
      `${field} must be an https URL or a file path, got scheme ${quoteForMessage(protocol)}. ${fix}`,
    credentials: `${field} contains a user name or password. Remove them from the URL.`,
    plainHttp: (hostname) =>
      `${field} uses plain http to ${quoteForMessage(hostname)}, where anyone on the way could change the ranges. Use https (http only to a loopback address such as 127.0.0.1).`,
  });
}

/**
 * Reads where each vendor's feed comes from: a variable holding a URL is fetched; `off` turns the vendor off; any
 * other value is a file path. Unset or blank uses the official URL (Azure has none).
 */
export function resolveFeedSources(env: Env): FeedSource[] {
  return FEED_VENDORS.map((vendor): FeedSource => {
    const value: string | undefined = resolveSetting(FEEDS[vendor], { env });
    if (value === undefined) return { vendor, kind: 'none', display: NOT_CONFIGURED };
    if (value.toLowerCase() === FEED_OFF) return { vendor, kind: 'none', display: FEED_OFF };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      const url = parseFeedUrl(value, feedVariable(vendor));
      return { vendor, kind: 'url', url, display: displayUrl(url) };
    }
    return { vendor, kind: 'file', path: value, display: value };
  });
}

/**
 * The cache folder for feeds: `ORIGIN_CLOUD_REGIONS_CACHE_DIR`, else the user's cache folder (`$XDG_CACHE_HOME` or
 * `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) plus `origin-cloud-regions/ip-ranges`.
 */
export function resolveCacheDir(
  env: Env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const given = resolveSetting(SETTINGS.cacheDir, { env });
  if (given) return path.resolve(given);
  let base: string;
  if (platform === 'win32')
    base = resolveSetting(SETTINGS.localAppData, { env }) ?? path.join(home, 'AppData', 'Local');
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Caches');
  else {
    const xdg = resolveSetting(SETTINGS.xdgCacheHome, { env });
    base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  }
  return path.join(base, 'origin-cloud-regions', 'ip-ranges');
}
