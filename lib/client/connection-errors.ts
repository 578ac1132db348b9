import { ProxyTunnelError, UntrustedCertificateError } from '../errors';
import { errorCodes } from './network-errors';
import { ENV } from './options';
import type { ProxyRoute } from './proxy';

/**
 * Turns the connection failures a proxied or intercepted network path adds into the typed errors of
 * `lib/errors/proxy.ts`, with the fix in the message.
 */

/** Certificate verification failures that a TLS-inspecting proxy or a missing corporate CA causes. */
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

/** What {@link translateConnectionError} needs to know about the connection. */
export interface ConnectionContext {
  /** The API origin, for example `https://api.cloudflare.com`. */
  readonly origin: string;
  /** The proxy in use, if any. */
  readonly proxy: ProxyRoute | undefined;
  /** Whether this Node accepts `--use-system-ca` (22.15+ and 23.8+; not 20). */
  readonly hasUseSystemCa: boolean;
}

/** Whether this Node accepts `--use-system-ca` (in `NODE_OPTIONS` or on the command line). */
export function nodeHasUseSystemCa(): boolean {
  return process.allowedNodeEnvironmentFlags.has('--use-system-ca');
}

/**
 * Turns a connection failure that retrying cannot fix into a typed error with advice: a refused `CONNECT`
 * into {@link ProxyTunnelError}, a certificate that does not verify into {@link UntrustedCertificateError}.
 * Any other error is returned as it is (the retry layer classifies it).
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
  const detail = innermostMessage(error);
  const via = ctx.proxy === undefined ? '' : ` through the proxy ${ctx.proxy.display} (from ${ctx.proxy.source})`;
  const systemCa = ctx.hasUseSystemCa
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

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}
