import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { loadIpRanges, verdictFor } from '../../lib/ipranges';
import { IpRangeFeedError } from '../../lib/errors/ip-ranges';
import { cacheFilePath } from '../../lib/ipranges/cache';
import { MAX_FEED_BYTES } from '../../lib/ipranges/parse';
import { resolveCacheDir, resolveFeedSources } from '../../lib/ipranges/sources';
import { awsFeed, gcpFeed } from './feeds';
import { startDripServer, type DripServer } from '../support/drip';

let emulator: CloudflareApiEmulator;
let drip: DripServer;
let cacheDir: string;

before(async () => {
  [emulator, drip] = await Promise.all([CloudflareApiEmulator.start(), startDripServer(50)]);
});
after(async () => {
  await Promise.all([emulator.close(), drip.close()]);
});
beforeEach(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-ipranges-'));
  emulator.ipRangeFeeds.set('aws.json', awsFeed([['192.0.2.0/24', 'us-east-1']], [], 'v1'));
  emulator.ipRangeFeeds.resetStats();
});

/** Only AWS, from the emulator; the others off. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: cacheDir,
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: 'off',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: 'off',
    ...extra,
  };
}

test('a first load downloads and caches; the next revalidates with ETag and gets 304', async () => {
  const first = await loadIpRanges({ env: env() });
  assert.deepEqual(
    first.feeds.map((f) => [f.vendor, f.status]),
    [
      ['aws', 'downloaded'],
      ['gcp', 'off'],
      ['oci', 'off'],
      ['azure', 'off'],
    ],
  );
  assert.deepEqual(first.warnings, []);
  assert.equal(
    verdictFor(first.index, { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }).verdict,
    'confirmed',
  );
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  assert.ok(fs.existsSync(file));
  assert.deepEqual(
    fs.readdirSync(cacheDir).filter((n) => n.endsWith('.tmp')),
    [],
    'no temporary file left behind',
  );

  const second = await loadIpRanges({ env: env() });
  assert.equal(second.feeds[0].status, 'not_modified');
  assert.equal(second.feeds[0].version, 'v1');
  assert.deepEqual(emulator.ipRangeFeeds.stats(), { requests: 2, notModified: 1 });

  // A changed feed is downloaded again and replaces the cached copy.
  emulator.ipRangeFeeds.set('aws.json', awsFeed([['192.0.2.0/24', 'eu-west-1']], [], 'v2'));
  const third = await loadIpRanges({ env: env() });
  assert.equal(third.feeds[0].status, 'downloaded');
  assert.equal(third.feeds[0].version, 'v2');
  assert.equal(
    verdictFor(third.index, { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }).verdict,
    'region_mismatch',
  );
  assert.match(fs.readFileSync(file, 'utf8'), /eu-west-1/);
});

test('revalidation by Last-Modified alone when the cache has no ETag', async () => {
  await loadIpRanges({ env: env() });
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.equal(typeof entry.lastModified, 'string');
  delete entry.etag;
  fs.writeFileSync(file, JSON.stringify(entry));
  const again = await loadIpRanges({ env: env() });
  assert.equal(again.feeds[0].status, 'not_modified');
  assert.equal(emulator.ipRangeFeeds.stats().notModified, 1);
});

test('an unreachable feed falls back to a young cached copy with a warning, and not to an old one', async () => {
  await loadIpRanges({ env: env() });
  emulator.ipRangeFeeds.set('aws.json', 'Service Unavailable', 'text/plain', 503);
  const stale = await loadIpRanges({ env: env() });
  assert.equal(stale.feeds[0].status, 'stale_cache');
  assert.equal(stale.feeds[0].version, 'v1');
  assert.equal(stale.warnings.length, 1);
  assert.match(
    stale.warnings[0],
    /^warning: The AWS IP range feed .*aws\.json answered HTTP 503\. Using the copy cached at \S+ \(0 h old\) instead\.$/,
  );
  assert.equal(
    verdictFor(stale.index, { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }).verdict,
    'confirmed',
  );

  // Eight days later the copy is too old: AWS mappings become unverified.
  const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
  const old = await loadIpRanges({ env: env(), now: () => later });
  assert.equal(old.feeds[0].status, 'failed');
  assert.ok(old.feeds[0].error instanceof IpRangeFeedError);
  assert.match(
    old.warnings[0],
    /older than 7 days, so it is not used\. Until it is reachable, AWS mappings are reported as unverified\.$/,
  );
  assert.equal(
    verdictFor(old.index, { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }).verdict,
    'unverified',
  );
});

test('a refused connection without a cache: failed with the error code, other vendors still load', async () => {
  const gone = await CloudflareApiEmulator.start();
  const url = gone.ipRangeFeedUrl('aws.json');
  await gone.close();
  const loaded = await loadIpRanges({
    env: env({
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: url,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
    }),
  });
  assert.equal(loaded.feeds[0].status, 'failed');
  assert.match(loaded.warnings[0], /unreachable \(ECONNREFUSED\)/);
  assert.equal(loaded.feeds[1].status, 'downloaded', 'the sample Google feed');
  assert.deepEqual(loaded.index.loadedVendors(), ['gcp']);
});

test('a broken feed (HTML with status 200, wrong shape) is not cached and does not fall back', async () => {
  await loadIpRanges({ env: env() });
  emulator.ipRangeFeeds.set('aws.json', '<html><body>Sign in to continue</body></html>', 'text/html');
  const broken = await loadIpRanges({ env: env() });
  assert.equal(broken.feeds[0].status, 'failed');
  assert.equal(broken.feeds[0].error?.code, 'OCR_IP_RANGE_FEED');
  assert.match(broken.warnings[0], /^warning: The AWS IP range feed from .* is an HTML or XML page/);
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as { body: string };
  assert.match(kept.body, /"syncToken":"v1"/, 'the good cached copy is kept');

  emulator.ipRangeFeeds.set('aws.json', gcpFeed([['192.0.2.0/24', 'us-east1']]));
  const wrong = await loadIpRanges({ env: env() });
  assert.equal(wrong.feeds[0].status, 'failed');
  assert.match(wrong.warnings[0], /non-string region at prefixes\[0\]\.region/);
});

test('a damaged cache file is ignored and replaced', async () => {
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  fs.writeFileSync(file, '{"format":1,"url":');
  const loaded = await loadIpRanges({ env: env() });
  assert.equal(loaded.feeds[0].status, 'downloaded');
  assert.equal(emulator.ipRangeFeeds.stats().notModified, 0);
  assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')));
});

test('a local file path is read directly, without the cache; a missing one is a failed feed', async () => {
  const file = path.join(cacheDir, 'ServiceTags_Public.json');
  fs.writeFileSync(file, fs.readFileSync(path.join(__dirname, '../../lib/emulator/seeds/ip-ranges/azure.json')));
  const loaded = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: file }) });
  assert.equal(loaded.feeds[3].status, 'file');
  assert.equal(loaded.feeds[3].version, '42');
  const missing = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: file + '.missing' }) });
  assert.equal(missing.feeds[3].status, 'failed');
  assert.match(missing.warnings[0], /Azure IP range feed could not be read/);
});

test('sources: official URLs by default, Azure none, http only on loopback, no credentials in URLs', () => {
  const sources = resolveFeedSources({});
  assert.deepEqual(
    sources.map((s) => [s.vendor, s.kind, s.display]),
    [
      ['aws', 'url', 'https://ip-ranges.amazonaws.com/ip-ranges.json'],
      ['gcp', 'url', 'https://www.gstatic.com/ipranges/cloud.json'],
      ['oci', 'url', 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json'],
      ['azure', 'none', 'not configured'],
    ],
  );
  for (const bad of ['http://example.com/ip-ranges.json', 'ftp://example.com/x', 'https://user:pw@example.com/x']) {
    assert.throws(
      () => resolveFeedSources({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: bad }),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.field === 'ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS' &&
        !e.message.includes('pw@'),
    );
  }
  const signed = resolveFeedSources({
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: 'https://blob.example/tags.json?sig=SECRET',
  })[3];
  assert.equal(signed.display, 'https://blob.example/tags.json', 'a query (signature) never shows in messages');
  assert.equal(resolveFeedSources({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'http://127.0.0.1:1/x' })[0].kind, 'url');
});

test("cache folder: the variable, else the platform's user cache folder", () => {
  assert.equal(resolveCacheDir({ ORIGIN_CLOUD_REGIONS_CACHE_DIR: '/tmp/c' }), '/tmp/c');
  assert.equal(resolveCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/origin-cloud-regions/ip-ranges');
  assert.equal(resolveCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), '/xdg/origin-cloud-regions/ip-ranges');
  assert.equal(resolveCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/origin-cloud-regions/ip-ranges');
});

test('redirects are followed to https or loopback only, at most three hops', async () => {
  emulator.ipRangeFeeds.redirect('moved.json', emulator.ipRangeFeedUrl('aws.json'));
  const moved = await loadIpRanges({
    env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('moved.json') }),
  });
  assert.equal(moved.feeds[0].status, 'downloaded');
  assert.equal(moved.feeds[0].version, 'v1');

  emulator.ipRangeFeeds.redirect('plain.json', 'http://192.0.2.1/ip-ranges.json');
  const plain = await loadIpRanges({
    env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('plain.json') }),
  });
  assert.equal(plain.feeds[0].status, 'failed');
  assert.match(plain.warnings[0], /uses plain http to 192\.0\.2\.1/);

  emulator.ipRangeFeeds.redirect('loop.json', emulator.ipRangeFeedUrl('loop.json'));
  const loop = await loadIpRanges({
    env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('loop.json') }),
  });
  assert.equal(loop.feeds[0].status, 'failed');
  assert.match(loop.warnings[0], /redirects too often/);
  assert.equal(emulator.ipRangeFeeds.stats().requests, 2 + 1 + 4);
});

/** Every file of the cache folder, as text. */
function cacheText(): string {
  return fs
    .readdirSync(cacheDir)
    .map((n) => `${n}\n${fs.readFileSync(path.join(cacheDir, n), 'utf8')}`)
    .join('\n');
}

