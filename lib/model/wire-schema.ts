import { z } from 'zod';
import { canonicalIpAndKey, isMappableIp } from './ip';
import { isRecord } from './record';
import {
  ABSURD_TOTAL_COUNT,
  MAX_TEXT_LENGTH,
  PRINTABLE,
  VENDOR_REGION_SEPARATOR,
  type WirePageMapping,
} from './wire-values';

// The one definition of each wire shape the client reads; the emulator's seeds use the same shapes with loose
// values, so tests can serve the hostile values the client must refuse.

/** A vendor, region or colo value: 1..200 characters, none of them control characters; `what` words the errors. */
export function printableTextSchema(what: string): z.ZodString {
  return z
    .string()
    .min(1, `${what} is empty`)
    .max(MAX_TEXT_LENGTH, `${what} is longer than ${MAX_TEXT_LENGTH} characters`)
    .regex(PRINTABLE, `${what} contains control characters`);
}

/** A vendor: printable text without {@link VENDOR_REGION_SEPARATOR}. */
export const vendorSchema = printableTextSchema('vendor').refine(
  (v) => !v.includes(VENDOR_REGION_SEPARATOR),
  `vendor contains "${VENDOR_REGION_SEPARATOR}" (the separator of vendor/region values)`,
);

/** An RFC 3339 date-time with a `Z` or numeric offset, as a mapping's `modified_on` carries. */
export const dateTimeSchema = z.iso.datetime({ offset: true, error: 'is not an RFC 3339 date-time' });

/**
 * A JSON object of `key` → `value` read into an object without a prototype, in the input's key order: a key
 * named `__proto__`, `constructor` or `toString` is an ordinary own key, checked like any other (zod's own
 * `z.record` skips `__proto__`: neither checks nor keeps it).
 */
export function ownRecordSchema<V extends z.ZodType>(
  key: z.ZodType<string>,
  value: V,
): z.ZodType<Record<string, z.output<V>>> {
  return z.unknown().transform((raw, ctx) => {
    const out = Object.create(null) as Record<string, z.output<V>>;
    if (!isRecord(raw)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input: raw, message: 'must be an object' });
      return z.NEVER;
    }
    for (const k of Object.keys(raw)) {
      const checkedKey = key.safeParse(k);
      if (!checkedKey.success) for (const issue of checkedKey.error.issues) ctx.addIssue({ ...issue, path: [k] });
      const checked = value.safeParse(raw[k]);
      if (!checked.success) {
        for (const issue of checked.error.issues) ctx.addIssue({ ...issue, path: [k, ...issue.path] });
      } else {
        Object.defineProperty(out, k, { value: checked.data, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  });
}

// The value schemas of the wire shapes below: the API's rules, or any string (the emulator's seeds).
const apiRules = {
  ip: z.string().refine(isMappableIp, 'is not an IPv4 or IPv6 address'),
  vendor: vendorSchema,
  text: printableTextSchema,
};

const looseRules: typeof apiRules = { ip: z.string(), vendor: z.string(), text: () => z.string() };

const supportedRegionOf = (rules: typeof apiRules) =>
  z.object({ name: rules.text('region name'), upper_tier_colos: z.array(rules.text('colo code')) });

const supportedRegionsOf = (rules: typeof apiRules) =>
  z.object({ obtained_codes: z.boolean(), vendors: ownRecordSchema(rules.vendor, z.array(supportedRegionOf(rules))) });

/** The `result` of `GET …/origin/cloud_regions/supported_regions`: vendor → its regions, without a prototype. */
export const supportedRegionsSchema = supportedRegionsOf(apiRules);

/** {@link supportedRegionsSchema}'s shape with any strings as values: what an emulator seed may serve. */
export const looseSupportedRegionsSchema = supportedRegionsOf(looseRules);

/** One region of a vendor in `supported_regions`, with the Tiered Cache upper-tier colos it routes through. */
export type WireSupportedRegion = z.infer<ReturnType<typeof supportedRegionOf>>;

/** The supported regions in the API's wire shape (`obtained_codes`, `vendors`), as the API and snapshots hold them. */
export type WireSupportedRegions = z.infer<typeof supportedRegionsSchema>;

const mappingOf = <M extends z.ZodType>(rules: typeof apiRules, modifiedOn: M) =>
  z.object({ origin_ip: rules.ip, vendor: rules.vendor, region: rules.text('region'), modified_on: modifiedOn });

/** One origin cloud region mapping as the API sends it; `origin_ip` in any notation, `modified_on` may be null. */
export const wireMappingSchema = mappingOf(apiRules, dateTimeSchema.nullable().optional());

/** {@link wireMappingSchema}'s shape with any strings as values: what an emulator seed may serve. */
export const looseWireMappingSchema = mappingOf(looseRules, z.string().optional());

/** The common v4 envelope: `success`, `errors`, `messages`. */
export const envelopeSchema = z.object({
  success: z.boolean(),
  errors: z.array(z.object({ code: z.number().int(), message: z.string() })),
  messages: z.array(z.unknown()).optional(),
});

const count = z.number().int().min(0);

/** A v4 list's `result_info`, as every paged route reports it. */
export const pageInfoSchema = z.object({
  page: z.number().int().min(1),
  per_page: z.number().int().min(1),
  count,
  total_count: count,
  total_pages: count,
});

const resultInfoSchema = pageInfoSchema.extend({
  per_page: z.number().int().min(1).max(100),
  total_count: count.max(
    ABSURD_TOTAL_COUNT,
    `is absurd (over ${ABSURD_TOTAL_COUNT}; Cloudflare allows 3,500 mappings per zone)`,
  ),
});

/**
 * A page of `GET /zones/{zone_id}/origin/cloud_regions`; each mapping's `origin_ip` comes out parsed. The IPs are
 * parsed in one pass once the rest of the page passes, with {@link wireMappingSchema}'s rule and wording: a
 * transform on each `origin_ip` cost zod about twice as much per mapping.
 */
export const listPageSchema = z
  .object({
    result: z.array(wireMappingSchema.extend({ origin_ip: z.string() }), { error: 'must be an array of mappings' }),
    result_info: resultInfoSchema,
  })
  .transform((page, ctx) => {
    const result: WirePageMapping[] = [];
    page.result.forEach((mapping, i) => {
      const sent = mapping.origin_ip;
      const ip = canonicalIpAndKey(sent);
      if (ip === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'is not an IPv4 or IPv6 address',
          input: sent,
          path: ['result', i, 'origin_ip'],
        });
      } else {
        result.push({ ...mapping, origin_ip: { sent, canonical: ip.canonical, key: ip.key } });
      }
    });
    return { result, result_info: page.result_info };
  });

/** A `supported_regions` answer (the envelope's `result`). */
export const supportedRegionsAnswerSchema = z.object({ result: supportedRegionsSchema });
