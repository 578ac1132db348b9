import { InvalidInputError } from '../errors/base';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { quoteForMessage } from '../sinks/terminal';
import { MissingCredentialsError } from '../errors/client';
import { ENV } from '../settings/names';
import { credentialsIn, resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import { isLoopbackHost, parseHttpUrl } from '../settings/url';
import type { ClientOptions } from './options';
import { resolveProxy, SPACE_OR_CONTROL, type ProxyRoute } from './proxy';
import { redactSecrets } from './redact';
import type { RateLimits } from './budget';

/** The credentials a client sends: a token, or the legacy email + Global API key pair. */
export type Credentials =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'key'; readonly email: string; readonly key: string };

/**
 * Options resolved against the environment and defaults, validated, frozen. `credentials`, `headers` and `secrets`
 * are non-enumerable: they do not show up when the config is logged or serialised.
 */
export interface ClientConfig extends Readonly<Record<PacingOption, number>> {
  readonly credentials: Credentials;
  readonly origin: string;
  /** `/client/v4`, without a trailing slash. */
  readonly basePath: string;
  readonly proxy: ProxyRoute | undefined;
  /** The network path, for messages: `https://api.cloudflare.com through the proxy … from HTTPS_PROXY`. */
  readonly route: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Strings that must never be printed (token, key, email). */
  readonly secrets: readonly string[];
  readonly rateLimits: RateLimits;
  /** Every line given to it is already redacted. */
  readonly debug: ((line: string) => void) | undefined;
  readonly redact: (text: string) => string;
}

/** The `User-Agent` this package sends: `cdktf-origin-cloud-regions/<version>`. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;

/**
 * Resolves options against the environment and defaults and validates all of them, so that a bad setting fails
 * before any request is sent.
 */
export function resolveClientConfig(options: ClientOptions = {}): ClientConfig {
  const env = options.env ?? process.env;
  const credentials = resolveCredentials(options, env);
  const route = resolveRoute(options, env);
  const pacing = resolvePacing(options, env);
  const rateLimits = resolveRateLimits(options, env, route.origin);
  if (options.debug !== undefined && typeof options.debug !== 'function') {
    throw new InvalidInputError(
      'debug',
      'debug must be a function that takes one line of text, for example console.error.',
    );
  }
  const secrets = secretsOf(options, env, route.proxy);
  const redact = (text: string): string => redactSecrets(text, secrets);
  const userDebug = options.debug;
  const config = {
    ...route,
    ...pacing,
    rateLimits,
    debug: userDebug ? (line: string) => userDebug(redact(line)) : undefined,
    redact,
  };
  // Non-enumerable, so that logging, inspecting or JSON-serialising a config (or a client) never shows them.
  Object.defineProperties(config, {
    credentials: { value: Object.freeze(credentials), enumerable: false },
    headers: { value: Object.freeze(headersOf(credentials)), enumerable: false },
    secrets: { value: Object.freeze(secrets), enumerable: false },
  });
  return Object.freeze(config) as ClientConfig;
}

function resolveRoute(options: ClientOptions, env: Env): Pick<ClientConfig, 'origin' | 'basePath' | 'proxy' | 'route'> {
  const field = options.baseUrl !== undefined ? 'baseUrl' : ENV.baseUrl;
  const { origin, basePath } = resolveBaseUrl(resolveSetting(SETTINGS.baseUrl, { prop: options.baseUrl, env }), field);
  const proxy = resolveProxy(options.proxy, env, new URL(origin), field);
  const route = proxy === undefined ? origin : `${origin} through the proxy ${proxy.display} from ${proxy.source}`;
  return { origin, basePath, proxy, route };
}

const PACING = [
  SETTINGS.perPage,
  SETTINGS.concurrency,
  SETTINGS.timeout,
  SETTINGS.deadline,
  SETTINGS.maxRetries,
  SETTINGS.maxRetryAfterMs,
  SETTINGS.retryBaseDelayMs,
  SETTINGS.retryMaxDelayMs,
  SETTINGS.maxBodyBytes,
] as const;

type PacingOption = (typeof PACING)[number]['option'];

function resolvePacing(options: ClientOptions, env: Env): Record<PacingOption, number> {
  const pairs = PACING.map((row) => [row.option, resolveSetting(row, { prop: options[row.option], env })]);
  return Object.fromEntries(pairs) as Record<PacingOption, number>;
}

// A loopback base URL is the emulator (or a test double), which enforces only what it is told to: no budget there.
function resolveRateLimits(options: ClientOptions, env: Env, origin: string): RateLimits {
  const off = isLoopbackHost(new URL(origin).hostname) ? { fallback: 0 } : {};
  return Object.freeze({
    requests: resolveSetting(SETTINGS.rateLimit, { prop: options.rateLimitRequests, env, ...off }),
    windowMs: resolveSetting(SETTINGS.rateWindow, { prop: options.rateLimitWindowMs, env }),
    perSecond: resolveSetting(SETTINGS.ratePerSecond, { prop: options.rateLimitPerSecond, env, ...off }),
  });
}