test('a feed that drips a byte every 50 ms ends at its total deadline: a warning naming it, the other feeds used', async () => {
  // The pause between bytes (50 ms) stays far below the timeout, so only a deadline on the whole answer ends it.
  const dripping = `${drip.origin}/aws/ip-ranges.json`;
  const started = Date.now();
  const loaded = await loadIpRanges({
    env: env({
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: dripping,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS: '600',
    }),
  });
  assert.ok(Date.now() - started < 15_000, `ended near the 600 ms deadline, not ${Date.now() - started} ms`);
  assert.deepEqual(
    loaded.feeds.map((f) => f.status),
    ['failed', 'downloaded', 'off', 'off'],
  );
  assert.equal(loaded.warnings.length, 1);
  assert.equal(
    loaded.warnings[0],
    `warning: The AWS IP range feed ${dripping} did not finish within 600 ms (redirects, headers and body; ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS). There is no cached copy to use instead. Until it is reachable, AWS mappings are reported as unverified.`,
  );

  // With a young cached copy, the copy stands in and the warning says so.
  const file = cacheFilePath(cacheDir, 'aws', dripping);
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 1,
      url: dripping,
      checkedAt: new Date(Date.now() - 3_600_000).toISOString(),
      body: awsFeed([['192.0.2.0/24', 'us-east-1']], [], 'cached'),
    }),
  );
  const stale = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: dripping }), timeoutMs: 600 });
  assert.equal(stale.feeds[0].status, 'stale_cache');
  assert.equal(stale.feeds[0].version, 'cached');
  assert.match(
    stale.warnings[0],
    /^warning: The AWS IP range feed \S+ did not finish within 600 ms .*\. Using the copy cached at \S+ \(1 h old\) instead\.$/,
  );
});

