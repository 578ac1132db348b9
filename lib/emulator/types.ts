import type { ApiMapping } from '../model/mapping';
import type { WireSupportedRegions } from '../model/wire-schema';

/** Supported regions in the API's wire shape (`GET …/origin/cloud_regions/supported_regions` → `result`). */
export type ApiSupportedRegions = WireSupportedRegions;

/** Credentials the emulator accepts. */
export interface EmulatorCredentials {
  /** API tokens accepted as `Authorization: Bearer <token>`. */
  tokens?: string[];
  /** Email + Global API Key pairs accepted as `X-Auth-Email` + `X-Auth-Key`. */
  keys?: {
    /** Account email (`X-Auth-Email`). */
    email: string;
    /** Global API key (`X-Auth-Key`). */
    key: string;
  }[];
}

/** A DNS record coverage reads (the emulator serves the fields Cloudflare's list does, with ids of its own). */
export interface EmulatorDnsRecord {
  /** Record type, for example `A`, `AAAA`, `CNAME`, `TXT`. */
  type: string;
  /** Record name, for example `api.example.com`. */
  name: string;
  /** Content: an IP for A and AAAA, a hostname for CNAME. */
  content: string;
  /** Whether the record is proxied. @default true */
  proxied?: boolean;
}

/** A load balancer of a zone, in the API's shape (pools by id). */
export interface EmulatorLoadBalancer {
  /** Its hostname. */
  name: string;
  /** Pool ids, in failover order. */
  default_pools: string[];
  /** The pool used when every other is unhealthy. @default the first default pool */
  fallback_pool?: string;
  /** Region code → pool ids. */
  region_pools?: Record<string, string[]>;
  /** Colo code → pool ids. */
  pop_pools?: Record<string, string[]>;
  /** Country code → pool ids. */
  country_pools?: Record<string, string[]>;
}

/** What coverage reads about a zone besides its mappings. */
export interface EmulatorCoverageZone {
  /** Its DNS records (proxied or not). @default none */
  dnsRecords?: EmulatorDnsRecord[];
  /** Its load balancers. @default none */
  loadBalancers?: EmulatorLoadBalancer[];
  /** The account that owns it (`GET /zones/{zone_id}` → `result.account.id`). @default `DEFAULT_EMULATOR_ACCOUNT` */
  account?: string;
}

/** A pool of an account, in the API's shape. */
export interface EmulatorPool {
  /** Pool id (32 lower-case hex characters in the API). */
  id: string;
  /** Pool name. */
  name: string;
  /** Whether it is enabled. @default true */
  enabled?: boolean;
  /** Its origins. */
  origins: {
    /** Origin name. */
    name: string;
    /** IP or hostname. */
    address: string;
    /** Whether it is enabled. @default true */
    enabled?: boolean;
  }[];
}

/** An account of an {@link EmulatorSeed}: its load-balancer pools. */
export interface EmulatorAccountSeed {
  /** Its pools. */
  pools: EmulatorPool[];
}

/** One zone of an {@link EmulatorSeed}. */
export interface EmulatorZoneSeed extends EmulatorCoverageZone {
  /** The zone's mappings, in the emulator's storage order (IPs are canonicalized on load). */
  mappings: ApiMapping[];
  /** Whether Tiered Cache is on. @default true (false → `supported_regions` answers 400 code 1159). */
  tieredCache?: boolean;
}

/**
 * What the emulator serves: zones, the supported regions and the accepted credentials.
 * Seed files are this object as JSON.
 */
export interface EmulatorSeed {
  /** Zone id (32 lower-case hex characters) → its mappings. Zones not listed exist and are empty. */
  zones: Record<string, EmulatorZoneSeed>;
  /** Answer of `supported_regions`, also used to validate PUTs. @default {@link defaultSupportedRegions} */
  supportedRegions?: ApiSupportedRegions;
  /** Accepted credentials. @default the options' credentials, else `DEFAULT_EMULATOR_CREDENTIALS` */
  credentials?: EmulatorCredentials;
  /** Account id (32 lower-case hex characters) → its pools, for coverage. @default none */
  accounts?: Record<string, EmulatorAccountSeed>;
  /**
   * Token permissions the credentials lack, by Cloudflare's names (`DNS Read`, `Zone Read`, `Load Balancers Read`,
   * `Load Balancing: Monitors and Pools Read`): the routes that need one answer 403 code 10000. @default none
   */
  missingPermissions?: string[];
}

/** The kinds of fault the emulator can inject; see {@link FaultRule}. */
export type FaultKind =
  'status' | 'rate-limit' | 'malformed' | 'html' | 'truncate' | 'reset' | 'delay' | 'oversize' | 'envelope' | 'mutate';

/**
 * A fault to inject into API responses (never into the control plane).
 *
 * Rules are checked in the order they were added. Every rule whose `match` fits a request counts it;
 * the first rule past its `after` count with `times` left applies, and only that one.
 */
