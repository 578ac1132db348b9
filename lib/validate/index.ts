/**
 * Vendor and region validation: the authority (live `supported_regions` or the bundled catalog),
 * did-you-mean suggestions, and validation of fetched mappings and declared expectations.
 */
export {
  authorityFromSupportedRegions,
  catalogAuthority,
  catalogFallbackReason,
  isKnownRegion,
  upperTierColosFor,
  type RegionAuthority,
} from './authority';
export { CATALOG_GENERATED, CLOUD_REGION_CATALOG, catalogRegions } from './catalog';
export { suggestRegion, suggestVendor } from './suggest';
export { validateApiMappings, validateMappings, type ValidationFinding } from './validate-mappings';
export { InvalidExpectationError } from '../errors/expectations';
export { validateExpectations } from './validate-expectations';
export { ipRangeFindings } from './ip-range-findings';
