import { ENV } from '../settings/names';

/** Everything a caller can set on {@link OriginCloudRegionsClient}; each field overrides its environment variable. */
export interface ClientOptions {
  /**
   * Cloudflare API token, sent as `Authorization: Bearer`. Needs "Zone → Zone Settings: Read" on the zone.
   * @default env `CLOUDFLARE_API_TOKEN`
   */
  readonly apiToken?: string;
  /**
   * Account email for the legacy Global API key scheme (`X-Auth-Email`), used only when no token is given.
   * @default env `CLOUDFLARE_EMAIL`
   */
  readonly apiEmail?: string;
  /**
   * Global API key (`X-Auth-Key`), paired with {@link ClientOptions.apiEmail}.
   * @default env `CLOUDFLARE_API_KEY`
   */
  readonly apiKey?: string;
  /**
   * API base URL. Plain `http:` is accepted only for loopback hosts (the local emulator), so credentials never
   * travel in clear text. Example: `http://127.0.0.1:8787/client/v4`.
   * @default env `CLOUDFLARE_BASE_URL`, else `https://api.cloudflare.com/client/v4`
   */
  readonly baseUrl?: string;
  /**
   * Mappings per page asked for, 1..100. The server may serve fewer (or report its default, 20, as the API
   * reference's examples do): the listing reads the size it serves. Example: `20` to page the way the Terraform
   * data source does.
   * @default env `ORIGIN_CLOUD_REGIONS_PER_PAGE`, else 100
   */
  readonly perPage?: number;
  /**
   * How many pages (after page 1) and how many zones one client fetches at once. The process-wide cap
   * (env `ORIGIN_CLOUD_REGIONS_CONCURRENCY`, default 64) still bounds all requests of the process.
   * @default env `ORIGIN_CLOUD_REGIONS_CONCURRENCY`, else 64
   */
  readonly pageConcurrency?: number;
  /**
   * Per-attempt timeout in milliseconds: the response headers and the whole body together.
   * @default env `ORIGIN_CLOUD_REGIONS_TIMEOUT_MS`, else 10000
   */
  readonly attemptTimeoutMs?: number;
  /**
   * Overall deadline in milliseconds for one operation (a whole listing with its retries and restarts).
   * @default env `ORIGIN_CLOUD_REGIONS_DEADLINE_MS`, else 60000
   */
  readonly deadlineMs?: number;
  /**
   * Retries after the first attempt of a request (0..20). Example: `0` to fail on the first error.
   * @default env `ORIGIN_CLOUD_REGIONS_MAX_RETRIES`, else 4
   */
  readonly maxRetries?: number;
  /**
   * Longest wait a `Retry-After` header may impose, in milliseconds; longer values are cut to this.
   * @default 30000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * First backoff step in milliseconds; attempt n waits a random time in [0, min(max, base·2^(n-1))) ("full jitter").
   * @default 250
   */
  readonly retryBaseDelayMs?: number;
  /**
   * Largest backoff step in milliseconds.
   * @default 8000
   */
  readonly retryMaxDelayMs?: number;
  /**
   * Largest response body accepted, in bytes; a bigger body is abandoned mid-stream.
   * @default 8388608 (8 MiB; a full page of 100 mappings is about 12 KiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Most HTTP requests this client sends in all, retries included; a request past it is not sent and fails with
   * `RequestCapReachedError` (code `OCR_REQUEST_CAP_REACHED`). Example: `600` for a job that must leave the rest of
   * the account's rate budget alone whatever fails (the CLI's `refresh --max-requests`).
   * @default no cap
   */
  readonly maxRequests?: number;
  /**
   * Most requests per {@link ClientOptions.rateLimitWindowMs} that every client of this process may send
   * together (Cloudflare allows 1,200 per 5 minutes per user); `0` turns the budget off. When a listing cannot
   * finish within the budget before its deadline, it fails early with `RateBudgetExceededError`. Example: `600`
   * to leave half of the account's budget to other jobs.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_LIMIT`, else 1200 (0 for a loopback base URL, such as the emulator)
   */
  readonly rateLimitRequests?: number;
  /**
   * Length of the rate budget's sliding window, in milliseconds.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_WINDOW_MS`, else 300000 (5 minutes)
   */
  readonly rateLimitWindowMs?: number;
  /**
   * Most requests per second this process sends (Cloudflare allows 200 per second per IP); `0` turns it off.
   * @default env `ORIGIN_CLOUD_REGIONS_RATE_PER_SECOND`, else 200 (0 for a loopback base URL)
   */
  readonly rateLimitPerSecond?: number;
  /**
   * HTTP proxy for the API: a URL such as `http://proxy.example:3128` (user name and password may be
   * given as `http://user:password@proxy.example:3128`), or `false` to connect directly whatever the
   * environment says. A URL given here is used for every request: `NO_PROXY` does not apply to it.
   * Requests to the API go through the proxy in a `CONNECT` tunnel, so the credentials stay inside TLS.
   * Example: `proxy: false` next to `baseUrl: 'http://127.0.0.1:8787/client/v4'` for a local emulator.
   * @default env `HTTPS_PROXY` unless `NO_PROXY` matches the API host, lowercase spelling first (a plain-http base URL is never proxied: with `HTTP_PROXY` in effect for it the client refuses to start)
   */
  readonly proxy?: string | false;
  /**
   * Receives one line per request attempt and retry decision, with credentials redacted. Example: `console.error`.
   * @default no logging
   */
  readonly debug?: (line: string) => void;
  /**
   * Environment variables to read defaults from.
   * @default `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** How many times a listing that saw the zone change is restarted before giving up. */
export const MAX_LISTING_RESTARTS = 2;

/** Environment variable names this package reads (the one list of them is `lib/settings/names.ts`). */
export { ENV };
