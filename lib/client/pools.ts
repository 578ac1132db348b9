import type { Dispatcher } from 'undici';
import { undici } from './undici';
import type { ProxyRoute } from './proxy';
import { translateConnectionError } from './network-errors';

/*
 * One keep-alive dispatcher per API origin and proxy for the whole process, shared by every client, so that many
 * zones and clients reuse the same few TLS connections; closed when the last client holding it closes. A proxied
 * one is a `ProxyAgent`, which runs TLS to the API inside a `CONNECT` tunnel: the proxy never sees the credentials.
 */

interface Entry {
  readonly dispatcher: Dispatcher;
  /** The key with the proxy's password redacted. */
  readonly label: string;
  refs: number;
}

const pools = new Map<string, Entry>();

/** Timeouts of every connection; undici's own defaults are 300 s, and every request also passes its own. */
const TIMEOUT_MS = 10_000;

const POOL_OPTIONS = {
  // The process-wide limiter caps requests in flight; the pool does not need its own cap.
  connections: null,
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
} as const;

// A connection is given no longer than an attempt (at most TIMEOUT_MS): one the attempt abandoned must not hold the
// pool's close. The authorization is part of the key: clients with other proxy credentials do not share tunnels.
function keyOf(origin: string, proxy: ProxyRoute | undefined, connectMs: number): string {
  const route = proxy === undefined ? origin : `${origin} via ${proxy.origin} ${proxy.authorization ?? ''}`;
  return `${route} ${connectMs}`;
}

/** Takes a reference to the shared dispatcher of `origin` via `proxy` for attempts of `attemptTimeoutMs` (paths only). */
export function acquirePool(origin: string, proxy?: ProxyRoute, attemptTimeoutMs = TIMEOUT_MS): Dispatcher {
  const connectMs = Math.min(attemptTimeoutMs, TIMEOUT_MS);
  const key = keyOf(origin, proxy, connectMs);
  const entry = pools.get(key) ?? {
    dispatcher: createDispatcher(origin, proxy, connectMs),
    label: proxy === undefined ? origin : `${origin} via ${proxy.display}`,
    refs: 0,
  };
  pools.set(key, entry);
  entry.refs++;
  return entry.dispatcher;
}

/** Drops a reference taken with {@link acquirePool}; closes the dispatcher when it was the last one. */
export async function releasePool(origin: string, proxy?: ProxyRoute, attemptTimeoutMs = TIMEOUT_MS): Promise<void> {
  const key = keyOf(origin, proxy, Math.min(attemptTimeoutMs, TIMEOUT_MS));
  const entry = pools.get(key);
  if (!entry) return;
  entry.refs--;
  if (entry.refs > 0) return;
  pools.delete(key);
  await entry.dispatcher.close();
}

/** Open shared dispatchers and how many clients hold them, by origin or `<origin> via <proxy>` (password redacted). */
export function openPools(): Record<string, number> {
  const open: Record<string, number> = {};
  for (const entry of pools.values()) open[entry.label] = (open[entry.label] ?? 0) + entry.refs;
  return open;
}

function createDispatcher(origin: string, proxy: ProxyRoute | undefined, connectMs: number): Dispatcher {
  const { Pool } = undici();
  const inner =
    proxy === undefined
      ? new Pool(origin, { ...POOL_OPTIONS, connect: { timeout: connectMs } })
      : new (undici().ProxyAgent)({
          ...POOL_OPTIONS,
          uri: proxy.origin,
          ...(proxy.authorization === undefined ? {} : { token: proxy.authorization }),
          // Connecting to the proxy, its answer to CONNECT, and the TLS handshake inside the tunnel each get
          // the same bounded time as a direct connection.
          proxyTls: { timeout: connectMs },
          requestTls: { timeout: connectMs },
          clientFactory: (url: URL, options: object) =>
            new Pool(url, { ...options, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS }),
        });
  return inner.compose(
    (dispatch) => (options, handler) =>
      dispatch(
        // A copy of the headers: undici adds `host` to the object it is given, and the client's are frozen.
        { ...options, origin, headers: { ...(options.headers as Record<string, string> | undefined) } },
        translating(handler, (error) => translateConnectionError(error, { origin, proxy })),
      ),
  );
}

// Passes every event through, a connection error first turned into a typed error with advice where one applies.
function translating(
  inner: Dispatcher.DispatchHandler,
  translate: (error: Error) => unknown,
): Dispatcher.DispatchHandler {
  return {
    onRequestStart: (...args) => inner.onRequestStart?.(...args),
    onRequestUpgrade: (...args) => inner.onRequestUpgrade?.(...args),
    onResponseStart: (...args) => inner.onResponseStart?.(...args),
    onResponseData: (...args) => inner.onResponseData?.(...args),
    onResponseEnd: (...args) => inner.onResponseEnd?.(...args),
    onResponseError: (controller, error) => {
      const translated = translate(error);
      inner.onResponseError?.(controller, translated instanceof Error ? translated : error);
    },
  };
}
