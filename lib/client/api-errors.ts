import { CloudflareApiError, type CloudflareErrorDetail } from './errors';
import { ENV } from './options';

/**
 * Pure mapping from a refused request (HTTP status + Cloudflare error codes) to a
 * {@link CloudflareApiError} whose message says what to do.
 */

/** Where a refusal happened. */
export interface RefusalContext {
  /** For example `GET /client/v4/zones/…/origin/cloud_regions?page=1&per_page=100`. */
  readonly request: string;
  readonly status: number;
  readonly zoneId?: string;
  readonly redact: (text: string) => string;
}

/** What to do about a refusal, chosen by Cloudflare error code first, then by HTTP status. */
export function adviceFor(status: number, codes: readonly number[], zoneId?: string): string {
  const zone = zoneId ? `zone ${zoneId}` : 'the zone';
  const has = (code: number): boolean => codes.includes(code);
  if (has(9106)) {
    return `The request carried no credentials Cloudflare accepts. Set ${ENV.apiToken}, or both ${ENV.apiEmail} and ${ENV.apiKey}.`;
  }
  if (has(9103)) {
    return `Cloudflare rejected the email + Global API key pair. Check ${ENV.apiEmail} and ${ENV.apiKey}, or use an API token in ${ENV.apiToken} instead.`;
  }
  if (has(6003) || has(6111) || has(9109) || has(10000) || status === 403) {
    return `The credentials may not read ${zone}: give the API token the "Zone → Zone Settings: Read" permission for this zone (Zone Resources must include it), and check that the zone id is right.`;
  }
  if (status === 401) {
    return `Cloudflare did not accept the credentials. Check that ${ENV.apiToken} is a valid, unexpired API token (or that ${ENV.apiEmail} and ${ENV.apiKey} match).`;
  }
  if (has(7003) || has(7000) || (status === 404 && !has(1142))) {
    return `Cloudflare does not know ${zone} at this path. Check the zone id (32 lowercase hex characters from the zone's Overview page) and that CLOUDFLARE_BASE_URL ends in /client/v4.`;
  }
  if (has(1142)) {
    return `The mapping or the zone setting does not exist for ${zone}. Check the zone id and the origin IP; for supported_regions, enable Tiered Cache on the zone.`;
  }
  if (has(1159)) {
    return `Tiered Cache is off for ${zone}, and origin cloud regions need it. Enable Tiered Cache (Caching → Tiered Cache) on the zone.`;
  }
  if (has(1146)) {
    return 'The API rejected the pagination or an origin IP. Use per_page between 1 and 100 and pages from 1.';
  }
  if (status === 429) {
    return `Cloudflare rate-limited this account. Wait a few minutes, lower ${ENV.concurrency}, or raise ${ENV.maxRetries}.`;
  }
  return `Check the request against the Cloudflare API documentation; if it looks right, retry later.`;
}

/** Builds the error for a refused request. Every message passes through `ctx.redact`. */
export function cloudflareApiError(
  ctx: RefusalContext,
  errors: readonly CloudflareErrorDetail[],
  detail?: string,
  options?: ErrorOptions,
): CloudflareApiError {
  const codes = errors.map((e) => e.code);
  const listed =
    errors.length > 0
      ? errors.map((e) => `${e.code} ${e.message}`).join('; ')
      : (detail ?? 'no Cloudflare error details');
  const message = `${ctx.request} was refused: HTTP ${ctx.status} (${listed}). ${adviceFor(ctx.status, codes, ctx.zoneId)}`;
  const safeErrors = errors.map((e) => Object.freeze({ code: e.code, message: ctx.redact(e.message) }));
  return new CloudflareApiError(ctx.status, Object.freeze(safeErrors), ctx.redact(message), options);
}