test('the feed timeout variable: a whole number of milliseconds, 30 s by default; anything else is refused by name', async () => {
  const { resolveSetting } = await import('../../lib/settings/resolve');
  const { SETTINGS } = await import('../../lib/settings/table');
  assert.equal(SETTINGS.ipRangesTimeout.default, 30_000);
  assert.equal(resolveSetting(SETTINGS.ipRangesTimeout, { env: {} }), 30_000);
  assert.equal(
    resolveSetting(SETTINGS.ipRangesTimeout, { env: { ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS: ' 1500 ' } }),
    1500,
  );
  for (const bad of ['0', '30s', '-1', '600001']) {
    await assert.rejects(
      loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS: bad }) }),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS',
    );
  }
});

test("a redirect to a broken Location is that feed's warning; the others are used; no URL query reaches any sink", async () => {
  const SECRET = 'sig=SECRET-9f8e7d';
  // The configured URL and the Location both carry a signature; the Location is not a URL at all.
  emulator.ipRangeFeeds.redirect('broken.json', `http://[zz/x?${SECRET}-location`);
  const signed = `${emulator.ipRangeFeedUrl('broken.json')}?${SECRET}&x=%0a%1b[31m`;
  const loaded = await loadIpRanges({
    env: env({
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: signed,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
    }),
  });
  assert.deepEqual(
    loaded.feeds.map((f) => f.status),
    ['failed', 'downloaded', 'off', 'off'],
  );
  assert.equal(
    loaded.warnings[0],
    `warning: The AWS IP range feed ${emulator.ipRangeFeedUrl('broken.json')} redirects (HTTP 302) to a Location that is not a URL. There is no cached copy to use instead. Until it is reachable, AWS mappings are reported as unverified.`,
  );
  assert.ok(loaded.feeds[0].error instanceof IpRangeFeedError);

  // Every other way a signed URL travels: downloaded and cached, answering 503, redirected to plain http.
  const aws = `${emulator.ipRangeFeedUrl('aws.json')}?${SECRET}`;
  const downloaded = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: aws }) });
  assert.equal(downloaded.feeds[0].status, 'downloaded');
  const cached = JSON.parse(fs.readFileSync(cacheFilePath(cacheDir, 'aws', aws), 'utf8')) as { url: string };
  assert.equal(cached.url, emulator.ipRangeFeedUrl('aws.json'), 'the cache holds the URL without its query');
  emulator.ipRangeFeeds.set('aws.json', 'down', 'text/plain', 503);
  const down = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: aws }) });
  assert.equal(down.feeds[0].status, 'stale_cache', 'the copy cached under the signed URL stands in');
  emulator.ipRangeFeeds.redirect('plain.json', `http://192.0.2.1/ip-ranges.json?${SECRET}`);
  const plain = await loadIpRanges({
    env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `${emulator.ipRangeFeedUrl('plain.json')}?${SECRET}` }),
  });
  assert.match(plain.warnings[0], /uses plain http to 192\.0\.2\.1/);
  const refused = await loadIpRanges({
    env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `https://[zz/tags.json?${SECRET}` }),
  }).catch((e: unknown) => e);
  assert.ok(refused instanceof InvalidInputError);

  const messages = (l: Awaited<ReturnType<typeof loadIpRanges>>): string[] => [
    ...l.warnings,
    ...l.feeds.flatMap((f) => [f.source, ...chain(f.error)]),
  ];
  const sinks = [loaded, downloaded, down, plain].flatMap(messages).concat(chain(refused), cacheText());
  for (const text of sinks) assert.ok(!text.includes('SECRET'), `a query leaked: ${text}`);
});

