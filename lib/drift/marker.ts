import { placementOf, type OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings } from '../model/order';

/**
 * The drift marker's triggers: canonical origin IP → `"<vendor>/<region>"`.
 *
 * Pure and deterministic. The value changes exactly when a mapping is added, removed, or moves to
 * another vendor or region; `modified_on` is left out on purpose, so that Cloudflare touching a
 * mapping without moving it does not make `terraform plan` replace the marker.
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
