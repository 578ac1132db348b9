import { z } from 'zod';
import { quoteForMessage } from '../sinks/terminal';
import {
  ABSURD_TOTAL_COUNT,
  MAX_TEXT_LENGTH,
  PRINTABLE,
  VENDOR_REGION_SEPARATOR,
  isMappableIp,
} from './envelope-rules';

/**
 * The zod schemas of the v4 envelope, a list page and a supported_regions answer. Loaded only when an
 * answer fails the hand-written checks in lib/client/envelope.ts, to word the error: zod costs about
 * 100 ms to load in the synth's cold worker thread, which well-formed answers never need.
 */

const printable = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(MAX_TEXT_LENGTH, `${what} is longer than ${MAX_TEXT_LENGTH} characters`)
    .regex(PRINTABLE, `${what} contains control characters`);

// A vendor is also refused when it holds the separator of the `vendor/region` values written downstream.
const vendor = printable('vendor').refine(
  (v) => !v.includes(VENDOR_REGION_SEPARATOR),
  `vendor contains "${VENDOR_REGION_SEPARATOR}" (the separator of vendor/region values)`,
);

const messageSchema = z.object({ code: z.number().int(), message: z.string() });

/** The common v4 envelope. */
export const envelopeSchema = z.object({
  success: z.boolean(),
  errors: z.array(messageSchema),
  messages: z.array(z.unknown()).optional(),
});

/** A mapping's `modified_on`. */
export const modifiedOnSchema = z.iso.datetime({ offset: true, error: 'is not an RFC 3339 date-time' });

const mappingSchema = z.object({
  origin_ip: z.string().refine(isMappableIp, 'is not an IPv4 or IPv6 address'),
  vendor,
  region: printable('region'),
  modified_on: modifiedOnSchema.nullable().optional(),
});

const count = z.number().int().min(0);

const resultInfoSchema = z.object({
  page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(100),
  count,
  total_count: count.max(
    ABSURD_TOTAL_COUNT,
    `is absurd (over ${ABSURD_TOTAL_COUNT}; Cloudflare allows 3,500 mappings per zone)`,
  ),
  total_pages: count,
});

/** A list page (the envelope's `result` and `result_info`). */
export const listSchema = z.object({
  result: z.array(mappingSchema, { error: 'must be an array of mappings' }),
  result_info: resultInfoSchema,
});

/** One vendor's regions in a supported_regions answer. */
export const supportedRegionListSchema = z.array(
  z.object({ name: printable('region name'), upper_tier_colos: z.array(printable('colo code')) }),
);

/**
 * A supported_regions answer (the envelope's `result`). zod's record neither checks nor keeps a
 * `__proto__` key: lib/client/envelope.ts checks that one with {@link supportedRegionListSchema}.
 */
export const supportedSchema = z.object({
  result: z.object({
    obtained_codes: z.boolean(),
    vendors: z.record(vendor, supportedRegionListSchema),
  }),
});

// A path segment may be a key the server chose (a vendor name): shown escaped and cut, like any server text.
const MAX_PATH_SEGMENT_CHARS = 40;

/**
 * Summarises zod issues as `result[3].origin_ip: is not an IPv4 or IPv6 address; …` (at most three).
 * Keys in the path come from the server: they are redacted with `redact`, then escaped and cut.
 * `prefix` is put before each issue's path (for a value checked apart from its envelope).
 */
export function summariseIssues(
  error: z.ZodError,
  redact: (text: string) => string = (t) => t,
  prefix: readonly PropertyKey[] = [],
): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = [...prefix, ...issue.path]
      .map((p, i) => {
        if (typeof p === 'number') return `[${p}]`;
        const key = quoteForMessage(redact(String(p)), MAX_PATH_SEGMENT_CHARS);
        return i === 0 ? key : `.${key}`;
      })
      .join('');
    // A record key that fails its schema is one `invalid_key` issue; its own issues say why.
    const why = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${path || '(body)'}: ${why}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
