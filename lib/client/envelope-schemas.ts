import { z } from 'zod';
import { ABSURD_TOTAL_COUNT, MAX_TEXT_LENGTH, PRINTABLE, isMappableIp } from './envelope-rules';

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
  vendor: printable('vendor'),
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

/** A supported_regions answer (the envelope's `result`). */
export const supportedSchema = z.object({
  result: z.object({
    obtained_codes: z.boolean(),
    vendors: z.record(
      printable('vendor'),
      z.array(z.object({ name: printable('region name'), upper_tier_colos: z.array(printable('colo code')) })),
    ),
  }),
});

/** Summarises zod issues as `result[3].origin_ip: is not an IPv4 or IPv6 address; …` (at most three). */
export function summariseIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(body)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