export interface FaultRule {
  /** Which requests the rule matches; omitted fields match anything. */
  match?: {
    /** HTTP method, case-insensitive. */
    method?: string;
    /** Regular expression source tested against the URL path (with `/client/v4`, without the query string). */
    path?: string;
    /** The `page` query parameter (an absent `page` counts as 1). */
    page?: number;
  };
  /** Let the first `after` matching requests through untouched. @default 0 */
  after?: number;
  /** How many times to apply the fault. @default unlimited */
  times?: number;
  /** What to do; see the README's fault table. */
  kind: FaultKind;
  /** HTTP status for `status` (default 500), `html` (default 502), `envelope` and `malformed` (default 200). */
  status?: number;
  /** `Retry-After` value for `rate-limit`, seconds or an HTTP date. @default "1" ("" sends no header) */
  retryAfter?: string;
  /** Wait for `delay`. @default 1000 */
  delayMs?: number;
  /** Body for `envelope` and `status` (sent as JSON), or raw text for `malformed`. */
  body?: unknown;
  /** Body size of `oversize`, in bytes. @default 32 MiB */
  bytes?: number;
  /** `mutate`: mappings to add or replace in the request's zone before answering. */
  add?: ApiMapping[];
  /** `mutate`: IPs to remove from the request's zone before answering. */
  remove?: string[];
  /**
   * Extra response headers for `status`, `rate-limit`, `envelope`, `malformed` and `html`, replacing the
   * emulator's own (`content-type` included), so tests can send hostile header values. Names are
   * lower-cased; `content-length` and `transfer-encoding` are refused. Values may hold U+0080–U+00FF, C1
   * controls included (Node writes them UTF-8 encoded; undici reads headers as Latin-1, so the client sees the
   * C1 byte); Node refuses other control characters.
   */
  headers?: Record<string, string>;
}

/** Request counters of an emulator since its start or the last `resetStats()`. */
export interface EmulatorStats {
  /** API requests received (control-plane requests are not counted). */
  requests: number;
  /** API requests being answered right now. */
  inFlight: number;
  /** The highest `inFlight` seen: the client's real concurrency. */
  maxInFlight: number;
  /** Requests per route, keyed `METHOD /zones/{zone_id}/…` (`METHOD unknown` for unrouted paths). */
  byRoute: Record<string, number>;
  /** Requests per zone id. */
  byZone: Record<string, number>;
  /** Requests refused with 429 by the enforced rate limit (see {@link EmulatorOptions.rateLimit}). */
  rateLimited: number;
}

/** Cloudflare's rate limits, enforced by the emulator when given (see {@link EmulatorOptions.rateLimit}). */
export interface EmulatorRateLimit {
  /** Most requests per credential in any window of `windowMs` (Cloudflare: 1200); 0 for no limit. */
  requests: number;
  /** The sliding window, in milliseconds. @default 300000 */
  windowMs?: number;
  /** Most requests per second for all callers together (Cloudflare: 200 per IP); 0 for no limit. @default 0 */
  perSecond?: number;
  /**
   * A busy limiter: the next `requests` requests are counted, then answered, `delayMs` after they arrive; later ones
   * at once. A burst is then counted late and the requests after it on time, which is how arrival jitter looks to a
   * client that paces by the times it sent. Example: `{ "delayMs": 500, "requests": 10 }`. @default never busy
   */
  busy?: { delayMs: number; requests: number };
}

/**
 * How the list endpoint pages, for testing clients against servers that do not echo `per_page`. The documented
 * examples report `per_page: 20` (the default) whatever was asked; Cloudflare's contract promises no echo.
 */
export interface EmulatorPaging {
  /** Most mappings served on one page: a larger `per_page` is served (and reported) as this. 1..100. @default 100 */
  maxPerPage?: number;
  /** Serve the default page size (20) whatever `per_page` asks, as a server that ignores the parameter. @default false */
  ignorePerPage?: boolean;
  /** Report this `per_page` in `result_info` whatever size is served (`total_pages` follows the size served). 1..100. */
  reportPerPage?: number;
}

/** Options of `CloudflareApiEmulator.start`. */
export interface EmulatorOptions {
  /** The data to serve. @default no zones (every zone empty) */
  seed?: EmulatorSeed;
  /** A JSON file holding an {@link EmulatorSeed}, or a bundled seed's name (`demo`); used when `seed` is not given. */
  seedFile?: string;
  /** Delay added to every API response, without blocking concurrent requests. @default 0 */
  latencyMs?: number;
  /** TCP port on 127.0.0.1. @default 0 (an ephemeral port) */
  port?: number;
  /** Credentials to accept when the seed names none. @default `DEFAULT_EMULATOR_CREDENTIALS` */
  credentials?: EmulatorCredentials;
  /**
   * Order of the list endpoint: `hashed` (a stable pseudo-random order by IP, never IP order) or
   * `insertion` (the seed's order, new mappings last). @default "hashed"
   */
  order?: 'hashed' | 'insertion';
  /**
   * Enforce Cloudflare's rate limits: a request past them is answered 429 with Cloudflare's code 971 and a
   * `Retry-After` (whole seconds until a slot frees). Example: `{ requests: 1200, windowMs: 300000, perSecond: 200 }`.
   * @default no limit
   */
  rateLimit?: EmulatorRateLimit;
  /** How the list endpoint pages (see {@link EmulatorPaging}). @default as the API documents: `per_page` honoured, 1..100 */
  paging?: EmulatorPaging;
}
