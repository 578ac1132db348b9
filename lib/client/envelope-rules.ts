/**
 * The value rules of the list and supported_regions answers, without zod: shared by the zod schemas
 * (lib/client/envelope-schemas.ts, which word the errors) and by the hand-written checks that pass
 * well-formed answers without loading zod at all (lib/client/envelope.ts).
 */

/** Cloudflare allows 3,500 mappings per zone; a count far above that is a broken answer, not a big zone. */
export const ABSURD_TOTAL_COUNT = 100_000;

/** Values end up in tables, Terraform outputs and file names: control characters (terminal escapes) are refused. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/u;

/** Longest vendor, region or colo string accepted. */
export const MAX_TEXT_LENGTH = 200;

// zod 4's `z.iso.datetime({ offset: true })` pattern, spelled out (see zod/v4/core/regexes): a calendar date
// (leap years included), `T`, a time with seconds and optional fraction, then `Z` or a ±hh:mm offset.
// test/client/envelope-fast.test.ts checks that it accepts exactly what the zod schema accepts.
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?';
const OFFSET = '(?:Z|(?:[+-](?:[01]\\d|2[0-3]):[0-5]\\d))';

/** An RFC 3339 date-time with a `Z` or numeric offset, as `modified_on` carries. */
export const RFC3339_DATETIME = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

/** A vendor, region or colo value: 1..200 characters, none of them control characters. */
export function isPrintableText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_TEXT_LENGTH && PRINTABLE.test(value);
}

/**
 * The separator of the `vendor/region` values this package writes (Terraform outputs, markers, reports):
 * readers split at its first occurrence, so a vendor must never contain it (a region may).
 */
export const VENDOR_REGION_SEPARATOR = '/';

/** A vendor value: printable text ({@link isPrintableText}) without {@link VENDOR_REGION_SEPARATOR}. */
export function isVendorText(value: unknown): value is string {
  return isPrintableText(value) && !value.includes(VENDOR_REGION_SEPARATOR);
}

export { isMappableIp } from '../model/ip';
