import { createHash } from 'node:crypto';
import { placementOf, type OriginCloudRegionMapping } from './mapping';
import { sortMappings } from './order';

/**
 * The drift marker's triggers, in its two shapes.
 *
 * - **Digest** (with the default `outputs: 'full'`, where `ocr_<zone>_mappings` already carries every pair):
 *   `{ "mappings_sha256": "<hex>", "mappings": "<count>" }` (see {@link markerDigest}). Nothing is emitted twice.
 * - **Pairs** (with `outputs: 'summary'`, which has no mappings output, and in 0.1 and earlier 0.2 stacks):
 *   canonical origin IP → `"<vendor>/<region>"` (see {@link markerTriggers}), so that `terraform plan` names
 *   the origins that moved.
 *
 * Both are pure and deterministic, and change exactly when a mapping is added, removed, or moves to another
 * vendor or region; `modified_on` is left out on purpose, so that Cloudflare touching a mapping without
 * moving it does not make `terraform plan` replace the marker.
 */

/** The trigger key holding the SHA-256 of the mappings in a digest marker. */
export const MARKER_DIGEST_KEY = 'mappings_sha256';
/** The trigger key holding the number of mappings (a decimal string) in a digest marker. */
export const MARKER_COUNT_KEY = 'mappings';

/** A digest marker's triggers (every value a string: Terraform's `triggers` is a map of strings). */
export interface MarkerDigest {
  /** Lowercase hex SHA-256 of {@link canonicalMappingLines}. */
  readonly mappings_sha256: string;
  /** How many mappings, in decimal. */
  readonly mappings: string;
}

/**
 * The pairs marker's triggers: canonical origin IP → `"<vendor>/<region>"`.
 * Keys are inserted in `sortMappings` order (cdktf sorts object keys again when it writes JSON).
 *
 * @example markerTriggers([{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }])
 * // → { '192.0.2.1': 'aws/us-east-1' }
 */
export function markerTriggers(
  mappings: readonly Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>[],
): Record<string, string> {
  const triggers: Record<string, string> = {};
  // defineProperty: a key from the data is always an own key, even one spelled `__proto__`.
  for (const m of sortMappings(mappings)) {
    Object.defineProperty(triggers, m.originIp, {
      value: placementOf(m),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return triggers;
}

/**
 * The text a digest marker hashes: one line `<ip>=<vendor>/<region>` per mapping (the data, not
 * Terraform-escaped, in Unicode NFC as Terraform reads every configuration string), sorted by code unit, each
 * ending in `\n`. IPs are canonical, unique and ASCII, so this is also the byte order of `LC_ALL=C sort`; from
 * a plan or `terraform output -json` of the mappings:
 * `jq -r 'to_entries[] | "\(.key)=\(.value)"' | LC_ALL=C sort | sha256sum`.
 */
export function canonicalMappingLines(
  mappings: readonly Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>[],
): string {
  const lines = mappings.map((m) => `${m.originIp}=${placementOf(m)}\n`.normalize('NFC'));
  // The default sort orders strings by UTF-16 code unit (the package's order, compareCodeUnits), with no call per pair.
  lines.sort();
  return lines.join('');
}

/**
 * The digest marker's triggers: the SHA-256 of {@link canonicalMappingLines} and the number of mappings.
 *
 * @example markerDigest([{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }])
 * // → { mappings_sha256: sha256('192.0.2.1=aws/us-east-1\n'), mappings: '1' }
 */
export function markerDigest(
  mappings: readonly Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>[],
): MarkerDigest {
  return {
    mappings_sha256: createHash('sha256').update(canonicalMappingLines(mappings), 'utf8').digest('hex'),
    mappings: String(mappings.length),
  };
}
