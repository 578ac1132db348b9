import { z } from 'zod';
import { canonicalIp, isMappableIp } from '../model/ip';
import { sortMappings } from '../model/order';
import type { MappingEntry } from './mapping-set';
import { InvalidMappingSourceError } from './source-errors';

/**
 * Pure readers of the construct's Terraform outputs and drift marker (see the output contract:
 * `ocr_<zone>_mappings` outputs and the `ocr_<zone>_marker` resource).
 */

/** Matches a mappings output name and captures the zone id. */
export const MAPPINGS_OUTPUT_PATTERN = /^ocr_([0-9A-Fa-f]{32})_mappings$/;
/** Matches a drift marker resource name and captures the zone id. */
export const MARKER_NAME_PATTERN = /^ocr_([0-9A-Fa-f]{32})_marker$/;

const outputEntrySchema = z.object({
  origin_ip: z.string().refine(isMappableIp, { message: 'not an IP address' }),
  vendor: z.string(),
  region: z.string(),
  upper_tier_colos: z.array(z.string()).optional(),
});

/**
 * The zone id named by an `ocr_<zone>_mappings` output, or `undefined` for any other output.
 */
export function zoneOfMappingsOutput(name: string): string | undefined {
  return MAPPINGS_OUTPUT_PATTERN.exec(name)?.[1]?.toLowerCase();
}

/**
 * The mappings held by an `ocr_<zone>_mappings` output value (a list of
 * `{ origin_ip, vendor, region, upper_tier_colos }`), sorted, IPs canonical.
 *
 * @param where - names the file and output in error messages
 * @throws {@link InvalidMappingSourceError} when the value has another shape
 */
export function mappingsFromOutputValue(value: unknown, where: { path: string; output: string }): MappingEntry[] {
  const parsed = z.array(outputEntrySchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail =
      typeof value === 'string' && value.includes('${')
        ? 'it is an unresolved Terraform expression'
        : `${['value', ...issue.path].join('.')}: ${issue.message}`;
    throw new InvalidMappingSourceError(
      where.path,
      `output ${where.output} is not a list of { origin_ip, vendor, region, upper_tier_colos } (${detail}). ` +
        "Synthesize the stack again with this package's OriginCloudRegions construct.",
    );
  }
  const seen = new Set<string>();
  const out = parsed.data.map((e) => {
    const originIp = canonicalIp(e.origin_ip);
    if (seen.has(originIp)) {
      throw new InvalidMappingSourceError(
        where.path,
        `output ${where.output} lists origin ${originIp} twice. Synthesize the stack again.`,
      );
    }
    seen.add(originIp);
    const m: { originIp: string; vendor: string; region: string; upperTierColos?: string[] } = {
      originIp,
      vendor: e.vendor,
      region: e.region,
    };
    if (e.upper_tier_colos !== undefined) m.upperTierColos = e.upper_tier_colos;
    return m;
  });
  return sortMappings(out);
}

/**
 * The mappings held by a drift marker's triggers (`{ "<ip>": "<vendor>/<region>" }`), sorted.
 * The marker carries no upper-tier colos.
 *
 * @throws {@link InvalidMappingSourceError} when the triggers have another shape
 */
export function mappingsFromMarkerTriggers(
  triggers: unknown,
  where: { path: string; resource: string },
): MappingEntry[] {
  const fail = (why: string): never => {
    throw new InvalidMappingSourceError(
      where.path,
      `the triggers of ${where.resource} are not a map of origin IP to "vendor/region" (${why}). Synthesize the stack again with this package's construct.`,
    );
  };
  if (typeof triggers !== 'object' || triggers === null || Array.isArray(triggers)) fail('not an object');
  const out: MappingEntry[] = [];
  const seen = new Set<string>();
  for (const [ip, placement] of Object.entries(triggers as Record<string, unknown>)) {
    if (!isMappableIp(ip)) fail(`key "${ip}" is not an IP address`);
    if (typeof placement !== 'string') fail(`the value of ${ip} is not a string`);
    const slash = (placement as string).indexOf('/');
    if (slash <= 0) fail(`the value of ${ip} is not "vendor/region"`);
    const originIp = canonicalIp(ip);
    if (seen.has(originIp)) fail(`origin ${originIp} appears twice`);
    seen.add(originIp);
    out.push({
      originIp,
      vendor: (placement as string).slice(0, slash),
      region: (placement as string).slice(slash + 1),
    });
  }
  return sortMappings(out);
}

/**
 * Every zone's mappings in one synthesized stack (`cdk.tf.json`), read from its
 * `ocr_<zone>_mappings` outputs. Returns an empty map for a stack without the construct.
 *
 * @throws {@link InvalidMappingSourceError} when an output has another shape
 */
export function zonesFromStack(stack: unknown, path: string): Map<string, MappingEntry[]> {
  const zones = new Map<string, MappingEntry[]>();
  const outputs = (stack as { output?: unknown }).output;
  if (typeof outputs !== 'object' || outputs === null) return zones;
  for (const [name, block] of Object.entries(outputs as Record<string, unknown>)) {
    const zoneId = zoneOfMappingsOutput(name);
    if (zoneId === undefined) continue;
    const value = (block as { value?: unknown } | null)?.value;
    zones.set(zoneId, mappingsFromOutputValue(value, { path, output: name }));
  }
  return zones;
}

/** Whether parsed JSON looks like a synthesized cdktf stack (`cdk.tf.json`). */
export function looksLikeStack(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return typeof d['//'] === 'object' || typeof d.output === 'object' || typeof d.terraform === 'object';
}
