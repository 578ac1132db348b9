import { InvalidInputError } from '../errors/base';
import { validateInteger } from '../settings/resolve';
import { quoteServerString } from './body';

/** A zone (or account) id as Cloudflare writes it: 32 lowercase hex digits. */
export const ZONE_ID = /^[0-9a-f]{32}$/;

/**
 * Returns `zoneId` when it is a Cloudflare zone id (32 lowercase hex characters), else throws {@link InvalidInputError}
 * quoting it through `redact` (a token given as the zone id by mistake).
 */
export function validateZoneId(zoneId: unknown, field = 'zoneId', redact: (text: string) => string = (t) => t): string {
  if (typeof zoneId !== 'string' || zoneId.length === 0) {
    throw new InvalidInputError(
      field,
      `${field} is missing. Give the zone's id: 32 lowercase hexadecimal characters, shown on the zone's Overview page in the Cloudflare dashboard.`,
    );
  }
  if (ZONE_ID.test(zoneId)) return zoneId;
  const problem = ZONE_ID.test(zoneId.toLowerCase())
    ? `has uppercase letters. Cloudflare zone ids are 32 lowercase hexadecimal characters: use ${JSON.stringify(zoneId.toLowerCase())}.`
    : ZONE_ID.test(zoneId.trim())
      ? 'has spaces or line breaks around it. Remove them: a zone id is exactly 32 lowercase hexadecimal characters.'
      : `is not a Cloudflare zone id (${zoneId.length} characters). A zone id is exactly 32 lowercase hexadecimal characters (0-9, a-f), such as 023e105f4ecef8ad9ca31a8372d0c353; copy it from the zone's Overview page.`;
  throw new InvalidInputError(field, `${field} ${quoteServerString(zoneId, redact, 80)} ${problem}`);
}

/** Returns `perPage` when it is an integer 1..100 (the API's limits; 1146 otherwise). */
export function validatePerPage(perPage: unknown, field = 'perPage'): number {
  return validateInteger(perPage, field, 1, 100, 'Use 100 (the default) unless you need smaller pages.');
}

/** Returns `page` when it is an integer ≥ 1. */
export function validatePage(page: unknown): number {
  return validateInteger(page, 'page', 1, Number.MAX_SAFE_INTEGER, 'Pages are numbered from 1.');
}
