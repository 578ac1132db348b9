import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { resolveClientConfig, type ClientConfig } from '../../lib/client/config';
import { acquirePool, openPools, releasePool } from '../../lib/client/pools';
import { noProxyMatches, parseProxyUrl, redactUrlText } from '../../lib/client/proxy';
import { settingsIn, settingVariable } from '../../lib/settings/resolve';
import { SETTINGS } from '../../lib/settings/table';
import { ProxyTunnelError, UntrustedCertificateError } from '../../lib/errors/proxy';
import { deserializeError, serializeError } from '../../lib/lookup/error-transport';
import { InvalidInputError } from '../../lib/errors';

/**
 * Which proxy a client uses, decided from its options and environment (pure; no network): precedence,
 * curl's reading of the variables, NO_PROXY matching, refusal of clear-text hops, and redaction of proxy
 * credentials in every message.
 */

const TOKEN = 'tok_proxy_test_abcdef123456';
function config(env: Record<string, string>, more: { proxy?: unknown; baseUrl?: string } = {}): ClientConfig {
  return resolveClientConfig({ apiToken: TOKEN, env, ...(more as { proxy?: string | false; baseUrl?: string }) });
}

function invalid(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  assert.fail('expected an InvalidInputError');
}

test('no proxy variable: direct, and the route is the origin', () => {
  const c = config({});
  assert.equal(c.proxy, undefined);
  assert.equal(c.route, 'https://api.cloudflare.com');
});

test('HTTPS_PROXY in either case carries https requests; the lowercase spelling wins, as in curl', () => {
  assert.equal(config({ HTTPS_PROXY: 'http://proxy.corp:3128' }).proxy?.origin, 'http://proxy.corp:3128');
  assert.equal(config({ https_proxy: 'http://proxy.corp:3128' }).proxy?.source, 'https_proxy');
  const both = config({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }).proxy;
  assert.deepEqual([both?.origin, both?.source], ['http://lower:1', 'https_proxy']);
  // An empty value counts as unset.
  assert.equal(config({ https_proxy: '', HTTPS_PROXY: 'http://upper:2' }).proxy?.origin, 'http://upper:2');
  assert.equal(config({ HTTPS_PROXY: '  ' }).proxy, undefined);
});

test('HTTP_PROXY does not apply to the https API (curl and Terraform read it only for http URLs)', () => {
  assert.equal(config({ HTTP_PROXY: 'http://proxy.corp:3128', http_proxy: 'http://proxy.corp:3128' }).proxy, undefined);
});

test('a proxy URL without a scheme means http, as in curl', () => {
  assert.equal(config({ HTTPS_PROXY: 'proxy.corp:8080' }).proxy?.origin, 'http://proxy.corp:8080');
  assert.equal(config({ HTTPS_PROXY: 'https://proxy.corp' }).proxy?.origin, 'https://proxy.corp');
});

test('NO_PROXY sends the API host direct when an entry names it (domain, subdomain, port, wildcard)', () => {
  const proxied = (noProxy: string): boolean =>
    config({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: noProxy }).proxy !== undefined;
  for (const entry of [
    'api.cloudflare.com',
    'cloudflare.com',
    '.cloudflare.com',
    '*.cloudflare.com',
    'API.Cloudflare.COM',
    'api.cloudflare.com:443',
    'localhost, api.cloudflare.com',
    'localhost api.cloudflare.com',
    '*',
  ]) {
    assert.equal(proxied(entry), false, `NO_PROXY=${entry} should bypass the proxy`);
  }
  for (const entry of ['flare.com', 'api.cloudflare.co', 'api.cloudflare.com:8443', 'example.com', '10.0.0.0/8', '']) {
    assert.equal(proxied(entry), true, `NO_PROXY=${entry} should not bypass the proxy`);
  }
  assert.equal(config({ HTTPS_PROXY: 'http://p:1', no_proxy: 'cloudflare.com', NO_PROXY: 'x' }).proxy, undefined);
});

