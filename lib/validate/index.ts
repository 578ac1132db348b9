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
  type RegionInfo,
} from './authority';
export {
  CATALOG_GENERATED,
  CLOUD_REGION_CATALOG,
  catalogRegions,
  type CatalogRegion,
  type CloudRegionCatalog,
} from './catalog';
export {
  describeSuggestion,
  suggestionValue,
  suggestRegion,
  suggestVendor,
  type RegionSuggestion,
  type SuggestionReason,
} from './suggest';
export {
  FINDING_KINDS,
  compareFindings,
  validateApiMappings,
  validateMappings,
  type ValidationFinding,
} from './validate-mappings';
export { InvalidExpectationError, type ExpectationProblem } from '../errors/expectations';
export { validateExpectations, type ExpectedMapping } from './validate-expectations';
export { ipRangeFindings, type VerdictForFinding } from './ip-range-findings';