// Every credential in sight, the unused ones too (a token wins over a key also set), and the proxy's password.
function secretsOf(options: ClientOptions, env: Env, proxy: ProxyRoute | undefined): string[] {
  const given = [options.apiToken, options.apiEmail, options.apiKey, ...(proxy?.secrets ?? [])];
  return [
    ...new Set([...given, ...credentialsIn(env)].filter((s): s is string => typeof s === 'string' && s.length > 0)),
  ];
}

function headersOf(credentials: Credentials): Record<string, string> {
  return {
    'user-agent': USER_AGENT,
    accept: 'application/json',
    ...(credentials.kind === 'token'
      ? { authorization: `Bearer ${credentials.token}` }
      : { 'x-auth-email': credentials.email, 'x-auth-key': credentials.key }),
  };
}

const OPTION_NAMES = { token: 'apiToken', email: 'apiEmail', key: 'apiKey' };

// Options first (token, else email + key), then the environment in the same order, as in the official SDK.
function resolveCredentials(options: Pick<ClientOptions, 'apiToken' | 'apiEmail' | 'apiKey'>, env: Env): Credentials {
  const found =
    pickCredentials([options.apiToken, options.apiEmail, options.apiKey], OPTION_NAMES) ??
    pickCredentials(credentialsIn(env), { token: ENV.apiToken, email: ENV.apiEmail, key: ENV.apiKey });
  if (found) return found;
  throw new MissingCredentialsError(
    ENV.apiToken,
    `No Cloudflare credentials found. Set ${ENV.apiToken} to an API token with "Zone → Zone Settings: Read" on the zone (preferred), or set both ${ENV.apiEmail} and ${ENV.apiKey} (Global API key).`,
  );
}

function pickCredentials(
  [token, email, key]: readonly (string | undefined)[],
  names: typeof OPTION_NAMES,
): Credentials | undefined {
  if (token !== undefined) {
    checkHeaderValue(token, names.token);
    return { kind: 'token', token };
  }
  if (email === undefined && key === undefined) return undefined;
  if (email === undefined || key === undefined) {
    const missing = email === undefined ? names.email : names.key;
    const given = email === undefined ? names.key : names.email;
    throw new MissingCredentialsError(
      missing,
      `${given} is set but ${missing} is not. Set both ${names.email} and ${names.key}, or set ${names.token} instead (preferred).`,
    );
  }
  checkHeaderValue(email, names.email);
  checkHeaderValue(key, names.key);
  if (!email.includes('@')) {
    throw new InvalidInputError(
      names.email,
      `${names.email} is not an email address. Set it to the email of the Cloudflare account that owns the Global API key.`,
    );
  }
  return { kind: 'key', email, key };
}

// A credential pasted with a trailing newline or a space would be rejected by the HTTP layer with a message
// that could echo it; say so here without ever printing the value.
function checkHeaderValue(value: string, field: string): void {
  const problem =
    typeof value !== 'string' || value.length === 0
      ? "is empty. Set it to the credential's value, or leave it unset."
      : SPACE_OR_CONTROL.test(value)
        ? 'contains spaces, line breaks or control characters. Copy the credential again without surrounding whitespace.'
        : !/^[\x21-\x7e]+$/.test(value)
          ? 'contains non-ASCII characters. Copy the credential again from the Cloudflare dashboard.'
          : undefined;
  if (problem !== undefined) throw new InvalidInputError(field, `${field} ${problem}`);
}

// Only `https:`, or plain `http:` to a loopback host (the emulator): else the credentials would travel in clear text.
function resolveBaseUrl(raw: string, field: string): { origin: string; basePath: string } {
  const form = 'Use the form https://api.cloudflare.com/client/v4.';
  const url = parseHttpUrl(raw, field, {
    notUrl: `${field} ${quoteForMessage(JSON.stringify(raw), 120)} is not a URL. ${form}`,
    scheme: (protocol) =>
      `${field} must be an http(s) URL, got scheme "${protocol}". Use https://api.cloudflare.com/client/v4.`,
    credentials: `${field} contains a user name or password. Remove them from the URL and pass credentials through ${ENV.apiToken} instead.`,
    query: `${field} must not have a query string or fragment. ${form}`,
    plainHttp: (hostname) =>
      `${field} uses plain http to ${hostname}, which would send your Cloudflare credentials in clear text. Use https, or http only to a loopback address such as 127.0.0.1.`,
  });
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}
