import * as ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors';
import { quoteForMessage } from '../sinks/terminal';
import { ENV } from '../settings/names';
import { settingVariable } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

/**
 * Which proxy, if any, carries the requests to the API: pure functions over the options and the
 * environment, decided once per client (a client talks to one origin).
 *
 * The environment is read as curl reads it: `https_proxy`/`HTTPS_PROXY` for `https:` URLs and
 * `http_proxy`/`HTTP_PROXY` for `http:` URLs (lowercase first, an empty value counts as unset; the
 * `http` variable is not used for `https` URLs), and `no_proxy`/`NO_PROXY` lists the hosts that go
 * direct. Loopback hosts are not bypassed unless `NO_PROXY` names them (as in curl; Go programs such
 * as Terraform always bypass loopback, which only matters for the local emulator).
 */

/** The proxy a client sends its requests through. */
export interface ProxyRoute {
  /** The proxy URL with its password replaced by `***`, for messages: `http://user:***@proxy.example:3128`. */
  readonly display: string;
  /** Where the setting came from: `proxy` (the option), or the environment variable as spelt (`HTTPS_PROXY`, `https_proxy`). */
  readonly source: string;
  /** The proxy's origin without credentials, for example `http://proxy.example:3128` (what undici connects to). */
  readonly origin: string;
  /**
   * The `Proxy-Authorization` header value (`Basic …`) built from the URL's user name and password, when it
   * had them. Non-enumerable: it does not show when the route is logged or serialised.
   */
  readonly authorization: string | undefined;
  /** Strings that must never be printed: the user name when alone, the password, and the header value. */
  readonly secrets: readonly string[];
}

/** Default ports of the schemes a proxy URL may use, for `NO_PROXY` entries that name a port. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * Picks the proxy for requests to `target` (the API's origin): the `proxy` option when given (`false`
 * means direct, whatever the environment says), else the environment variable for the target's scheme
 * unless `NO_PROXY` matches the target host. Returns `undefined` for a direct connection.
 *
 * A plain-`http:` target (the loopback emulator) is never sent through a proxy: a proxy would see its
 * credentials in clear text, so that combination is refused.
 *
 * @param baseUrlField - the option or variable the base URL came from, for messages (`baseUrl`, `CLOUDFLARE_BASE_URL`)
 * @throws {@link InvalidInputError} naming the option or variable, for an unusable proxy URL or a plain-http target through a proxy
 */
export function resolveProxy(
  option: unknown,
  env: Readonly<Record<string, string | undefined>>,
  target: URL,
  baseUrlField: string,
): ProxyRoute | undefined {
  let route: ProxyRoute | undefined;
  let why: string;
  if (option !== undefined) {
    if (option === false) return undefined;
    if (typeof option !== 'string' || option.trim() === '') {
      throw new InvalidInputError(
        'proxy',
        `proxy must be a proxy URL such as http://proxy.example:3128, or false to connect directly; got ${describeValue(option)}. Leave it out to use ${ENV.httpsProxy} and ${ENV.noProxy} from the environment.`,
      );
    }
    route = parseProxyUrl(option, 'proxy');
    why = 'the option proxy sends every request through it';
  } else {
    const variable = settingVariable(target.protocol === 'https:' ? SETTINGS.httpsProxy : SETTINGS.httpProxy, env);
    if (variable === undefined) return undefined;
    const noProxy = settingVariable(SETTINGS.noProxy, env);
    if (noProxy !== undefined && noProxyMatches(noProxy.value, target)) return undefined;
    route = parseProxyUrl(variable.value, variable.name);
    why = `${variable.name} is set and ${noProxy?.name ?? ENV.noProxy} does not name ${target.hostname}`;
  }
  if (target.protocol === 'http:') {
    const fix =
      route.source === 'proxy'
        ? 'Leave out the proxy option (or set proxy: false) for a local emulator, or use an https base URL.'
        : `Add ${target.hostname} to ${ENV.noProxy} (for example ${ENV.noProxy}=${target.hostname}) so the local emulator is reached directly, or use an https base URL.`;
    throw new InvalidInputError(
      route.source,
      `${baseUrlField} ${target.origin} is plain http, and ${why}: the proxy ${route.display} would see the Cloudflare credentials in clear text. ${fix}`,
    );
  }
  return route;
}

/**
 * Parses and checks a proxy URL. `proxy.example:3128` (no scheme) means `http://proxy.example:3128`, as in
 * curl. Only `http:` and `https:` proxies are supported (HTTP `CONNECT` tunnels).
 *
 * @param field - the option or environment variable the URL came from, named in every message
 * @throws {@link InvalidInputError} (field = `field`) when the URL cannot be used; the message never shows its password
 */