/** The messages of an error and its causes. */
function chain(error: unknown): string[] {
  const out: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) out.push(e.message, String((e as { input?: unknown }).input));
  return out;
}

test('a cached copy that no longer validates is dropped and fetched again without conditional headers', async () => {
  await loadIpRanges({ env: env() });
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // The validators still match the server's: a conditional request would get 304 and the broken body forever.
  fs.writeFileSync(file, JSON.stringify({ ...entry, body: '{"syncToken":"v1","prefixes":"broken"}' }));
  emulator.ipRangeFeeds.resetStats();
  const again = await loadIpRanges({ env: env() });
  assert.equal(again.feeds[0].status, 'downloaded');
  assert.deepEqual(again.warnings, []);
  assert.deepEqual(emulator.ipRangeFeeds.stats(), { requests: 1, notModified: 0 });
  const replaced = JSON.parse(fs.readFileSync(file, 'utf8')) as { body: string };
  assert.match(replaced.body, /"prefixes":\[\{/, 'the good copy replaced the broken one');

  // Unreachable, a broken copy is not a stand-in either.
  fs.writeFileSync(file, JSON.stringify({ ...entry, body: '<html>cached login page</html>' }));
  emulator.ipRangeFeeds.set('aws.json', 'down', 'text/plain', 503);
  const down = await loadIpRanges({ env: env() });
  assert.equal(down.feeds[0].status, 'failed');
  assert.match(down.warnings[0], /There is no cached copy to use instead\./);
  assert.equal(fs.existsSync(file), false, 'the broken copy is removed');
});

test('a cached copy checked "in the future" has no known age: never young, never used', async () => {
  await loadIpRanges({ env: env() });
  const file = cacheFilePath(cacheDir, 'aws', emulator.ipRangeFeedUrl('aws.json'));
  const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...entry, checkedAt: '2999-01-01T00:00:00.000Z' }));
  emulator.ipRangeFeeds.set('aws.json', 'down', 'text/plain', 503);
  const down = await loadIpRanges({ env: env() });
  assert.equal(down.feeds[0].status, 'failed');
  assert.match(
    down.warnings[0],
    /answered HTTP 503\. The cached copy says it was checked at 2999-01-01T00:00:00\.000Z, in the future, so its age is unknown and it is not used\./,
  );
});

test('a body that breaks off, one that is not UTF-8 and one declared over the limit: each warned by name, none cached', async () => {
  // A server of our own, for answers the emulator never gives: each path a different way of not being a feed.
  const server = http.createServer((req, res) => {
    if (req.url === '/cut.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"syncToken":"v1","prefixes":[');
      setTimeout(() => res.destroy(), 20);
    } else if (req.url === '/latin1.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_FEED_BYTES + 1) });
      res.write('{');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const warningFor = async (file: string): Promise<string> => {
      const loaded = await loadIpRanges({ env: env({ ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `${origin}/${file}` }) });
      assert.equal(loaded.feeds[0].status, 'failed', file);
      assert.deepEqual(fs.readdirSync(cacheDir), [], `${file}: nothing cached`);
      return loaded.warnings[0];
    };
    assert.match(await warningFor('cut.json'), /broke off while downloading/);
    assert.match(await warningFor('latin1.json'), /is not UTF-8 text/);
    assert.match(await warningFor('huge.json'), new RegExp(`is larger than ${MAX_FEED_BYTES} bytes`));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
