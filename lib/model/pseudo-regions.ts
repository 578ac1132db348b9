/** The feeds' region of anycast ranges (AWS `GLOBAL`, Google `global`), after normalization. */
export const GLOBAL_REGION = 'global';

/** The feeds' region of prefixes listed without one: Azure's `AzureCloud` tag holds some no regional tag places. */
export const UNKNOWN_REGION = 'unknown';

/** Whether `region` is a place no mapping can name ({@link GLOBAL_REGION}, {@link UNKNOWN_REGION}): never suggested. */
export function isPseudoRegion(region: string): boolean {
  return region === GLOBAL_REGION || region === UNKNOWN_REGION;
}
