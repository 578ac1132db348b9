/**
 * The region names the IP range feeds use for places no mapping can name: never a region to suggest.
 */

/** Region name used for anycast ranges (AWS `GLOBAL`, Google `global`), after normalization. */
export const GLOBAL_REGION = 'global';

/**
 * Region name used for prefixes a vendor lists without a region: Azure's global `AzureCloud` tag holds
 * prefixes that no `AzureCloud.<region>` tag places. The vendor is known, the region is not.
 */
export const UNKNOWN_REGION = 'unknown';

/**
 * Whether `region` is one of the pseudo-regions ({@link GLOBAL_REGION}, {@link UNKNOWN_REGION}): a place no mapping
 * can name, so never a did-you-mean.
 */
export function isPseudoRegion(region: string): boolean {
  return region === GLOBAL_REGION || region === UNKNOWN_REGION;
}
