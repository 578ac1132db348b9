/**
 * Azure region names as the Service Tags file spells them (`properties.region` of the `AzureCloud.<region>`
 * tags) mapped to the Azure Resource Manager names that Cloudflare accepts.
 *
 * Sources, per entry:
 * - `centralfrance` → `francecentral` and `germanywc` → `germanywestcentral`: named as pairs in this
 *   project's issue 15, from real Service Tags snapshots.
 * - `norwaye`, `switzerlandn`, `brazilse`, `chilec`: named as Service Tags spellings in issue 15; the target is
 *   the one Azure Resource Manager region whose name starts with the spelling and ends with the abbreviated word
 *   (`e` east, `n` north, `se` southeast, `c` central), per Microsoft's list of Azure regions
 *   (https://learn.microsoft.com/azure/reliability/regions-list), which also lists the other regions of each
 *   country (`norwaywest`, `switzerlandwest`, `brazilsouth`) so that no other target fits.
 *
 * Issue 15 says "about ten" names differ; only the six above could be sourced. Any other Service Tags spelling is
 * used as written, so a mapping to such a region shows as `region_mismatch` naming the feed's spelling — visible,
 * not silently confirmed. Add entries here with their source.
 */
export const AZURE_REGION_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  centralfrance: 'francecentral',
  germanywc: 'germanywestcentral',
  norwaye: 'norwayeast',
  switzerlandn: 'switzerlandnorth',
  brazilse: 'brazilsoutheast',
  chilec: 'chilecentral',
});

/** Cloudflare's (Azure Resource Manager) spelling of an Azure region name; names without an alias are returned as given. */
export function azureRegionId(name: string): string {
  return Object.hasOwn(AZURE_REGION_ALIASES, name) ? AZURE_REGION_ALIASES[name] : name;
}