test('noProxyMatches: IP addresses, CIDR ranges and IPv6 forms; names never match addresses', () => {
  const m = (noProxy: string, url: string): boolean => noProxyMatches(noProxy, new URL(url));
  assert.equal(m('127.0.0.1', 'http://127.0.0.1:8787'), true);
  assert.equal(m('127.0.0.1:8787', 'http://127.0.0.1:8787'), true);
  assert.equal(m('127.0.0.1:9999', 'http://127.0.0.1:8787'), false);
  assert.equal(m('127.0.0.0/8', 'http://127.1.2.3:8787'), true);
  assert.equal(m('10.0.0.0/8', 'http://127.1.2.3:8787'), false);
  assert.equal(m('::1', 'http://[::1]:8787'), true);
  assert.equal(m('[::1]', 'http://[::1]:8787'), true);
  assert.equal(m('[::1]:8787', 'http://[::1]:8787'), true);
  assert.equal(m('[::1]:1', 'http://[::1]:8787'), false);
  assert.equal(m('0:0:0:0:0:0:0:1', 'http://[::1]:8787'), true);
  assert.equal(m('fd00::/8', 'https://[fd12::1]'), true);
  assert.equal(m('fd00::/8', 'https://10.0.0.1'), false);
  assert.equal(m('localhost', 'http://127.0.0.1:8787'), false, 'no DNS lookup is made');
  assert.equal(m('127.0.0.1', 'http://localhost:8787'), false, 'no DNS lookup is made');
  assert.equal(m('localhost', 'http://localhost:8787'), true);
  assert.equal(m('example.com.', 'https://api.example.com.'), true);
  assert.equal(m('not a host!, ::zz, 1.2.3.4/99, [::1', 'https://api.example.com'), false, 'junk is ignored');
});

test('property: a host-name entry matches exactly that host and its subdomains, with or without a leading dot', () => {
  // Labels start with a letter: an all-digit name such as `0` is an IPv4 address to the URL parser. A label with
  // `--` at its third and fourth characters (`xn--0`) is an IDNA (punycode) label the URL parser decodes or refuses.
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => l.slice(2, 4) !== '--');
  const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
  fc.assert(
    fc.property(name, name, fc.boolean(), (host, entry, dotted) => {
      const expected = host === entry || host.endsWith(`.${entry}`);
      const url = new URL(`https://${host}`);
      assert.equal(noProxyMatches(dotted ? `.${entry}` : entry, url), expected);
      assert.equal(noProxyMatches(`other.invalid,${entry.toUpperCase()}`, url), expected);
    }),
    { numRuns: 300 },
  );
});

test('the proxy option wins over the environment: a URL ignores NO_PROXY, false ignores every variable', () => {
  const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'api.cloudflare.com' };
  const fromOption = config(env, { proxy: 'http://option-proxy:8080' }).proxy;
  assert.deepEqual([fromOption?.origin, fromOption?.source], ['http://option-proxy:8080', 'proxy']);
  assert.equal(config({ HTTPS_PROXY: 'http://env-proxy:3128' }, { proxy: false }).proxy, undefined);
  // false also skips checking the variable: a broken one does not matter then.
  assert.equal(config({ HTTPS_PROXY: 'socks5://x:1' }, { proxy: false }).proxy, undefined);
  for (const bad of [true, '', '   ', 3128, null]) {
    const error = invalid(() => config({}, { proxy: bad }));
    assert.equal(error.field, 'proxy');
    assert.match(error.message, /proxy must be a proxy URL such as http:\/\/proxy\.example:3128, or false/);
  }
});

test('plain http through a proxy is refused (the proxy would see the credentials); NO_PROXY or proxy: false fix it', () => {
  const baseUrl = 'http://127.0.0.1:8787/client/v4';
  const fromEnv = invalid(() => config({ HTTP_PROXY: 'http://proxy.corp:3128', CLOUDFLARE_BASE_URL: baseUrl }));
  assert.equal(fromEnv.field, 'HTTP_PROXY');
  assert.equal(fromEnv.code, 'OCR_INVALID_INPUT');
  assert.match(fromEnv.message, /^CLOUDFLARE_BASE_URL http:\/\/127\.0\.0\.1:8787 is plain http/);
  assert.match(fromEnv.message, /would see the Cloudflare credentials in clear text/);
  assert.match(fromEnv.message, /Add 127\.0\.0\.1 to NO_PROXY \(for example NO_PROXY=127\.0\.0\.1\)/);
  assert.equal(config({ HTTP_PROXY: 'http://proxy.corp:3128', NO_PROXY: '127.0.0.1' }, { baseUrl }).proxy, undefined);
  // HTTPS_PROXY alone does not apply to an http URL.
  assert.equal(config({ HTTPS_PROXY: 'http://proxy.corp:3128' }, { baseUrl }).proxy, undefined);
  const fromOption = invalid(() => config({}, { baseUrl, proxy: 'http://127.0.0.1:3128' }));
  assert.equal(fromOption.field, 'proxy');
  assert.match(fromOption.message, /^baseUrl http:\/\/127\.0\.0\.1:8787 is plain http, and the option proxy/);
  assert.match(fromOption.message, /set proxy: false/);
  assert.equal(config({ HTTP_PROXY: 'http://proxy.corp:3128' }, { baseUrl, proxy: false }).proxy, undefined);
});

