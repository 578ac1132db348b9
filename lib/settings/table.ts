// Every setting this package reads: the prop or client option, variable and context key that set it, its parser and
// its default. docs/options.md is checked against it. It imports nothing, so that any layer may name a variable.

/**
 * How `resolveSetting` parses a value: blank is unset for a `folder` and a `trimmed` text, the empty string for a
 * `text` (as in a shell); a `value` is checked where it is used.
 */
export type SettingKind = 'flag' | 'integer' | 'oneOf' | 'folder' | 'trimmed' | 'text' | 'value';

/** One row of {@link SETTINGS}: `option` is the client's (the construct's `client.<option>`). */
export interface SettingRow {
  readonly kind: SettingKind;
  readonly prop?: string;
  readonly option?: string;
  readonly env?: string;
  readonly context?: string;
  readonly default?: unknown;
  /** The default as docs/options.md states it, when it is not the plain default. */
  readonly shown?: string;
  readonly min?: number;
  readonly max?: number;
  /** The fix an `integer`'s range error ends with. */
  readonly hint?: string;
  readonly values?: readonly string[];
  /** curl's rule for its proxy variables: the lowercase spelling of `env` is read first, and a blank value is unset. */
  readonly lowercaseFirst?: true;
}

const CONTEXT_PREFIX = 'originCloudRegions:';

/** A construct prop that a variable and a context key may also set; `env` is the suffix after `ORIGIN_CLOUD_REGIONS_`. */
function constructSetting<K extends SettingKind, P extends string, E extends string, const D>(
  kind: K,
  prop: P,
  env: E,
  fallback: D,
) {
  return {
    kind,
    prop,
    env: `ORIGIN_CLOUD_REGIONS_${env}`,
    context: `${CONTEXT_PREFIX}${prop}`,
    default: fallback,
  } as const;
}

/** `env` is the suffix of the variable after `ORIGIN_CLOUD_REGIONS_`. */
function clientInteger<O extends string, D extends number, E extends string | undefined = undefined>(
  option: O,
  fallback: D,
  [min, max]: readonly [number, number],
  hint: string,
  env?: E,
) {
  const row = { kind: 'integer', option, default: fallback, min, max, hint } as const;
  return (env === undefined ? row : { ...row, env: `ORIGIN_CLOUD_REGIONS_${env}` }) as typeof row &
    (E extends string ? { readonly env: `ORIGIN_CLOUD_REGIONS_${E}` } : unknown);
}

/** An IP range feed's variable: a URL, a file path or `off` (see `resolveFeedSources`). */
function feed<E extends string>(env: E, url?: string) {
  return {
    kind: 'trimmed',
    env: `ORIGIN_CLOUD_REGIONS_IP_RANGES_${env}`,
    default: url,
    shown: 'official URLs; Azure none',
  } as const;
}

const PER_PAGE_HINT = 'Use 100 (the default); a server that serves fewer per page is read as it serves.';
const CONCURRENCY_HINT = 'Use 64 (the default) or less; the rate budget paces requests whatever the cap.';
const DEADLINE_HINT = 'Give a whole listing time for its retries, for example 60000.';
const RATE_LIMIT_HINT =
  "Use 1200 (Cloudflare's limit per user per 5 minutes), less to leave room for other jobs, or 0 to turn the budget off.";
const RATE_WINDOW_HINT = "Use 300000 (5 minutes, Cloudflare's window).";
const PER_SECOND_HINT = "Use 200 (Cloudflare's limit per IP per second), or 0 to turn it off.";

