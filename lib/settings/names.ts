/**
 * The names of every environment variable and cdktf context key this package reads, in one place. Each
 * setting's value is parsed and validated where it is resolved (the client's options in `client/config.ts`,
 * the lookup's and construct's switches in `lookup/settings.ts`); these constants only name them.
 * (The IP-range feeds of `verify` name their own variables in `lib/ipranges`.)
 */

/** Environment variable names this package reads. */
export const ENV = Object.freeze({
  /** API token, sent as `Authorization: Bearer` (preferred credential). */
  apiToken: 'CLOUDFLARE_API_TOKEN',
  /** Account email of the legacy Global API key scheme (`X-Auth-Email`). */
  apiEmail: 'CLOUDFLARE_EMAIL',
  /** Global API key (`X-Auth-Key`), paired with the email. */
  apiKey: 'CLOUDFLARE_API_KEY',
  /** API base URL, for example `http://127.0.0.1:8787/client/v4` for the emulator. */
  baseUrl: 'CLOUDFLARE_BASE_URL',
  /** Per-attempt timeout in milliseconds. */
  timeout: 'ORIGIN_CLOUD_REGIONS_TIMEOUT_MS',
  /** Deadline of one whole operation in milliseconds. */
  deadline: 'ORIGIN_CLOUD_REGIONS_DEADLINE_MS',
  /** Retries after the first attempt of a request. */
  maxRetries: 'ORIGIN_CLOUD_REGIONS_MAX_RETRIES',
  /** Requests in flight at once: the process-wide cap, and the default `pageConcurrency`. */
  concurrency: 'ORIGIN_CLOUD_REGIONS_CONCURRENCY',
  /** Requests per rate window for the process-wide budget (0 turns it off). */
  rateLimit: 'ORIGIN_CLOUD_REGIONS_RATE_LIMIT',
  /** Length of the rate window in milliseconds. */
  rateWindow: 'ORIGIN_CLOUD_REGIONS_RATE_WINDOW_MS',
  /** Requests per second for the process-wide budget (0 turns it off). */
  ratePerSecond: 'ORIGIN_CLOUD_REGIONS_RATE_PER_SECOND',
  /** Proxy for `https:` API URLs (the default); `https_proxy` (lowercase) is read first, as curl does. */
  httpsProxy: 'HTTPS_PROXY',
  /** Proxy for `http:` API URLs (only a loopback emulator); `http_proxy` (lowercase) is read first. */
  httpProxy: 'HTTP_PROXY',
  /** Hosts that bypass the proxy, comma-separated (`.example.com`, `10.0.0.0/8`, `host:port`, `*`); `no_proxy` first. */
  noProxy: 'NO_PROXY',
  /** `1`/`true` to read every zone from its snapshot instead of the API (offline synth). */
  offline: 'ORIGIN_CLOUD_REGIONS_OFFLINE',
  /** Folder of the snapshot files, relative to the working directory (default `.origin-cloud-regions`). */
  snapshotDir: 'ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR',
  /** `1`/`true` to write each zone's snapshot after an online lookup. */
  snapshot: 'ORIGIN_CLOUD_REGIONS_SNAPSHOT',
  /** The drift marker kind: `null_resource`, `terraform_data` or `none`. */
  marker: 'ORIGIN_CLOUD_REGIONS_MARKER',
  /** `1`/`true` to make every validation finding an error annotation, which fails the synth. */
  strict: 'ORIGIN_CLOUD_REGIONS_STRICT',
  /** `1`/`true` to print nothing on a successful lookup (the one summary line per zone). */
  quiet: 'ORIGIN_CLOUD_REGIONS_QUIET',
  /** `1` to keep stack traces on this package's errors thrown during synth (they are cut to one line otherwise). */
  debug: 'ORIGIN_CLOUD_REGIONS_DEBUG',
  /** `1`/`true` to check every mapping against the clouds' published IP ranges (see docs/ip-ranges.md). */
  verifyIpRanges: 'ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES',
  /** Mappings per page asked for (1..100); the server may serve fewer, and the listing reads what it serves. */
  perPage: 'ORIGIN_CLOUD_REGIONS_PER_PAGE',
});

/** cdktf context keys the construct reads (set them under `context` in cdktf.json); the environment wins over them. */
export const CONTEXT = Object.freeze({
  /** Context key of the offline switch (`true` or `"1"` to synth from snapshots). */
  offline: 'originCloudRegions:offline',
  /** Context key of the snapshot folder. */
  snapshotDir: 'originCloudRegions:snapshotDir',
  /** Context key of the snapshot switch (`true` to write snapshots after an online lookup). */
  snapshot: 'originCloudRegions:snapshot',
  /** Context key of the marker kind. */
  marker: 'originCloudRegions:marker',
  /** Context key of the strict switch (`true` to make every finding an error). */
  strict: 'originCloudRegions:strict',
  /** Context key of the quiet switch. */
  quiet: 'originCloudRegions:quiet',
  /** Context key of the IP range verification switch. */
  verifyIpRanges: 'originCloudRegions:verifyIpRanges',
  /** Context key of the page size asked for (1..100). */
  perPage: 'originCloudRegions:perPage',
});
