/**
 * The cdktf construct: a zone's origin cloud region mappings at synth time, as values, outputs and a drift marker.
 * @packageDocumentation
 */
export { OriginCloudRegions } from './origin-cloud-regions';
export { type ExpectPolicy, type MarkerKind, type OriginCloudRegionsProps } from './props';
export { resolverFromResults, type BatchResolver } from './registry';
export { lookupResultOf, type LookupResultData } from '../lookup/result';
export { type OutputSet } from './outputs';