/** Every setting, by name. */
export const SETTINGS = {
  // credentials and where the API is
  apiToken: { kind: 'text', option: 'apiToken', env: 'CLOUDFLARE_API_TOKEN' },
  apiEmail: { kind: 'text', option: 'apiEmail', env: 'CLOUDFLARE_EMAIL' },
  apiKey: { kind: 'text', option: 'apiKey', env: 'CLOUDFLARE_API_KEY' },
  baseUrl: {
    kind: 'text',
    option: 'baseUrl',
    env: 'CLOUDFLARE_BASE_URL',
    default: 'https://api.cloudflare.com/client/v4',
  },
  // curl's proxy variables
  httpsProxy: { kind: 'value', option: 'proxy', env: 'HTTPS_PROXY', lowercaseFirst: true },
  httpProxy: { kind: 'value', env: 'HTTP_PROXY', lowercaseFirst: true },
  noProxy: { kind: 'value', env: 'NO_PROXY', lowercaseFirst: true },
  // paging, timing and size
  perPage: {
    ...clientInteger('perPage', 100, [1, 100], PER_PAGE_HINT, 'PER_PAGE'),
    context: `${CONTEXT_PREFIX}perPage`,
  },
  concurrency: clientInteger('pageConcurrency', 64, [1, 64], CONCURRENCY_HINT, 'CONCURRENCY'),
  timeout: clientInteger('attemptTimeoutMs', 10_000, [1, 600_000], 'Use at least 1000 on slow networks.', 'TIMEOUT_MS'),
  deadline: clientInteger('deadlineMs', 60_000, [1, 3_600_000], DEADLINE_HINT, 'DEADLINE_MS'),
  maxRetries: clientInteger('maxRetries', 4, [0, 20], 'Use 4 (the default); 0 disables retries.', 'MAX_RETRIES'),
  maxRetryAfterMs: clientInteger('maxRetryAfterMs', 30_000, [0, 3_600_000], 'Use 30000 (the default).'),
  retryBaseDelayMs: clientInteger('retryBaseDelayMs', 250, [0, 600_000], 'Use 250 (the default).'),
  retryMaxDelayMs: clientInteger('retryMaxDelayMs', 8_000, [0, 600_000], 'Use 8000 (the default).'),
  maxBodyBytes: clientInteger('maxBodyBytes', 8 * 1024 * 1024, [1024, 1024 ** 3], 'Use 8388608 (8 MiB, the default).'),
  maxRequests: { kind: 'value', option: 'maxRequests' },
  // the process-wide rate budget: Cloudflare's limits, off for a loopback base URL (the emulator) unless asked for
  rateLimit: {
    ...clientInteger('rateLimitRequests', 1200, [0, 1_000_000], RATE_LIMIT_HINT, 'RATE_LIMIT'),
    shown: '1200 (0 for a loopback base URL)',
  },
  rateWindow: clientInteger('rateLimitWindowMs', 300_000, [1000, 86_400_000], RATE_WINDOW_HINT, 'RATE_WINDOW_MS'),
  ratePerSecond: {
    ...clientInteger('rateLimitPerSecond', 200, [0, 1_000_000], PER_SECOND_HINT, 'RATE_PER_SECOND'),
    shown: '200 (0 for a loopback base URL)',
  },
  debugSink: { kind: 'value', option: 'debug' },
  clientEnv: { kind: 'value', option: 'env' },
  // the construct
  zoneId: { kind: 'value', prop: 'zoneId' },
  client: { kind: 'value', prop: 'client' },
  label: { kind: 'value', prop: 'label' },
  expect: { kind: 'value', prop: 'expect' },
  expectPolicy: { kind: 'value', prop: 'expectPolicy', default: 'warn' },
  reportUnexpected: { kind: 'value', prop: 'reportUnexpected', default: false },
  outputs: { kind: 'oneOf', prop: 'outputs', default: 'full', values: ['full', 'summary'] },
  offline: constructSetting('flag', 'offline', 'OFFLINE', false),
  snapshot: constructSetting('flag', 'snapshot', 'SNAPSHOT', false),
  snapshotDir: constructSetting('folder', 'snapshotDir', 'SNAPSHOT_DIR', '.origin-cloud-regions'),
  marker: {
    ...constructSetting('oneOf', 'marker', 'MARKER', 'null_resource'),
    values: ['null_resource', 'terraform_data', 'none'],
  },
  strict: constructSetting('flag', 'strict', 'STRICT', false),
  quiet: constructSetting('flag', 'quiet', 'QUIET', false),
  verifyIpRanges: constructSetting('flag', 'verifyIpRanges', 'VERIFY_IP_RANGES', false),
  coverage: constructSetting('flag', 'coverage', 'COVERAGE', false),
  // keeps the stack traces of this package's errors thrown during synth
  debug: { kind: 'flag', env: 'ORIGIN_CLOUD_REGIONS_DEBUG', default: false },
  // the clouds' published IP ranges; Azure's Service Tags file moves every week, so it has no default
  ipRangesAws: feed('AWS', 'https://ip-ranges.amazonaws.com/ip-ranges.json'),
  ipRangesGcp: feed('GCP', 'https://www.gstatic.com/ipranges/cloud.json'),
  ipRangesOci: feed('OCI', 'https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json'),
  ipRangesAzure: feed('AZURE'),
  // Azure's feed is about 4 MB, about a second on an ordinary link; past the timeout a feed counts as unreachable
  ipRangesTimeout: {
    kind: 'integer',
    env: 'ORIGIN_CLOUD_REGIONS_IP_RANGES_TIMEOUT_MS',
    default: 30_000,
    min: 1,
    max: 600_000,
    hint: 'Give each feed time for its download, for example 30000 (the default).',
  },
  cacheDir: { kind: 'trimmed', env: 'ORIGIN_CLOUD_REGIONS_CACHE_DIR', shown: "the user's cache folder" },
  // the platform's: the cache folder's base, the cdktf CLI's mark on the app it runs, Node's own CA variable
  xdgCacheHome: { kind: 'trimmed', env: 'XDG_CACHE_HOME', shown: '`~/.cache`' },
  localAppData: { kind: 'trimmed', env: 'LOCALAPPDATA', shown: '`~\\AppData\\Local`' },
  cdktfOutdir: { kind: 'value', env: 'CDKTF_OUTDIR' },
  nodeExtraCaCerts: { kind: 'value', env: 'NODE_EXTRA_CA_CERTS' },
} as const satisfies Record<string, SettingRow>;

/** The name of a row of {@link SETTINGS}. */
export type SettingName = keyof typeof SETTINGS;
