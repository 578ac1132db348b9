/**
 * The Cloudflare API client: complete, validated listings of a zone's origin cloud region mappings.
 * @packageDocumentation
 */
export { OriginCloudRegionsClient, listZones } from './client';
export type { MappingList } from './listing';
export type { ClientOptions } from './options';
export { resolveClientConfig } from './config';
export { processRequestLimiter } from './limiter';
export { RequestBudget } from './budget';
