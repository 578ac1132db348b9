import { classifyCoverage } from '../coverage/classify';
import type { PlacementLookup, ZoneOrigins } from '../coverage/types';
import type { OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings } from '../model/order';
import type { SupportedRegions } from '../model/supported-regions';
import {
  authorityFromSupportedRegions,
  catalogAuthority,
  catalogFallbackReason,
  type RegionAuthority,
} from '../validate/authority';
import { validateClientMappings, validateMappings } from '../validate/validate-mappings';
import { withCoverage } from './coverage';
import type { LookupAuthority, ZoneLookupResult } from './types';

/**
 * A zone's result from its mappings and the authority that validates them. `sent` (the client's `sentOriginIps`;
 * empty for a snapshot) is given when the mappings come from this package's own parsing, canonical and sorted
 * already; without it they are sorted here, and API data is validated with each IP as given, so that a
 * non-canonical IP is flagged.
 */
export function buildResult(
  zoneId: string,
  mappings: readonly OriginCloudRegionMapping[],
  supportedRegions: SupportedRegions | undefined,
  authority: RegionAuthority,
  source: 'api' | 'snapshot',
  fallbackCode?: string,
  sent?: ReadonlyMap<string, string>,
): ZoneLookupResult {
  const sorted = sent !== undefined ? [...mappings] : sortMappings(mappings);
  const described: LookupAuthority = {
    kind: authority.kind,
    reason: authority.reason ?? `validated against ${authority.kind}`,
    ...(fallbackCode === undefined ? {} : { fallbackCode }),
  };
  return {
    zoneId,
    mappings: sorted,
    supportedRegions,
    authority: described,
    findings:
      sent !== undefined ? validateClientMappings(sorted, sent, authority) : validateMappings(sorted, authority),
    source,
  };
}

/** The zone's supported regions as the authority, else the bundled catalog with `cause` as the reason. */
export function authorityOf(supportedRegions: SupportedRegions | undefined, cause: string): RegionAuthority {
  return supportedRegions === undefined
    ? catalogAuthority(catalogFallbackReason(cause))
    : authorityFromSupportedRegions(supportedRegions);
}

/** What {@link lookupResultOf} builds a result from. */
export interface LookupResultData {
  /** The zone id. */
  readonly zoneId: string;
  /** The zone's mappings, in any order (they are sorted). */
  readonly mappings: readonly OriginCloudRegionMapping[];
  /** The zone's supported regions, which validate the mappings; without them, the bundled catalog does. */
  readonly supportedRegions?: SupportedRegions;
  /** Why the supported regions were unavailable (`authority.reason`); by default 'supported_regions unavailable'. */
  readonly fallbackCause?: string;
  /** Where the data came from; by default `api`. */
  readonly source?: 'api' | 'snapshot';
  /**
   * The zone's origins, classified against the mappings as a lookup with `coverage` on classifies them; `place`
   * says where the IP range feeds place an IP (for example `(ip) => locateIp(loaded.index, ip)`).
   * @default no coverage; with `origins` but no `place`, no feed places any IP
   */
  readonly coverage?: {
    /** The zone's origins, as `collectZoneOrigins` reads them. */
    readonly origins: ZoneOrigins;
    /** Where the feeds place an IP. */
    readonly place?: PlacementLookup;
  };
}

/**
 * A lookup result built from ready data, validated exactly as a real lookup validates it, without a request: for
 * `OriginCloudRegions.useResolver` in unit tests of a stack, and for tools that hold the mappings already.
 *
 * @example
 * ```ts
 * const result = lookupResultOf({ zoneId, mappings: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }] });
 * OriginCloudRegions.useResolver(app, resolverFromResults([result]));
 * ```
 */
export function lookupResultOf(data: LookupResultData): ZoneLookupResult {
  const authority = authorityOf(data.supportedRegions, data.fallbackCause ?? 'supported_regions unavailable');
  const result = buildResult(data.zoneId, data.mappings, data.supportedRegions, authority, data.source ?? 'api');
  if (data.coverage === undefined) return result;
  const { origins, place = () => [] } = data.coverage;
  return withCoverage(result, { report: classifyCoverage(origins, result.mappings, place), warnings: [] });
}

/**
 * The authority that validated a result, rebuilt from it, so that its consumers (the construct's data getters,
 * `check`) validate further values, such as expectations, against the same list the lookup used.
 */
export function regionAuthorityOf(result: ZoneLookupResult): RegionAuthority {
  return result.authority.kind === 'supported_regions' && result.supportedRegions !== undefined
    ? authorityFromSupportedRegions(result.supportedRegions)
    : catalogAuthority(result.authority.reason);
}
