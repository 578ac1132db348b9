import catalogJson from './cloud-regions.json';

/** One region of a vendor in the bundled catalog. */
export interface CatalogRegion {
  /** Region identifier as the vendor's APIs spell it, for example `us-east-1`. */
  readonly id: string;
  /** The vendor's display name, for example `US East (N. Virginia)`; `null` where no vendor source names it. */
  readonly name: string | null;
  /** `null` for public regions; `gov`, `china` or `sovereign` for separate partitions or realms. */
  readonly special: string | null;
}

/** The feed version the catalog was last refreshed from: `syncToken`, `last_updated_timestamp` or `changeNumber`. */
export interface CatalogFeed {
  readonly version: string;
  /** AWS `createDate`, Google `creationTime`. */
  readonly date?: string;
}

/** The bundled `cloud-regions.json`, with the sources of each vendor's list (a JSON import: `tsc` copies it). */
export interface CloudRegionCatalog {
  /** YYYY-MM-DD. */
  readonly generated: string;
  readonly feeds?: Readonly<Record<string, CatalogFeed>>;
  readonly vendors: Readonly<
    Record<string, { readonly regions: readonly CatalogRegion[]; readonly sources: readonly string[] }>
  >;
}

/** The bundled catalog; the typed assignment makes tsc check the JSON's shape. */
export const CLOUD_REGION_CATALOG: CloudRegionCatalog = catalogJson;

/** Date (YYYY-MM-DD) the bundled catalog was generated; quoted in the authority's reason. */
export const CATALOG_GENERATED: string = CLOUD_REGION_CATALOG.generated;

/** The catalog's regions of `vendor`, or an empty list for a vendor it does not hold. */
export function catalogRegions(vendor: string): readonly CatalogRegion[] {
  return Object.hasOwn(CLOUD_REGION_CATALOG.vendors, vendor) ? CLOUD_REGION_CATALOG.vendors[vendor].regions : [];
}
