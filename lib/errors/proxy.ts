import { OriginCloudRegionsError } from './base';

/** The proxy answered the `CONNECT` request with something other than 200, so no tunnel to the API was opened. */
export class ProxyTunnelError extends OriginCloudRegionsError {
  /** The proxy's HTTP status, for example 407 (authentication required) or 403 (host not allowed). */
  public readonly status: number;
  /** The proxy URL, password redacted (`http://user:***@proxy.example:3128`). */
  public readonly proxy: string;
  /** Where the proxy setting came from: `proxy` (the option) or the environment variable (`HTTPS_PROXY`). */
  public readonly source: string;

  public constructor(status: number, route: { readonly display: string; readonly source: string }, message: string) {
    super('OCR_PROXY_TUNNEL', message);
    this.status = status;
    this.proxy = route.display;
    this.source = route.source;
  }
}

/** The API host's TLS certificate could not be verified: usually a TLS-inspecting proxy's CA (NODE_EXTRA_CA_CERTS). */
export class UntrustedCertificateError extends OriginCloudRegionsError {
  /** OpenSSL's or Node's reason, for example `SELF_SIGNED_CERT_IN_CHAIN` or `ERR_TLS_CERT_ALTNAME_INVALID`. */
  public readonly reason: string;
  /** The host whose certificate failed, for example `api.cloudflare.com`. */
  public readonly host: string;
  /** The proxy in use, password redacted; `undefined` for a direct connection. */
  public readonly proxy: string | undefined;

  public constructor(reason: string, host: string, proxy: string | undefined, message: string, options?: ErrorOptions) {
    super('OCR_UNTRUSTED_CERTIFICATE', message, options);
    this.reason = reason;
    this.host = host;
    this.proxy = proxy;
  }
}
