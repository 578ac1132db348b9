import { isPlausibleId } from '../model/mapping';

/**
 * Azure region names as the Service Tags file spells them (`properties.region`) mapped to the Azure Resource Manager
 * names Cloudflare accepts, for a region none of the file's own regional tags translates. Sources, per entry:
 * - `centralfrance`, `germanywc`: named as pairs in this project's issue 15, from real Service Tags snapshots.
 * - `norwaye`, `switzerlandn`, `brazilse`, `chilec`: Service Tags spellings named in issue 15; the target is the one
 *   region of Microsoft's list (https://learn.microsoft.com/azure/reliability/regions-list) that starts with the
 *   spelling and ends with the abbreviated word (`e` east, `n` north, `se` southeast, `c` central).
 * - `germanyn`, `norwayw`, `southfrance`, `switzerlandw`, `usstagec`, `usstagee`: the regional tags
 *   (`Sql.GermanyNorth`, `Sql.NorwayWest`, `Sql.FranceSouth`, `Sql.SwitzerlandWest`, `Sql.SouthCentralUSSTG`,
 *   `Sql.EastUSSTG`) of the files changeNumber 363 (2025-07) and 375 (2025-11), one of each in
 *   test/ipranges/fixtures/azure-375.json.
 * Any other spelling the file does not translate is used as written, so a mapping to it shows as `region_mismatch`
 * naming the feed's spelling: visible, not silently confirmed. Add entries here with their source.
 */
const AZURE_REGION_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  centralfrance: 'francecentral',
  germanywc: 'germanywestcentral',
  norwaye: 'norwayeast',
  switzerlandn: 'switzerlandnorth',
  brazilse: 'brazilsoutheast',
  chilec: 'chilecentral',
  germanyn: 'germanynorth',
  norwayw: 'norwaywest',
  southfrance: 'francesouth',
  switzerlandw: 'switzerlandwest',
  usstagec: 'southcentralusstg',
  usstagee: 'eastusstg',
});

/** Cloudflare's (Azure Resource Manager) spelling of an Azure region name; names without an alias are returned as given. */
export function azureRegionId(name: string): string {
  return Object.hasOwn(AZURE_REGION_ALIASES, name) ? AZURE_REGION_ALIASES[name] : name;
}

/** A Service Tags file's tag name (`Sql.GermanyNorth`) and `properties.region` (`germanyn`; empty when global). */
export interface ServiceTagName {
  readonly name: string;
  readonly region: string;
}

/**
 * The Service Tags spelling → Azure Resource Manager name of each region, read from the file's own regional tag
 * names: a tag `<Service>.<RegionName>` (the region part in PascalCase, such as `GermanyNorth`) with
 * `properties.region` `germanyn` says `germanyn` is `germanynorth`. A region is its own name when a tag names it
 * so (`Sql.EastUS2` for `eastus2`); otherwise the most frequent name wins (ties: the first in code-unit order), so
 * a stray tag cannot override the forty that agree. Regions no PascalCase tag names are left out (the caller falls
 * back to {@link AZURE_REGION_ALIASES}).
 */
export function azureRegionNamesFromTags(tags: Iterable<ServiceTagName>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const { name, region } of tags) {
    const dot = name.indexOf('.');
    const suffix = dot < 0 ? '' : name.slice(dot + 1);
    // All-lowercase suffixes (`AzureCloud.germanyn`) repeat the file's own spelling: they translate nothing.
    if (region === '' || suffix === suffix.toLowerCase()) continue;
    const id = suffix.toLowerCase();
    if (!isPlausibleId(id)) continue;
    const byId = counts.get(region) ?? new Map<string, number>();
    counts.set(region, byId.set(id, (byId.get(id) ?? 0) + 1));
  }
  const out = new Map<string, string>();
  for (const [region, byId] of counts) {
    if (byId.has(region)) {
      out.set(region, region);
      continue;
    }
    let best = '';
    let bestCount = 0;
    for (const [id, n] of byId) {
      if (n > bestCount || (n === bestCount && id < best)) [best, bestCount] = [id, n];
    }
    out.set(region, best);
  }
  return out;
}
