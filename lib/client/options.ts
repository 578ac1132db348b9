/** Everything a caller can set on {@link OriginCloudRegionsClient}; each field overrides its environment variable. */
export interface ClientOptions {
  /**
   * API token (`Authorization: Bearer`) with "Zone → Zone Settings: Read" on the zone.
   * @default env `CLOUDFLARE_API_TOKEN`
   */
  readonly apiToken?: string;
  /**
   * Account email of the legacy Global API key (`X-Auth-Email`), used only without a token.
   * @default env `CLOUDFLARE_EMAIL`
   */
  readonly apiEmail?: string;
  /** Global API key (`X-Auth-Key`), paired with {@link ClientOptions.apiEmail}. @default env `CLOUDFLARE_API_KEY` */
  readonly apiKey?: string;
  /**
   * API base URL; plain `http:` only to a loopback host (the emulator), so credentials never travel in clear text.
   * @default env `CLOUDFLARE_BASE_URL`, else `https://api.cloudflare.com/client/v4`
   */
  readonly baseUrl?: string;
  /**
   * Mappings per page asked for, 1..100; the listing reads the size the server serves, whatever it reports.
   * @default env `ORIGIN_CLOUD_REGIONS_PER_PAGE`, else 100
   */
  readonly perPage?: number;
  /**
   * How many pages (after page 1) and zones one client fetches at once; the process-wide cap still bounds them all.
   * @default env `ORIGIN_CLOUD_REGIONS_CONCURRENCY`, else 64
   */
  readonly pageConcurrency?: number;
  /**
   * Per-attempt timeout in milliseconds, headers and whole body together.
   * @default env `ORIGIN_CLOUD_REGIONS_TIMEOUT_MS`, else 10000
   */
  readonly attemptTimeoutMs?: number;
  /**
   * Deadline in milliseconds of one operation (a whole listing with its retries and restarts).
   * @default env `ORIGIN_CLOUD_REGIONS_DEADLINE_MS`, else 60000
   */
  readonly deadlineMs?: number;
  /** Retries after the first attempt of a request (0..20). @default env `ORIGIN_CLOUD_REGIONS_MAX_RETRIES`, else 4 */
  readonly maxRetries?: number;
  /** Longest wait a `Retry-After` may impose, in milliseconds; longer ones are cut to this. @default 30000 */
  readonly maxRetryAfterMs?: number;
  /**
   * First backoff step in ms: retry n waits a random time in [0, min(max, base·2^(n-1))) ("full jitter").
   * @default 250
   */
  readonly retryBaseDelayMs?: number;
  /** Largest backoff step in milliseconds. @default 8000 */
  readonly retryMaxDelayMs?: number;
  /** Largest response body accepted, in bytes (a page of 100 mappings is about 12 KiB). @default 8388608 */
  readonly maxBodyBytes?: number;
  /**
   * Most HTTP requests this client sends in all, retries included; a request past it fails with
   * `RequestCapReachedError` unsent (the CLI's `refresh --max-requests`).
   * @default no cap
   */
  readonly maxRequests?: number;
  /**
   * Most requests per {@link ClientOptions.rateLimitWindowMs} of every client of this process together (Cloudflare
   * allows 1,200 per 5 minutes per user); `0` turns the budget off. A listing that cannot fit it before its
   * deadline fails early with `RateBudgetExceededError`.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_LIMIT`, else 1200 (0 for a loopback base URL, such as the emulator)
   */
  readonly rateLimitRequests?: number;
  /**
   * The rate budget's sliding window in milliseconds.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_WINDOW_MS`, else 300000
   */
  readonly rateLimitWindowMs?: number;
  /**
   * Most requests per second this process sends (Cloudflare allows 200 per second per IP); `0` turns it off.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_PER_SECOND`, else 200 (0 for a loopback base URL)
   */
  readonly rateLimitPerSecond?: number;
  /**
   * HTTP proxy for the API (`http://user:password@proxy.example:3128`, `NO_PROXY` not applied), or `false` to
   * connect directly. Requests go through it in a `CONNECT` tunnel, so the credentials stay inside TLS.
   * @default env `HTTPS_PROXY` unless `NO_PROXY` matches the API host, lowercase spelling first (a plain-http base URL is never proxied: with `HTTP_PROXY` in effect for it the client refuses to start)
   */
  readonly proxy?: string | false;
  /**
   * Receives one line per request attempt and retry decision, credentials redacted (`console.error`).
   * @default no logging
   */
  readonly debug?: (line: string) => void;
  /** Environment variables to read defaults from. @default `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** How many times a listing that saw the zone change is restarted before giving up. */
export const MAX_LISTING_RESTARTS = 2;
