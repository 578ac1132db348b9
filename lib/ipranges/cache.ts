import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OriginCloudRegionsError } from '../errors';
import { readRegularTextFile } from '../files/read-regular-file';
import { quietly, writeFileAtomic } from '../files/write-file';
import { isRecord } from '../model/record';
import { MAX_FEED_BYTES, parseFeed } from './parse';
import { withoutQuery } from './sources';
import type { FeedVendor, IpRangeFeed } from './types';

/** One cached download of a feed: the body and what is needed to revalidate it. */
export interface CachedFeed {
  /** The URL it was downloaded from, without query or fragment: a signed URL's signature is never stored. */
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** When it was last downloaded or confirmed unchanged (ISO 8601). */
  readonly checkedAt: string;
  /** The feed text, as validated when it was stored. */
  readonly body: string;
}

const CACHE_FORMAT = 1;

/** An `ETag` or `Last-Modified` value worth storing and sending back: printable ASCII, at most 1,024 characters. */
export function validatorHeader(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\x20-\x7e]{1,1024}$/.test(value) ? value : undefined;
}

/**
 * The cache file of a vendor's feed URL: `<vendor>-<first 16 hex of sha256(url)>.json`, the URL taken without
 * query or fragment (so a rotating signature keeps one cache file, and none is derived from it).
 */
export function cacheFilePath(dir: string, vendor: FeedVendor, url: string): string {
  const hash = createHash('sha256').update(withoutQuery(url)).digest('hex').slice(0, 16);
  return path.join(dir, `${vendor}-${hash}.json`);
}

/** A cached copy, validated as a download is, and its feed. */
export interface UsableCache {
  readonly entry: CachedFeed;
  readonly feed: IpRangeFeed;
}

/**
 * The cached copy of a feed, if any. A copy that no longer validates (damaged, or refused by a stricter parser) is
 * removed, so that it is neither revalidated by a `304` forever nor a stand-in.
 */
export function readUsableCache(file: string, vendor: FeedVendor, url: string): UsableCache | undefined {
  const entry = readCachedFeed(file, url);
  if (entry === undefined) return undefined;
  try {
    return { entry, feed: parseFeed(vendor, entry.body, url) };
  } catch (error) {
    if (!(error instanceof OriginCloudRegionsError)) throw error;
    // A copy that cannot be removed is refused again on the next read, and overwritten by the next download.
    quietly(() => fs.rmSync(file, { force: true }));
    return undefined;
  }
}

// Undefined for none or a file this package did not write for `url` (never trusted).
function readCachedFeed(file: string, url: string): CachedFeed | undefined {
  let v: unknown;
  try {
    v = JSON.parse(readRegularTextFile(file, { what: 'IP range cache', maxBytes: 2 * MAX_FEED_BYTES + 65536 }));
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  if (v.format !== CACHE_FORMAT || v.url !== withoutQuery(url) || typeof v.body !== 'string') return undefined;
  if (typeof v.checkedAt !== 'string' || Number.isNaN(Date.parse(v.checkedAt))) return undefined;
  const etag = validatorHeader(v.etag);
  const lastModified = validatorHeader(v.lastModified);
  return {
    url: v.url,
    checkedAt: v.checkedAt,
    body: v.body,
    ...(etag !== undefined ? { etag } : {}),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

/**
 * Writes a cached feed atomically (another process reads the old copy or the new one), private to the user. A
 * read-only or full cache folder costs a download next time, nothing more: nothing is thrown.
 */
export function writeCachedFeed(file: string, entry: CachedFeed): void {
  const text = JSON.stringify({
    format: CACHE_FORMAT,
    url: withoutQuery(entry.url),
    etag: validatorHeader(entry.etag),
    lastModified: validatorHeader(entry.lastModified),
    checkedAt: entry.checkedAt,
    body: entry.body,
  });
  quietly(() => {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, Buffer.from(text, 'utf8'), { mode: 0o600 });
  });
}
