import { InvalidInputError } from '../errors/base';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** Whether a URL's `hostname` is loopback: the only hosts plain `http:` may reach (the emulator, a local feed). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The message of each fault of a URL setting, ending with the fix; without `query`, a query or fragment is fine. */
interface UrlFaults {
  readonly notUrl: string;
  readonly scheme: (protocol: string) => string;
  readonly credentials: string;
  readonly query?: string;
  readonly plainHttp: (hostname: string) => string;
}

/**
 * Parses a URL setting: `https:`, or `http:` to a loopback host only (anything else could be read or altered on the
 * way), with no user name or password; else an {@link InvalidInputError} naming `field`.
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
