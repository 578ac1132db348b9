import * as ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors/base';
import { quoteForMessage } from '../sinks/terminal';
import { ENV } from '../settings/names';
import { settingVariable } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

/*
 * Which proxy, if any, carries the requests to the API, decided once per client (a client talks to one origin);
 * the environment is read as curl reads it (docs/network.md). Loopback hosts are not bypassed unless `NO_PROXY`
 * names them, as in curl (Go programs such as Terraform always bypass loopback: only the emulator notices).
 */

/** The proxy a client sends its requests through. */
export interface ProxyRoute {
  /** The proxy URL for messages, its password `***`: `http://user:***@proxy.example:3128`. */
  readonly display: string;
  /** `proxy` (the option), or the environment variable as spelt (`https_proxy`). */
  readonly source: string;
  /** What undici connects to, without credentials: `http://proxy.example:3128`. */
  readonly origin: string;
  /** The `Proxy-Authorization` value (`Basic …`); non-enumerable, so logging the route does not show it. */
  readonly authorization: string | undefined;
  /** Never printed: the user name when alone, the password, and the header value. */
  readonly secrets: readonly string[];
}

/** Whitespace or a control character: refused in a credential or proxy URL, and never echoed. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/u;

/** Default ports of the schemes a proxy URL may use, for `NO_PROXY` entries that name a port. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * The proxy for requests to `target` (the API's origin, from `baseUrlField`), `undefined` for a direct connection:
 * the `proxy` option when given (`false`: direct), else the variable for the target's scheme unless `NO_PROXY` names
 * the host. A plain-`http:` target (the emulator) through a proxy is refused: the proxy would see the credentials.
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
 * Parses a proxy URL: `proxy.example:3128` means `http://proxy.example:3128`, as in curl; only `http:` and
 * `https:` proxies (`CONNECT` tunnels). Its errors name `field` and never show the password.
 */
export function parseProxyUrl(raw: string, field: string): ProxyRoute {
  const shown = quoteForMessage(redactUrlText(raw));
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const invalid = (problem: string, fix: string): InvalidInputError =>
    new InvalidInputError(field, `${field} "${shown}" ${problem}. ${fix}`);
  const form = 'Use the form http://proxy.example:3128, or http://user:password@proxy.example:3128.';
  if (SPACE_OR_CONTROL.test(text)) {
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
  const alone = url.password === '' ? [url.username, user] : [];
  const secrets = [url.password, password, authorization, authorization?.slice('Basic '.length), ...alone].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  const route = { display: displayProxyUrl(url), source: field, origin: url.origin };
  Object.defineProperties(route, {
    authorization: { value: authorization, enumerable: false },
    secrets: { value: Object.freeze([...new Set(secrets)]), enumerable: false },
  });
  return Object.freeze(route) as ProxyRoute;
}

// A user name without a password is often a token: it is hidden too (`http://***@proxy:3128`).
function displayProxyUrl(url: URL): string {
  const auth = url.password !== '' ? `${url.username}:***@` : url.username !== '' ? '***@' : '';
  return `${url.protocol}//${auth}${url.host}`;
}

/**
 * Redacts text that should be a URL but may not parse: between the scheme (or the start) and the last `@` are
 * credentials, of which the user name before the first `:` is kept.
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

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Whether a `NO_PROXY` entry names a host: its name (lowercase, bare), its address when it is one, and its port. */
type HostTest = (host: string, ip: IpAddress | undefined, port: number) => boolean;

/**
 * Whether a `NO_PROXY` value names the host of `target` (the syntax is docs/network.md's: `*`, domains and their
 * subdomains, IPs, CIDR ranges without DNS lookups, `:port`); entries that are none of these are ignored, as curl
 * ignores them.
 */
export function noProxyMatches(noProxy: string, target: URL): boolean {
  const host = target.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  const port = target.port === '' ? (DEFAULT_PORTS[target.protocol] ?? 0) : Number(target.port);
  const ip = parseIp(host);
  return noProxy.split(/[,\s]+/).some((raw) => parseNoProxyEntry(raw.toLowerCase())?.(host, ip, port) === true);
}

function parseNoProxyEntry(raw: string): HostTest | undefined {
  if (raw === '*') return () => true;
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
  const samePort = (p: number): boolean => port === undefined || port === p;
  if (host.includes('/')) {
    const range = port === undefined ? parseCidr(host) : undefined;
    if (range === undefined) return undefined;
    return (_, ip) => ip !== undefined && ip.kind() === range[0].kind() && ip.match(range);
  }
  const address = parseIp(host);
  if (address !== undefined) {
    const range: [IpAddress, number] = [address, address.kind() === 'ipv4' ? 32 : 128];
    return (_, ip, p) => samePort(p) && ip !== undefined && ip.kind() === address.kind() && ip.match(range);
  }
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (name === '' || !/^[a-z0-9_.-]+$/.test(name)) return undefined;
  return (h, ip, p) => samePort(p) && ip === undefined && (h === name || h.endsWith(`.${name}`));
}

function parseCidr(text: string): [IpAddress, number] | undefined {
  try {
    const range = ipaddr.parseCIDR(text);
    return parseIp(text.slice(0, text.indexOf('/'))) === undefined ? undefined : range;
  } catch {
    return undefined;
  }
}

// Strict forms only: a dotted quad (not `127.1` or `0x7f.0.0.1`) or an IPv6 address without a zone.
function parseIp(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  if (value === true) return 'true';
  return typeof value;
}
