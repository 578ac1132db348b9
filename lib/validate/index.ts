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
export { validateExpectations } from './validate-expectations';
export { ipRangeFindings } from './ip-range-findings';