export function parseProxyUrl(raw: string, field: string): ProxyRoute {
  const shown = quoteForMessage(redactUrlText(raw));
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const invalid = (problem: string, fix: string): InvalidInputError =>
    new InvalidInputError(field, `${field} "${shown}" ${problem}. ${fix}`);
  const form = 'Use the form http://proxy.example:3128, or http://user:password@proxy.example:3128.';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\s\u0000-\u001f\u007f]/u.test(text)) {
    throw invalid('contains spaces or control characters', form);
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('is not a URL', form);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(
      `uses the scheme "${url.protocol.replace(/:$/, '')}"`,
      `Only HTTP proxies (http:// or https://, reached with CONNECT) are supported; SOCKS is not. ${form}`,
    );
  }
  if (url.hostname === '') throw invalid('has no host', form);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid(
      'has a path, query or fragment',
      `A proxy URL names only the proxy's host and port (proxy auto-config .pac files are not read). ${form}`,
    );
  }
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw invalid(
      'has a user name or password with a broken %-escape',
      'Percent-encode the special characters of the user name and password (@ as %40, : as %3A, / as %2F, % as %25).',
    );
  }
  const hasCredentials = url.username !== '' || url.password !== '';
  const authorization = hasCredentials ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  const secrets = [
    ...new Set(
      [
        url.password,
        password,
        authorization,
        authorization?.slice('Basic '.length),
        ...(url.password === '' ? [url.username, user] : []),
      ].filter((s): s is string => s !== undefined && s !== ''),
    ),
  ];
  const route = {
    display: displayProxyUrl(url),
    source: field,
    origin: url.origin,
  };
  Object.defineProperties(route, {
    authorization: { value: authorization, enumerable: false },
    secrets: { value: Object.freeze(secrets), enumerable: false },
  });
  return Object.freeze(route) as ProxyRoute;
}

/**
 * A parsed proxy URL for messages: the password replaced by `***` (`http://user:***@proxy:3128`), a user name
 * that comes without a password (often a token) replaced too (`http://***@proxy:3128`).
 */
export function displayProxyUrl(url: URL): string {
  const auth = url.password !== '' ? `${url.username}:***@` : url.username !== '' ? '***@' : '';
  return `${url.protocol}//${auth}${url.host}`;
}

/**
 * Best-effort redaction of text that should be a URL but may not parse: everything between the scheme (or the
 * start) and the last `@` is credentials; the user name before the first `:` is kept, the rest becomes `***`.
 */
export function redactUrlText(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  const start = scheme ? scheme[0].length : 0;
  if (at < start) return text;
  const userinfo = text.slice(start, at);
  const colon = userinfo.indexOf(':');
  const kept = colon >= 0 ? `${userinfo.slice(0, colon)}:***` : '***';
  return `${text.slice(0, start)}${kept}${text.slice(at)}`;
}

type NoProxyEntry =
  | { readonly kind: 'all' }
  | { readonly kind: 'name'; readonly name: string; readonly port: number | undefined }
  | { readonly kind: 'ip'; readonly ip: ipaddr.IPv4 | ipaddr.IPv6; readonly port: number | undefined }
  | { readonly kind: 'cidr'; readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

/**
 * Whether a `NO_PROXY` value names the host of `target`, so that it is reached directly. The value is a list
 * separated by commas or spaces; each entry is one of:
 *
 * - `*`: every host;
 * - a host name, matching itself and its subdomains: `example.com` and `.example.com` (or `*.example.com`)
 *   both match `api.example.com`; `example.com` also matches `example.com` itself;
 * - an IP address (`127.0.0.1`, `::1`, `[::1]`), matching only that address;
 * - a CIDR range (`10.0.0.0/8`, `fd00::/8`), matching IP-address hosts in it (no DNS lookup is made);
 * - any of those (but a range) with `:port`, matching only that port (`[::1]:8787` for IPv6).
 *
 * Entries that are none of these are ignored, as curl ignores them.
 */
export function noProxyMatches(noProxy: string, target: URL): boolean {
  const host = target.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  const port = target.port === '' ? (DEFAULT_PORTS[target.protocol] ?? 0) : Number(target.port);
  const ip = parseIp(host);
  return parseNoProxy(noProxy).some((entry) => {
    switch (entry.kind) {
      case 'all':
        return true;
      case 'cidr':
        return ip !== undefined && ip.kind() === entry.range[0].kind() && ip.match(entry.range);
      case 'ip':
        return (
          (entry.port === undefined || entry.port === port) &&
          ip !== undefined &&
          ip.kind() === entry.ip.kind() &&
          ip.toNormalizedString() === entry.ip.toNormalizedString()
        );
      case 'name':
        return (
          (entry.port === undefined || entry.port === port) &&
          ip === undefined &&
          (host === entry.name || host.endsWith(`.${entry.name}`))
        );
    }
  });
}

function parseNoProxy(value: string): NoProxyEntry[] {
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[,\s]+/)) {
    const entry = parseNoProxyEntry(raw.toLowerCase());
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function parseNoProxyEntry(raw: string): NoProxyEntry | undefined {
  if (raw === '') return undefined;
  if (raw === '*') return { kind: 'all' };
  let host: string;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(raw);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
  } else if ((raw.match(/:/g) ?? []).length > 1) {
    host = raw; // a bare IPv6 address or range: no port
  } else {
    const withPort = /^(.+):(\d{1,5})$/.exec(raw);
    host = withPort ? withPort[1] : raw;
    port = withPort ? Number(withPort[2]) : undefined;
  }
  if (host.includes('/')) {
    if (port !== undefined) return undefined;
    try {
      const range = ipaddr.parseCIDR(host);
      return parseIp(host.slice(0, host.indexOf('/'))) === undefined ? undefined : { kind: 'cidr', range };
    } catch {
      return undefined;
    }
  }
  const ip = parseIp(host);
  if (ip !== undefined) return { kind: 'ip', ip, port };
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (name === '' || !/^[a-z0-9_.-]+$/.test(name)) return undefined;
  return { kind: 'name', name, port };
}

// Strict forms only: a dotted quad (not `127.1` or `0x7f.0.0.1`) or an IPv6 address without a zone.
function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  if (value === true) return 'true';
  return typeof value;
}
