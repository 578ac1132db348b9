import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';

/** Path prefix under which the emulator serves IP range feeds: `/__ip-ranges/<name>`. */
export const IP_RANGES_PREFIX = '/__ip-ranges';

/**
 * The hand-made sample feeds served by default, one per vendor, in each vendor's format (never real feed data).
 * They place the demo seed's addresses, with one contradiction (`192.0.2.20` is published in `eu-west-2`,
 * the demo maps it to `eu-west-1`).
 */
export const SAMPLE_IP_RANGE_FEEDS: readonly string[] = ['aws.json', 'gcp.json', 'oci.json', 'azure.json'];

/** Counters of feed requests, for tests of caching and revalidation. */
export interface IpRangeFeedStats {
  /** Feed requests received. */
  requests: number;
  /** Of these, answered `304 Not Modified`. */
  notModified: number;
}

interface ServedFeed {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: string;
  readonly status: number;
  readonly location?: string;
}

/**
 * Serves IP range feed files over HTTP like the vendors' servers: `ETag` and `Last-Modified`, answering
 * conditional requests with `304`. Feeds are replaced at run time to test revalidation and broken feeds.
 */
export class IpRangeFeedFiles {
  private readonly feeds = new Map<string, ServedFeed>();
  private counters: IpRangeFeedStats = { requests: 0, notModified: 0 };

  /** Loads the {@link SAMPLE_IP_RANGE_FEEDS} from `lib/emulator/seeds/ip-ranges`. */
  public static withSamples(): IpRangeFeedFiles {
    const files = new IpRangeFeedFiles();
    // From the sources next to this file, or from the compiled package (dist/lib/emulator → lib/emulator).
    const dir = [
      path.join(__dirname, 'seeds', 'ip-ranges'),
      path.join(__dirname, '..', '..', '..', 'lib', 'emulator', 'seeds', 'ip-ranges'),
    ].find((d) => fs.existsSync(path.join(d, SAMPLE_IP_RANGE_FEEDS[0])));
    if (dir === undefined) return files;
    for (const name of SAMPLE_IP_RANGE_FEEDS) files.set(name, fs.readFileSync(path.join(dir, name), 'utf8'));
    return files;
  }

  /**
   * Serves `body` at `/__ip-ranges/<name>` (replacing what was there, with a new `ETag` and `Last-Modified`).
   * @param status - the status to answer with (a 5xx to simulate an outage) @default 200
   */
  public set(name: string, body: string | Buffer, contentType = 'application/json', status = 200): void {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(name))
      throw new RangeError(`feed name ${JSON.stringify(name)} is not a file name`);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const previous = this.feeds.get(name);
    // Last-Modified has a one-second resolution: move it forward so a replaced feed is always newer.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const last = previous ? Math.max(now, Date.parse(previous.lastModified) + 1000) : now;
    this.feeds.set(name, {
      body: bytes,
      contentType,
      status,
      etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`,
      lastModified: new Date(last).toUTCString(),
    });
  }

  /** Answers requests for `name` with a redirect (`302` unless given) to `location`. */
  public redirect(name: string, location: string, status = 302): void {
    this.set(name, '', 'text/plain', status);
    this.feeds.set(name, { ...this.feeds.get(name)!, location });
  }

  /** Stops serving a feed (its URL answers 404). */
  public delete(name: string): void {
    this.feeds.delete(name);
  }

  /** Request counters since the start or the last {@link resetStats}. A copy. */
  public stats(): IpRangeFeedStats {
    return { ...this.counters };
  }

  /** Zeroes the counters. */
  public resetStats(): void {
    this.counters = { requests: 0, notModified: 0 };
  }

  /** Answers a request under {@link IP_RANGES_PREFIX}. */
  public answer(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    this.counters.requests += 1;
    const feed = this.feeds.get(pathname.slice(IP_RANGES_PREFIX.length + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    if (!feed || (method !== 'GET' && method !== 'HEAD')) {
      res
        .writeHead(feed ? 405 : 404, { 'content-type': 'text/plain' })
        .end(feed ? 'method not allowed\n' : 'not found\n');
      return;
    }
    const validators = { etag: feed.etag, 'last-modified': feed.lastModified };
    if (feed.status === 200 && isNotModified(req, feed)) {
      this.counters.notModified += 1;
      res.writeHead(304, validators).end();
      return;
    }
    res.writeHead(feed.status, {
      ...(feed.status === 200 ? validators : {}),
      ...(feed.location !== undefined ? { location: feed.location } : {}),
      'content-type': feed.contentType,
      'content-length': String(feed.body.length),
    });
    res.end(method === 'HEAD' ? undefined : feed.body);
  }
}

/** RFC 9110: `If-None-Match` decides when present; otherwise `If-Modified-Since`. */
function isNotModified(req: IncomingMessage, feed: ServedFeed): boolean {
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string') {
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === feed.etag || tag.trim() === '*');
  }
  const ims = req.headers['if-modified-since'];
  if (typeof ims === 'string') {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Date.parse(feed.lastModified) <= since;
  }
  return false;
}
