import catalogJson from './cloud-regions.json';

/**
 * The bundled catalog of cloud regions (`cloud-regions.json`, shipped inside the package with the
 * sources each vendor's list was taken from). A JSON import, so `tsc` copies the file into `dist`.
 */

/** One region of a vendor in the bundled catalog. */
export interface CatalogRegion {
  /** Region identifier as the vendor's APIs spell it, for example `us-east-1`. */
  readonly id: string;
  /** The vendor's display name, for example `US East (N. Virginia)`; `null` where no vendor source names it. */
  readonly name: string | null;
  /** `null` for public regions; `gov`, `china` or `sovereign` for separate partitions or realms. */
  readonly special: string | null;
}

/** The version of a vendor's IP range feed the catalog was last refreshed from (`scripts/refresh-catalog.ts`). */
export interface CatalogFeed {
  /** The feed's version stamp: AWS and Google `syncToken`, Oracle `last_updated_timestamp`, Azure `changeNumber`. */
  readonly version: string;
  /** The feed's own date (AWS `createDate`, Google `creationTime`), when it has one. */
  readonly date?: string;
}

/** Shape of the bundled `cloud-regions.json`. */
export interface CloudRegionCatalog {
  /** Date (YYYY-MM-DD) the catalog was generated. */
  readonly generated: string;
  /** Vendor → the IP range feed version whose regions the catalog covers. */
  readonly feeds?: Readonly<Record<string, CatalogFeed>>;
  /** Vendor → its regions and the sources they come from. */
  readonly vendors: Readonly<
    Record<string, { readonly regions: readonly CatalogRegion[]; readonly sources: readonly string[] }>
  >;
}

// The assignment makes tsc check the JSON's shape against the interface at compile time.
const CATALOG: CloudRegionCatalog = catalogJson;

/** The bundled catalog, read-only. */
export const CLOUD_REGION_CATALOG: CloudRegionCatalog = CATALOG;

/** Date (YYYY-MM-DD) the bundled catalog was generated; quoted in the authority's reason. */
export const CATALOG_GENERATED: string = CATALOG.generated;

/** The catalog's regions of `vendor`, or an empty list for a vendor it does not hold. */
export function catalogRegions(vendor: string): readonly CatalogRegion[] {
  return Object.prototype.hasOwnProperty.call(CATALOG.vendors, vendor) ? CATALOG.vendors[vendor].regions : [];
}