test('invalid proxy URLs: a typed error naming the variable and the fix, never showing the password', () => {
  const cases: [string, RegExp][] = [
    ['socks5://user:hunter2secret@proxy.corp:1080', /uses the scheme "socks5"\. Only HTTP proxies .* SOCKS is not/],
    [
      'http://user:hunter2secret@proxy.corp:3128/proxy.pac',
      /has a path, query or fragment\. .*\.pac files are not read/,
    ],
    ['http://user:hunter2secret@proxy.corp:3128?x=1', /has a path, query or fragment/],
    ['http://user:hunter2%zzsecret@proxy.corp:3128', /broken %-escape\. Percent-encode/],
    ['http://user:hunter2 secret@proxy.corp:3128', /contains spaces or control characters/],
    ['http://user:hunter2secret@proxy.corp:99999', /is not a URL\. Use the form http:\/\/proxy\.example:3128/],
    ['http://user:hunter2secret@[::1:3128', /is not a URL/],
  ];
  for (const [raw, expected] of cases) {
    for (const name of ['HTTPS_PROXY', 'https_proxy']) {
      const error = invalid(() => config({ [name]: raw }));
      assert.equal(error.field, name);
      assert.ok(error.message.startsWith(`${name} "`), error.message);
      assert.match(error.message, expected);
      assert.ok(!error.message.includes('hunter2'), error.message);
      assert.match(error.message, /user:\*\*\*@/);
    }
    const error = invalid(() => config({}, { proxy: raw }));
    assert.equal(error.field, 'proxy');
    assert.ok(!error.message.includes('hunter2'), error.message);
  }
});

test('proxy credentials: redacted in the display, the route and every redacted message; never in the config dump', () => {
  const c = config({ HTTPS_PROXY: 'http://alice:s3cr%40t-pass@proxy.corp:3128' });
  assert.equal(c.proxy?.display, 'http://alice:***@proxy.corp:3128');
  assert.equal(c.proxy?.origin, 'http://proxy.corp:3128');
  assert.equal(
    c.route,
    'https://api.cloudflare.com through the proxy http://alice:***@proxy.corp:3128 from HTTPS_PROXY',
  );
  assert.equal(c.proxy?.authorization, `Basic ${Buffer.from('alice:s3cr@t-pass').toString('base64')}`);
  for (const shown of [JSON.stringify(c), inspect(c, { depth: 5 }), inspect(c.proxy), JSON.stringify(c.proxy)]) {
    assert.ok(!shown.includes('s3cr'), shown);
    assert.ok(!shown.includes(Buffer.from('alice:s3cr@t-pass').toString('base64')), shown);
  }
  assert.equal(
    c.redact('proxy said s3cr@t-pass, s3cr%40t-pass and Basic ' + Buffer.from('alice:s3cr@t-pass').toString('base64')),
    'proxy said [REDACTED], [REDACTED] and [REDACTED]',
  );
  // A user name without a password is often a token: it is hidden too.
  const userOnly = config({ HTTPS_PROXY: 'http://tokenlike-user-123@proxy.corp:3128' });
  assert.equal(userOnly.proxy?.display, 'http://***@proxy.corp:3128');
  assert.equal(userOnly.redact('tokenlike-user-123'), '[REDACTED]');
});

test('property: a proxy password never appears in a display, a route, a config dump or an error message', () => {
  const secretChars = fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@:/%#?!$&*+=~ éü'.split(''),
  );
  const password = fc.string({ unit: secretChars, minLength: 6, maxLength: 24 }).map((s) => `Pw${s}`);
  const user = fc.stringMatching(/^[a-z]{1,8}$/);
  const host = fc.constantFrom('proxy.corp', '127.0.0.1', '[::1]', 'proxy.corp:3128', 'p:99999');
  fc.assert(
    fc.property(
      user,
      password,
      host,
      fc.boolean(),
      fc.constantFrom('http://', 'https://', '', 'socks5://'),
      (u, pw, h, encode, scheme) => {
        const raw = `${scheme}${u}:${encode ? encodeURIComponent(pw) : pw}@${h}`;
        const texts: string[] = [];
        try {
          const c = config({ HTTPS_PROXY: raw });
          texts.push(c.route, JSON.stringify(c), inspect(c, { depth: 5 }), c.proxy?.display ?? '');
          assert.ok(c.proxy !== undefined);
          assert.equal(
            Buffer.from(c.proxy.authorization!.slice(6), 'base64').toString(),
            `${u}:${encode ? pw : safeDecode(pw)}`,
          );
        } catch (error) {
          assert.ok(error instanceof InvalidInputError, String(error));
          texts.push(error.message);
        }
        for (const text of texts) {
          for (const form of [pw, encodeURIComponent(pw), pw.slice(2)]) {
            assert.ok(!text.includes(form), `${JSON.stringify(form)} shown in: ${text}`);
          }
        }
      },
    ),
    { numRuns: 400 },
  );
});

