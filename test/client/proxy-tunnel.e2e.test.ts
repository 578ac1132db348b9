import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { OriginCloudRegionsClient } from '../../lib/client/client';
import { RequestFailedError } from '../../lib/errors/client';
import { ProxyTunnelError, UntrustedCertificateError } from '../../lib/errors/proxy';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { InvalidInputError } from '../../lib/errors';
import { baseEnv, runCliProcess, type CliRun } from '../support/cli';
import { DEMO_ZONE, TEST_EMAIL, TEST_KEY, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import {
  containsSecret,
  generateCertificates,
  startInterceptingProxy,
  type InterceptingProxy,
  type TestCertificates,
} from '../support/proxy';
import { testSeed } from '../support/seed';
import { rejection } from './helpers';

/**
 * The client through a real HTTP CONNECT proxy that intercepts TLS with a test CA (generated with openssl
 * at test time, never committed), in front of the emulator. The default base URL is used, so requests are
 * for https://api.cloudflare.com: only the proxy can answer them, and no request leaves the machine.
 *
 * The real CLI runs in child processes, because Node reads NODE_EXTRA_CA_CERTS only when it starts; the
 * failures that need no trusted tunnel (407, 403, an untrusted certificate, an unreachable proxy) run in
 * this process.
 */

const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'Pr0xy-Passw0rd-7c1e';

let emulator: EmulatorProcess;
let certificates: TestCertificates;
let proxy: InterceptingProxy;
let authProxy: InterceptingProxy;
let closedPort: number;

const seededIps = testSeed().zones[DEMO_ZONE].mappings.map((m) => m.origin_ip);

before(async () => {
  emulator = await startTestEmulator();
  certificates = generateCertificates();
  proxy = await startInterceptingProxy({ upstream: emulator.baseUrl, certificates });
  authProxy = await startInterceptingProxy({
    upstream: emulator.baseUrl,
    certificates,
    auth: { user: PROXY_USER, password: PROXY_PASSWORD },
  });
  closedPort = await freePort();
});

after(async () => {
  await proxy?.stop();
  await authProxy?.stop();
  await emulator?.stop();
  certificates?.remove();
});

/** Credentials of a CLI run, by scheme. */
const TOKEN_ENV = { CLOUDFLARE_API_TOKEN: TEST_TOKEN };
const KEY_ENV = { CLOUDFLARE_EMAIL: TEST_EMAIL, CLOUDFLARE_API_KEY: TEST_KEY };

function list(env: Record<string, string>): Promise<CliRun> {
  return runCliProcess(['list', '--zone', DEMO_ZONE], { ...baseEnv(), ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0', ...env });
}

function assertListed(run: CliRun): void {
  assert.equal(run.code, 0, `list failed:\n${run.stderr}`);
  for (const ip of seededIps) assert.match(run.stdout, new RegExp(`^${ip.replace(/\./g, '\\.')}\\s`, 'm'));
  assert.match(run.stdout, new RegExp(`^${seededIps.length} mappings in zone ${DEMO_ZONE}`, 'm'));
}

/** No credential in any byte the proxy received before decrypting, in any case or as Base64. */
function assertNoCredentialReachedTheProxy(p: InterceptingProxy, secrets: readonly string[]): void {
  const raw = p.received();
  assert.ok(raw.length > 0, 'the proxy received nothing: the test would prove nothing');
  for (const secret of secrets)
    assert.equal(containsSecret(raw, secret), false, `the proxy saw ${secret} in the clear`);
}

function clientThrough(proxyUrl: string, token = TEST_TOKEN): OriginCloudRegionsClient {
  return new OriginCloudRegionsClient({ apiToken: token, maxRetries: 0, env: { HTTPS_PROXY: proxyUrl } });
}

describe('the CLI through an intercepting proxy trusted with NODE_EXTRA_CA_CERTS', () => {
  test('`list` with HTTPS_PROXY lists the seeded zone; the proxy sees the CONNECT line but no token', async () => {
    proxy.reset();
    const run = await list({ ...TOKEN_ENV, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certificates.caFile });
    assertListed(run);
    const heads = proxy.heads();
    assert.ok(heads.length >= 1);
    for (const head of heads) {
      assert.match(head, /^CONNECT api\.cloudflare\.com:443 HTTP\/1\.1\r\n/);
      assert.doesNotMatch(head, /authorization|x-auth/i);
    }
    assertNoCredentialReachedTheProxy(proxy, [TEST_TOKEN]);
    // The control: inside the tunnel the token is there, so the check above can fail.
    assert.equal(containsSecret(proxy.decrypted(), TEST_TOKEN), true);
    assert.match(proxy.decrypted().toString('latin1'), /^authorization: Bearer /im);
    assert.match(proxy.decrypted().toString('latin1'), /^host: api\.cloudflare\.com\r$/im);
  });

  test('`list` with email + key through https_proxy (lowercase) and proxy credentials in the URL', async () => {
    authProxy.reset();
    const run = await list({
      ...KEY_ENV,
      https_proxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@${new URL(authProxy.url).host}`,
      NODE_EXTRA_CA_CERTS: certificates.caFile,
    });
    assertListed(run);
    // The proxy's own credentials go to the proxy (that is what they are for), the API's never do.
    for (const head of authProxy.heads()) assert.match(head, /^proxy-authorization: Basic /im);
    assertNoCredentialReachedTheProxy(authProxy, [TEST_EMAIL, TEST_KEY]);
    assert.equal(containsSecret(authProxy.decrypted(), TEST_KEY), true);
    assert.equal(containsSecret(authProxy.decrypted(), TEST_EMAIL), true);
    assert.ok(!run.stdout.includes(PROXY_PASSWORD) && !run.stderr.includes(PROXY_PASSWORD));
  });

  test('without NODE_EXTRA_CA_CERTS the certificate is refused, with the fix named', async () => {
    proxy.reset();
    const run = await list({ ...TOKEN_ENV, HTTPS_PROXY: proxy.url });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^origin-cloud-regions: The TLS certificate presented for api\.cloudflare\.com through the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*set NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem .*\[OCR_UNTRUSTED_CERTIFICATE\]$/m,
    );
    assert.equal(proxy.decrypted().length, 0, 'no request was sent into an untrusted tunnel');
    assertNoCredentialReachedTheProxy(proxy, [TEST_TOKEN]);
  });

  test('a refused proxy password: the CLI names the proxy with its password redacted', async () => {
    const run = await list({
      ...TOKEN_ENV,
      HTTPS_PROXY: `http://${PROXY_USER}:wrong-${PROXY_PASSWORD}@${new URL(authProxy.url).host}`,
      NODE_EXTRA_CA_CERTS: certificates.caFile,
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^origin-cloud-regions: The proxy http:\/\/proxy-user:\*\*\*@127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) answered 407 to CONNECT api\.cloudflare\.com:443: it wants a user name and password\. Check the user name and password in HTTPS_PROXY .*\[OCR_PROXY_TUNNEL\]$/m,
    );
    assert.ok(!run.stderr.includes(PROXY_PASSWORD) && !run.stdout.includes(PROXY_PASSWORD), run.stderr);
    assert.ok(!run.stderr.includes(TEST_TOKEN));
  });

  test('NO_PROXY bypasses the proxy: the loopback emulator over http is reached directly, the proxy sees nothing', async () => {
    proxy.reset();
    await emulator.resetStats();
    const refused = await list({ ...TOKEN_ENV, CLOUDFLARE_BASE_URL: emulator.baseUrl, HTTP_PROXY: proxy.url });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /CLOUDFLARE_BASE_URL http:\/\/127\.0\.0\.1:\d+ is plain http, and HTTP_PROXY is set and NO_PROXY does not name 127\.0\.0\.1: the proxy http:\/\/127\.0\.0\.1:\d+ would see the Cloudflare credentials in clear text\. Add 127\.0\.0\.1 to NO_PROXY/,
    );
    assert.equal((await emulator.stats()).requests, 0);

    const direct = await list({
      ...TOKEN_ENV,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    assertListed(direct);
    assert.ok((await emulator.stats()).requests >= 1, 'the emulator answered directly');
    assert.equal(proxy.connections(), 0, 'the proxy saw no connection at all');
  });
});

describe('proxy failures in the library, typed and with the fix', () => {
  test('407 without proxy credentials: ProxyTunnelError naming where to put them', async () => {
    authProxy.reset();
    const client = clientThrough(authProxy.url);
    try {
      const error = await rejection(client.listMappings(DEMO_ZONE));
      assert.ok(error instanceof ProxyTunnelError, String(error));
      assert.equal(error.code, 'OCR_PROXY_TUNNEL');
      assert.equal(error.status, 407);
      assert.equal(error.source, 'HTTPS_PROXY');
      assert.equal(error.proxy, authProxy.url);
      assert.match(error.message, /Put the proxy's user name and password in the URL \(http:\/\/user:password@/);
      assertNoCredentialReachedTheProxy(authProxy, [TEST_TOKEN]);
    } finally {
      await client.close();
    }
  });

  test('a proxy URL with credentials never appears unredacted: invalid URL, unreachable proxy', async () => {
    const invalid = (() => {
      try {
        clientThrough(`socks5://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:1080`);
      } catch (error) {
        return error;
      }
      assert.fail('expected an InvalidInputError');
    })();
    assert.ok(invalid instanceof InvalidInputError);
    assert.equal(invalid.field, 'HTTPS_PROXY');
    assert.match(
      invalid.message,
      /^HTTPS_PROXY "socks5:\/\/proxy-user:\*\*\*@127\.0\.0\.1:1080" uses the scheme "socks5"/,
    );

    const client = clientThrough(`http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${closedPort}`);
    let unreachable: unknown;
    try {
      unreachable = await rejection(client.listMappings(DEMO_ZONE));
    } finally {
      await client.close();
    }
    assert.ok(unreachable instanceof RequestFailedError, String(unreachable));
    assert.match(
      unreachable.message,
      /the connection was refused .*Check the network path to https:\/\/api\.cloudflare\.com through the proxy http:\/\/proxy-user:\*\*\*@127\.0\.0\.1:\d+ from HTTPS_PROXY \(proxy, firewall, DNS\)/,
    );
    for (const error of [invalid, unreachable]) {
      // The whole error as a user could print it: message, stack, fields and the cause chain.
      const printed = `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
      assert.ok(!printed.includes(PROXY_PASSWORD), printed);
      assert.ok(printed.includes(`${PROXY_USER}:***@`), printed);
    }
  });

  test('403 for a host the proxy does not allow: ProxyTunnelError suggesting NO_PROXY', async () => {
    proxy.reset();
    const client = new OriginCloudRegionsClient({
      apiToken: TEST_TOKEN,
      maxRetries: 0,
      env: { HTTPS_PROXY: proxy.url, CLOUDFLARE_BASE_URL: `https://localhost:${closedPort}/client/v4` },
    });
    try {
      const error = await rejection(client.listMappings(DEMO_ZONE));
      assert.ok(error instanceof ProxyTunnelError, String(error));
      assert.equal(error.status, 403);
      assert.match(error.message, new RegExp(`CONNECT localhost:${closedPort}: it does not allow this host.*NO_PROXY`));
      assert.deepEqual(
        proxy.heads().map((h) => h.split('\r\n')[0]),
        [`CONNECT localhost:${closedPort} HTTP/1.1`],
      );
    } finally {
      await client.close();
    }
  });

  test('NO_PROXY=localhost sends an https base URL direct: the proxy sees no connection', async () => {
    proxy.reset();
    const client = new OriginCloudRegionsClient({
      apiToken: TEST_TOKEN,
      maxRetries: 0,
      env: {
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '.example.com, localhost',
        CLOUDFLARE_BASE_URL: `https://localhost:${closedPort}/client/v4`,
      },
    });
    try {
      assert.equal(client.config.proxy, undefined);
      const error = await rejection(client.listMappings(DEMO_ZONE));
      assert.match(String(error), /the connection was refused/);
      assert.equal(proxy.connections(), 0);
    } finally {
      await client.close();
    }
  });

  test('an untrusted interception certificate: UntrustedCertificateError, nothing sent inside the tunnel', async () => {
    proxy.reset();
    const client = clientThrough(proxy.url);
    try {
      const error = await rejection(client.listMappings(DEMO_ZONE));
      assert.ok(error instanceof UntrustedCertificateError, String(error));
      assert.equal(error.code, 'OCR_UNTRUSTED_CERTIFICATE');
      assert.equal(error.host, 'api.cloudflare.com');
      assert.equal(error.proxy, proxy.url);
      assert.equal(error.reason, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      assert.match(error.message, /NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/);
      // Node 20 has no --use-system-ca, so the message must not suggest it there.
      assert.equal(/--use-system-ca/.test(error.message), process.allowedNodeEnvironmentFlags.has('--use-system-ca'));
      assert.equal(proxy.decrypted().length, 0);
      assertNoCredentialReachedTheProxy(proxy, [TEST_TOKEN]);
    } finally {
      await client.close();
    }
  });
  test('an untrusted certificate without a proxy (TLS inspected on the way): the same typed error and fix', async () => {
    const local = generateCertificates(['localhost']);
    const server = tls.createServer(
      { key: readFileSync(local.keyFile), cert: readFileSync(local.certFile) },
      (socket) => socket.destroy(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = new OriginCloudRegionsClient({
      apiToken: TEST_TOKEN,
      maxRetries: 0,
      env: { CLOUDFLARE_BASE_URL: `https://localhost:${port}/client/v4` },
    });
    try {
      const error = await rejection(client.listMappings(DEMO_ZONE));
      assert.ok(error instanceof UntrustedCertificateError, String(error));
      assert.equal(error.proxy, undefined);
      assert.match(
        error.message,
        /^The TLS certificate presented for localhost could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: /,
      );
      assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
    } finally {
      await client.close();
      server.close();
      local.remove();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
