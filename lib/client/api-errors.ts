import { CloudflareApiError, type CloudflareErrorDetail } from '../errors/client';
import { ENV } from '../settings/names';
import { quoteServerText, type AnswerContext } from './body';

/** Most entries of an envelope's `errors` a {@link CloudflareApiError} keeps; a hostile server may send millions. */
const MAX_KEPT_CLOUDFLARE_ERRORS = 20;

/** One entry of an envelope's `errors` as the server sent it: its text is not yet fit to print. */
export interface ServerErrorEntry {
  readonly code: number;
  /** Empty when it had none. */
  readonly message: string;
  readonly documentationUrl?: string;
}

const MAX_LISTED_CLOUDFLARE_ERRORS = 5;

// Chosen by Cloudflare error code first, then by HTTP status.
function adviceFor(status: number, codes: readonly number[], zoneId?: string): string {
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
    return `Cloudflare does not know ${zone} at this path. Check the zone id (32 lowercase hex characters from the zone's Overview page) and that ${ENV.baseUrl} ends in /client/v4.`;
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

// Redacted, escaped and cut; a documentation URL is kept only when it is an `https:` URL.
function printableCloudflareError(entry: ServerErrorEntry, redact: (text: string) => string): CloudflareErrorDetail {
  const url = entry.documentationUrl;
  const https = url !== undefined && URL.canParse(url) && new URL(url).protocol === 'https:';
  return Object.freeze({
    code: entry.code,
    message: quoteServerText(entry.message, redact),
    ...(https ? { documentationUrl: quoteServerText(url, redact) } : {}),
  });
}

/** The entries of an envelope's `errors` on one line: `10000 Authentication error (see https://…); 9109 …`. */
export function describeCloudflareErrors(entries: readonly CloudflareErrorDetail[], total = entries.length): string {
  const listed = entries
    .slice(0, MAX_LISTED_CLOUDFLARE_ERRORS)
    .map((e) => `${e.code} ${e.message}${e.documentationUrl === undefined ? '' : ` (see ${e.documentationUrl})`}`);
  const more = total - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/**
 * The error for a refused request; the whole message passes through `ctx.redact` once more.
 *
 * @param detail - for a refusal without error entries: `describeAnswer`'s output (it starts with the status)
 */
export function cloudflareApiError(
  ctx: Omit<AnswerContext, 'contentType'>,
  errors: readonly ServerErrorEntry[],
  detail?: string,
): CloudflareApiError {
  const kept = errors.slice(0, MAX_KEPT_CLOUDFLARE_ERRORS).map((e) => printableCloudflareError(e, ctx.redact));
  const codes = errors.map((e) => e.code);
  const what =
    kept.length > 0
      ? `HTTP ${ctx.status} (${describeCloudflareErrors(kept, errors.length)})`
      : (detail ?? `HTTP ${ctx.status} (no Cloudflare error details)`);
  const message = `${ctx.request} was refused: ${what}. ${adviceFor(ctx.status, codes, ctx.zoneId)}`;
  return new CloudflareApiError(ctx.status, Object.freeze(kept), ctx.redact(message));
}
