import { InvalidInputError } from '../errors';
import { forTerminal } from '../sinks/terminal';
import { quoteServerString } from './body';

/**
 * Input checks that run before any request is sent. Each failure names the field and the fix.
 */

const ZONE_ID = /^[0-9a-f]{32}$/;

/**
 * Returns `zoneId` when it is a Cloudflare zone id: exactly 32 lowercase hexadecimal characters.
 * @param redact - hides credentials in the quoted value (a token given as the zone id by mistake)
 * @throws {@link InvalidInputError} (field `zoneId`, or `field`) otherwise
 */
export function validateZoneId(zoneId: unknown, field = 'zoneId', redact: (text: string) => string = (t) => t): string {
  if (typeof zoneId !== 'string' || zoneId.length === 0) {
    throw new InvalidInputError(
      field,
      `${field} is missing. Give the zone's id: 32 lowercase hexadecimal characters, shown on the zone's Overview page in the Cloudflare dashboard.`,
    );
  }
  if (ZONE_ID.test(zoneId)) return zoneId;
  const quoted = quoteServerString(zoneId, redact, 80);
  if (ZONE_ID.test(zoneId.toLowerCase())) {
    throw new InvalidInputError(
      field,
      `${field} ${quoted} has uppercase letters. Cloudflare zone ids are 32 lowercase hexadecimal characters: use ${JSON.stringify(zoneId.toLowerCase())}.`,
    );
  }
  if (ZONE_ID.test(zoneId.trim())) {
    throw new InvalidInputError(
      field,
      `${field} ${quoted} has spaces or line breaks around it. Remove them: a zone id is exactly 32 lowercase hexadecimal characters.`,
    );
  }
  throw new InvalidInputError(
    field,
    `${field} ${quoted} is not a Cloudflare zone id (${zoneId.length} characters). A zone id is exactly 32 lowercase hexadecimal characters (0-9, a-f), such as 023e105f4ecef8ad9ca31a8372d0c353; copy it from the zone's Overview page.`,
  );
}

/**
 * Returns `value` when it is an integer within `[min, max]`.
 * @throws {@link InvalidInputError} naming `field`, with `hint` as the fix
 */
export function validateInteger(value: unknown, field: string, min: number, max: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = JSON.stringify(value) ?? String(value);
    throw new InvalidInputError(
      field,
      `${field} must be an integer from ${min} to ${max}, got ${forTerminal(got.length > 80 ? `${got.slice(0, 80)}…` : got)}. ${hint}`,
    );
  }
  return value;
}

/**
 * Returns `perPage` when it is an integer 1..100 (the API's limits; 1146 otherwise).
 * @throws {@link InvalidInputError} (field `perPage`)
 */
export function validatePerPage(perPage: unknown, field = 'perPage'): number {
  return validateInteger(perPage, field, 1, 100, 'Use 100 (the default) unless you need smaller pages.');
}

/**
 * Returns `page` when it is an integer ≥ 1 (pages are numbered from 1).
 * @throws {@link InvalidInputError} (field `page`)
 */
export function validatePage(page: unknown): number {
  return validateInteger(page, 'page', 1, Number.MAX_SAFE_INTEGER, 'Pages are numbered from 1.');
}

/**
 * Parses a decimal integer from an environment variable, or returns `undefined` when it is unset or empty.
 * @throws {@link InvalidInputError} (field = the variable's name) when it is set to something else
 */
export function integerFromEnv(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(raw)) {
    throw new InvalidInputError(
      name,
      `Environment variable ${name}=${quoteServerString(raw, undefined, 80)} is not a whole number. Set it to digits only, or unset it to use the default.`,
    );
  }
  return Number(raw.trim());
}