function safeDecode(text: string): string {
  // What the WHATWG URL parser and decodeURIComponent make of an unencoded password that parsed.
  return decodeURIComponent(new URL(`http://u:${text}@h`).password);
}

test('redactUrlText hides everything between the scheme and the last @ except the user name', () => {
  assert.equal(redactUrlText('http://u:p@ss@h:1'), 'http://u:***@h:1');
  assert.equal(redactUrlText('u:pass@h'), 'u:***@h');
  assert.equal(redactUrlText('http://token@h'), 'http://***@h');
  assert.equal(redactUrlText('http://h:1'), 'http://h:1');
  assert.equal(redactUrlText('http://u:pa/ss@h'), 'http://u:***@h');
});

test('a proxy variable is read lowercase spelling first, empty values skipped', () => {
  const noProxy = SETTINGS.noProxy;
  assert.deepEqual(settingVariable(noProxy, { no_proxy: 'a', NO_PROXY: 'b' }), { name: 'no_proxy', value: 'a' });
  assert.deepEqual(settingVariable(noProxy, { no_proxy: '', NO_PROXY: 'b' }), { name: 'NO_PROXY', value: 'b' });
  assert.equal(settingVariable(noProxy, {}), undefined);
  const names = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
  const everySpelling = Object.fromEntries([...names].reverse().map((name) => [name, 'x']));
  assert.deepEqual(Object.keys(settingsIn(everySpelling, [SETTINGS.httpsProxy, SETTINGS.httpProxy, noProxy])), names);
});

test('parseProxyUrl builds the Proxy-Authorization from percent-decoded credentials', () => {
  const route = parseProxyUrl('http://d%C3%A9v:p%3Aw%40rd@proxy.corp:3128', 'HTTPS_PROXY');
  assert.equal(route.authorization, `Basic ${Buffer.from('dév:p:w@rd').toString('base64')}`);
  assert.equal(route.display, 'http://d%C3%A9v:***@proxy.corp:3128');
  assert.equal(parseProxyUrl('http://proxy.corp:3128/', 'proxy').authorization, undefined);
});

test('one shared dispatcher per origin and proxy settings; labels never show the proxy password', async () => {
  const direct = config({});
  const viaA = config({ HTTPS_PROXY: 'http://alice:pw-secret-1@proxy.corp:3128' });
  const viaA2 = config({ https_proxy: 'http://alice:pw-secret-1@proxy.corp:3128' });
  const viaB = config({ HTTPS_PROXY: 'http://alice:pw-secret-2@proxy.corp:3128' });
  const d = acquirePool(direct.origin, direct.proxy);
  const a = acquirePool(viaA.origin, viaA.proxy);
  const a2 = acquirePool(viaA2.origin, viaA2.proxy);
  const b = acquirePool(viaB.origin, viaB.proxy);
  try {
    assert.equal(a, a2, 'the same proxy and credentials share one dispatcher');
    assert.notEqual(a, d);
    assert.notEqual(a, b, 'other proxy credentials get their own tunnels');
    const open = openPools();
    assert.equal(open['https://api.cloudflare.com'], 1);
    assert.deepEqual(open, {
      'https://api.cloudflare.com': 1,
      'https://api.cloudflare.com via http://alice:***@proxy.corp:3128': 3,
    });
  } finally {
    await releasePool(direct.origin, direct.proxy);
    await releasePool(viaA.origin, viaA.proxy);
    await releasePool(viaA2.origin, viaA2.proxy);
    await releasePool(viaB.origin, viaB.proxy);
  }
  assert.deepEqual(openPools(), {});
});

test('the proxy errors cross the lookup worker boundary as the same classes, with their fields', () => {
  const route = parseProxyUrl('http://u:secret-pw-1@proxy.corp:3128', 'HTTPS_PROXY');
  const samples = [
    new ProxyTunnelError(407, route, 'The proxy wants credentials. Put them in the URL.'),
    new UntrustedCertificateError('SELF_SIGNED_CERT_IN_CHAIN', 'api.cloudflare.com', route.display, 'Untrusted. Fix.'),
  ];
  for (const original of samples) {
    const copy = deserializeError(structuredClone(serializeError(original)));
    assert.ok(copy instanceof original.constructor, `${original.name} came back as ${copy.constructor.name}`);
    assert.deepEqual({ ...copy }, { ...original });
    assert.ok(!JSON.stringify(copy).includes('secret-pw'));
  }
});
