import { ProxyTunnelError, UntrustedCertificateError } from '../errors/proxy';
import { quoteServerText } from './body';
import { ENV } from '../settings/names';
import type { ProxyRoute } from './proxy';

const DESCRIPTIONS: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused (nothing listening)',
  EPIPE: 'the connection broke while sending',
  ETIMEDOUT: 'the connection timed out',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ENOTFOUND: 'the host name does not resolve',
  UND_ERR_SOCKET: 'the server closed the connection mid-answer',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers arrived within the attempt timeout',
  UND_ERR_BODY_TIMEOUT: 'the body stalled past the attempt timeout',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the body was shorter than its Content-Length (truncated)',
  OCR_ATTEMPT_TIMEOUT: 'the answer (headers and body) did not complete within the attempt timeout',
};

// Worth another attempt (a name that does not resolve, ENOTFOUND, is not). A list of its own: DESCRIPTIONS only words
// codes, and describing a new one must not make it retried.
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'OCR_ATTEMPT_TIMEOUT',
]);

// `error` and its `cause` chain, outermost first, five deep at most.
function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  for (let current = error; chain.length < 5 && typeof current === 'object' && current !== null;) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function errorCodes(error: unknown): string[] {
  return causeChain(error)
    .map((e) => (e as { code?: unknown }).code)
    .filter((code): code is string => typeof code === 'string');
}

/** Whether a connection-level error is worth another attempt (resets, refusals, timeouts, closed sockets). */
export function isRetryableNetworkError(error: unknown): boolean {
  return errorCodes(error).some((code) => RETRYABLE_CODES.has(code));
}

/**
 * A short description of a connection-level error: `the connection was reset (ECONNRESET)`. An unknown one is
 * described by its message and code, redacted, escaped and cut (a library's message may quote the server).
 */
export function describeNetworkError(error: unknown, redact: (text: string) => string = (t) => t): string {
  const codes = errorCodes(error);
  const known = codes.find((code) => Object.hasOwn(DESCRIPTIONS, code));
  if (known) return `${DESCRIPTIONS[known]} (${known})`;
  const message = quoteServerText(error instanceof Error ? error.message : String(error), redact);
  return codes.length > 0 ? `${message} (${quoteServerText(codes[0], redact, 60)})` : message;
}

// Certificate failures that a TLS-inspecting proxy or a missing corporate CA causes.
const TRUST_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// undici 7 reports a refused tunnel as a RequestAbortedError with this message and no status field.
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;

interface ConnectionContext {
  readonly origin: string;
  readonly proxy: ProxyRoute | undefined;
}

/**
 * A refused `CONNECT` as {@link ProxyTunnelError}, a certificate that does not verify as
 * {@link UntrustedCertificateError}; any other error as it is (the retry layer classifies it).
 */
export function translateConnectionError(error: unknown, ctx: ConnectionContext): unknown {
  const target = new URL(ctx.origin);
  const hostPort = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
  const refused = error instanceof Error ? TUNNEL_REFUSED.exec(error.message) : null;
  if (refused && ctx.proxy !== undefined) {
    return new ProxyTunnelError(Number(refused[1]), ctx.proxy, tunnelMessage(Number(refused[1]), hostPort, ctx.proxy));
  }
  const codes = errorCodes(error);
  const reason = codes.find((code) => TRUST_CODES.has(code));
  if (reason === undefined) return error;
  // The innermost Error's message: the chain's last link that is one.
  let detail = String(error);
  for (const e of causeChain(error)) {
    if (!(e instanceof Error)) break;
    detail = e.message;
  }
  const via = ctx.proxy === undefined ? '' : ` through the proxy ${ctx.proxy.display} (from ${ctx.proxy.source})`;
  // Node 22.15+ and 23.8+ accept --use-system-ca (in NODE_OPTIONS or on the command line); 20 does not.
  const systemCa = process.allowedNodeEnvironmentFlags.has('--use-system-ca')
    ? ', or run Node with --use-system-ca (for example NODE_OPTIONS=--use-system-ca) to trust the CAs your operating system trusts'
    : '';
  const advice =
    reason === 'CERT_HAS_EXPIRED' || reason === 'CERT_NOT_YET_VALID'
      ? "Check the computer's clock; if it is right, the certificate (or the TLS-inspecting proxy's) is out of date: tell your network team."
      : `A proxy or firewall that inspects TLS presents certificates signed by its own CA: save that CA certificate as a PEM file and set NODE_EXTRA_CA_CERTS=/path/to/ca.pem in the environment that starts Node (it is read once, at start)${systemCa}. Do not turn off certificate checks.`;
  return new UntrustedCertificateError(
    reason,
    target.hostname,
    ctx.proxy?.display,
    `The TLS certificate presented for ${target.hostname}${via} could not be verified (${reason}: ${detail}). ${advice}`,
    { cause: error },
  );
}

function tunnelMessage(status: number, hostPort: string, proxy: ProxyRoute): string {
  const head = `The proxy ${proxy.display} (from ${proxy.source}) answered ${status} to CONNECT ${hostPort}`;
  if (status === 407) {
    const fix =
      proxy.authorization === undefined
        ? `Put the proxy's user name and password in the URL (http://user:password@proxy.example:3128, special characters percent-encoded) in ${proxy.source}`
        : `Check the user name and password in ${proxy.source} (special characters percent-encoded, for example @ as %40)`;
    return `${head}: it wants a user name and password. ${fix}, or ask your network team which credentials it expects.`;
  }
  if (status === 403) {
    return `${head}: it does not allow this host. Ask your network team to allow ${hostPort}, or, if the API is reachable without the proxy, add its host to ${ENV.noProxy}.`;
  }
  return `${head}, so no tunnel to the API was opened. Check that the proxy can reach ${hostPort}, then retry.`;
}
