import { InvalidInputError } from '../errors/base';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/**
 * Whether a URL's `hostname` is a loopback host (`localhost`, `127.x.x.x`, `[::1]`): the only hosts plain `http:`
 * may reach, for the API (the local emulator) and for IP range feeds alike.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The message {@link parseHttpUrl} gives for each fault of a URL setting, each ending with the fix: not a URL, a
 * scheme other than `https:`/`http:`, a user name or password, a query or fragment (when `query` is given, the
 * setting allows none), plain `http:` to a host that is not loopback.
 */
export interface UrlFaults {
  readonly notUrl: string;
  readonly scheme: (protocol: string) => string;
  readonly credentials: string;
  readonly query?: string;
  readonly plainHttp: (hostname: string) => string;
}

/**
 * Parses a URL setting: `https:`, or `http:` to a loopback host only (anything else could be read or altered on
 * the way), with no user name or password.
 * @throws {@link InvalidInputError} naming `field`, with the message of the fault
 */
export function parseHttpUrl(raw: string, field: string, faults: UrlFaults): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError(field, faults.notUrl);
  }
  let fault: string | undefined;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fault = faults.scheme(url.protocol);
  else if (url.username || url.password) fault = faults.credentials;
  else if (faults.query !== undefined && (url.search || url.hash)) fault = faults.query;
  else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) fault = faults.plainHttp(url.hostname);
  if (fault !== undefined) throw new InvalidInputError(field, fault);
  return url;
}
