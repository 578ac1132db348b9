import { createHash } from 'node:crypto';
import { placementOf, type OriginCloudRegionMapping } from './mapping';
import { sortMappings } from './order';
import { plainObjectOf } from './record';

// The drift marker's triggers: a digest with `outputs: 'full'`, whose mappings output already carries every pair, and
// the pairs themselves with `outputs: 'summary'` (and in 0.1 stacks), so that `terraform plan` names the origins that
// moved. `modified_on` is left out on purpose: Cloudflare touching a mapping without moving it replaces no marker.

/** The trigger key holding the SHA-256 of the mappings in a digest marker. */
export const MARKER_DIGEST_KEY = 'mappings_sha256';
/** The trigger key holding the number of mappings (a decimal string) in a digest marker. */
export const MARKER_COUNT_KEY = 'mappings';

type Pairs = readonly Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>[];

/** A digest marker's triggers: strings only, as Terraform's `triggers` is a map of strings. */
export interface MarkerDigest {
  readonly mappings_sha256: string;
  readonly mappings: string;
}

/** The pairs marker's triggers: canonical origin IP → `"<vendor>/<region>"`. */
export function markerTriggers(mappings: Pairs): Record<string, string> {
  return plainObjectOf(sortMappings(mappings).map((m) => [m.originIp, placementOf(m)]));
}

/**
 * The text a digest marker hashes: one line `<ip>=<vendor>/<region>` per mapping (the data, not
 * Terraform-escaped, in Unicode NFC as Terraform reads every configuration string), sorted by code unit, each
 * ending in `\n`. IPs are canonical, unique and ASCII, so this is also the byte order of `LC_ALL=C sort`; from
 * a plan or `terraform output -json` of the mappings:
 * `jq -r 'to_entries[] | "\(.key)=\(.value)"' | LC_ALL=C sort | sha256sum`.
 */
export function canonicalMappingLines(mappings: Pairs): string {
  const lines = mappings.map((m) => `${m.originIp}=${placementOf(m)}\n`.normalize('NFC'));
  // The default sort orders strings by UTF-16 code unit (the package's order, compareCodeUnits), with no call per pair.
  lines.sort();
  return lines.join('');
}

/** The digest marker's triggers: the lowercase hex SHA-256 of {@link canonicalMappingLines} and the count in decimal. */
export function markerDigest(mappings: Pairs): MarkerDigest {
  return {
    mappings_sha256: createHash('sha256').update(canonicalMappingLines(mappings), 'utf8').digest('hex'),
    mappings: String(mappings.length),
  };
}
