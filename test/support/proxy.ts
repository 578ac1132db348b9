import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

/**
 * A TLS-intercepting HTTP CONNECT proxy for tests, like the ones corporate networks run: it answers
 * `CONNECT api.cloudflare.com:443`, terminates the TLS inside the tunnel with a certificate for that host
 * signed by its own CA, and forwards the decrypted HTTP to an upstream (the emulator).
 *
 * It records every byte clients send it before any decryption (the CONNECT request and the TLS records
 * that follow), separately the CONNECT request heads, and the decrypted bytes inside the tunnels. A test
 * asserts that credentials appear only in the decrypted bytes.
 */

/** The test CA and the certificate the proxy presents for the API host, as PEM files. */
export interface TestCertificates {
  /** Folder holding the files (deleted by {@link TestCertificates.remove}). */
  readonly dir: string;
  /** The CA certificate: give it to the client with `NODE_EXTRA_CA_CERTS`. */
  readonly caFile: string;
  /** The server certificate for `hosts`, signed by the CA. */
  readonly certFile: string;
  /** The server certificate's private key. */
  readonly keyFile: string;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * Generates a throwaway CA and a server certificate for `hosts` with the `openssl` CLI (P-256 keys, valid
 * for two days), so no key material is committed.
 */
export function generateCertificates(hosts: readonly string[] = ['api.cloudflare.com']): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-proxy-ca-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=origin-cloud-regions test intercepting CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${hosts[0]}`]);
  writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=${hosts.map((h) => (net.isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n') + '\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
  return {
    dir,
    caFile: file('ca.pem'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Options of {@link startInterceptingProxy}. */
export interface InterceptingProxyOptions {
  /** Where decrypted requests go, for example the emulator's `http://127.0.0.1:<port>/client/v4`. */
  readonly upstream: string;
  /** Certificate and key presented inside the tunnel. */
  readonly certificates: TestCertificates;
  /** The only `host:port` the proxy opens tunnels to; others get 403. @default `api.cloudflare.com:443` */
  readonly allow?: string;
  /** Require `Proxy-Authorization: Basic` with this user name and password (407 otherwise). */
  readonly auth?: { readonly user: string; readonly password: string };
}

/** A running {@link startInterceptingProxy}. */
export interface InterceptingProxy {
  /** The proxy's URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Client connections accepted so far. */
  connections(): number;
  /** Every byte clients sent to the proxy, before any decryption, in arrival order per connection. */
  received(): Buffer;
  /** The request heads clients sent before their tunnel opened (the `CONNECT` requests), as text. */
  heads(): string[];
  /** Every byte clients sent inside the tunnels, after the proxy decrypted it: what the API host receives. */
  decrypted(): Buffer;
  /** Forgets everything recorded. */
  reset(): void;
  /** Closes the proxy and every connection. */
  stop(): Promise<void>;
}

/** Starts an intercepting proxy on 127.0.0.1 (a free port). */
export async function startInterceptingProxy(options: InterceptingProxyOptions): Promise<InterceptingProxy> {
  const upstream = new URL(options.upstream);
  const allow = options.allow ?? 'api.cloudflare.com:443';
  const expectedAuth =
    options.auth === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
  let connections = 0;
  let received: Buffer[] = [];
  let heads: string[] = [];
  let decrypted: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  // The inside of each tunnel: TLS terminated with the test certificate, plaintext piped to the upstream.
  const interceptor = tls.createServer(
    { key: readFileSync(options.certificates.keyFile), cert: readFileSync(options.certificates.certFile) },
    (clear) => {
      track(clear);
      const up = net.connect(Number(upstream.port), upstream.hostname);
      track(up);
      clear.on('data', (chunk: Buffer) => decrypted.push(chunk));
      clear.pipe(up);
      up.pipe(clear);
      clear.on('close', () => up.destroy());
      up.on('close', () => clear.destroy());
    },
  );
  interceptor.on('tlsClientError', () => undefined);
  await listen(interceptor);
  const interceptorPort = (interceptor.address() as net.AddressInfo).port;

  const proxy = net.createServer((client) => {
    connections++;
    track(client);
    let head = Buffer.alloc(0);
    let tunnel: net.Socket | undefined;
    client.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (tunnel !== undefined) return; // piped below
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const text = head.subarray(0, end).toString('latin1');
      heads.push(text);
      const rest = head.subarray(end + 4);
      const [requestLine, ...headerLines] = text.split('\r\n');
      const [method, target] = requestLine.split(' ');
      const auth = headerLines
        .find((l) => l.toLowerCase().startsWith('proxy-authorization:'))
        ?.slice('proxy-authorization:'.length)
        .trim();
      const answer = (status: string, extra = ''): void => {
        client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      };
      if (method !== 'CONNECT') return answer('405 Method Not Allowed');
      if (expectedAuth !== undefined && auth !== expectedAuth) {
        return answer('407 Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test"\r\n');
      }
      if (target !== allow) return answer('403 Forbidden');
      tunnel = net.connect(interceptorPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length > 0) tunnel?.write(rest);
        client.pipe(tunnel!);
        tunnel!.pipe(client);
      });
      track(tunnel);
      client.on('close', () => tunnel?.destroy());
      tunnel.on('close', () => client.destroy());
    });
  });
  await listen(proxy);
  const port = (proxy.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    received: () => Buffer.concat(received),
    heads: () => [...heads],
    decrypted: () => Buffer.concat(decrypted),
    reset: () => {
      connections = 0;
      received = [];
      heads = [];
      decrypted = [];
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([close(proxy), close(interceptor)]);
    },
  };
}

/**
 * Whether `secret` occurs in `bytes` in any letter case, or Base64-encoded at any byte alignment (the ways a
 * header could carry it), so a test can assert that it does not.
 */
export function containsSecret(bytes: Buffer, secret: string): boolean {
  const text = bytes.toString('latin1');
  if (text.toLowerCase().includes(secret.toLowerCase())) return true;
  // Base64 of the secret inside a longer value: the characters that do not depend on the neighbouring bytes.
  return [0, 1, 2].some((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
    const stable = encoded.slice(offset === 0 ? 0 : 4, -4);
    return stable.length >= 8 && text.includes(stable);
  });
}

function listen(server: net.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
