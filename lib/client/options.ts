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
   * Mappings per page, 1..100. Example: `20` to page the way the Terraform data source does.
   * @default 100
   */
  readonly perPage?: number;
  /**
   * How many pages (after page 1) and how many zones one client fetches at once. The process-wide cap
   * (env `ORIGIN_CLOUD_REGIONS_CONCURRENCY`, default 32) still bounds all requests of the process.
   * @default env `ORIGIN_CLOUD_REGIONS_CONCURRENCY`, else 32
   */
  readonly pageConcurrency?: number;
  /**
   * Per-attempt timeout in milliseconds, for the response headers and for each pause in the body.
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

/** Default API base URL (the public Cloudflare v4 API). */
export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';

/** Documented defaults of every numeric option. */
export const CLIENT_DEFAULTS = Object.freeze({
  perPage: 100,
  pageConcurrency: 32,
  attemptTimeoutMs: 10_000,
  deadlineMs: 60_000,
  maxRetries: 4,
  maxRetryAfterMs: 30_000,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 8_000,
  maxBodyBytes: 8 * 1024 * 1024,
});

/** How many times a listing that saw the zone change is restarted before giving up. */
export const MAX_LISTING_RESTARTS = 2;

/** Environment variable names this client reads. */
export const ENV = Object.freeze({
  apiToken: 'CLOUDFLARE_API_TOKEN',
  apiEmail: 'CLOUDFLARE_EMAIL',
  apiKey: 'CLOUDFLARE_API_KEY',
  baseUrl: 'CLOUDFLARE_BASE_URL',
  timeout: 'ORIGIN_CLOUD_REGIONS_TIMEOUT_MS',
  deadline: 'ORIGIN_CLOUD_REGIONS_DEADLINE_MS',
  maxRetries: 'ORIGIN_CLOUD_REGIONS_MAX_RETRIES',
  concurrency: 'ORIGIN_CLOUD_REGIONS_CONCURRENCY',
});
