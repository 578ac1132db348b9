/**
 * The synth-time lookup, engine-agnostic (no cdktf): fetch, validate, snapshot, and the synchronous bridge.
 * @packageDocumentation
 */
export { lookupZones, lookupZonesSettled, type LookupEnvironment } from './lookup-zones';
export { lookupZonesSync, lookupZonesSyncSettled, type SyncLookupOptions } from './sync';
export { LookupWorkerError } from '../errors/lookup';
export { deserializeError, serializeError, TRANSPORTED_ERROR_CLASSES, type SerializedError } from './error-transport';
export {
  fetchZone,
  recordedSupportedRegions,
  supportedRegionsFallbackCause,
  type FetchedZone,
  type FetchZoneOptions,
  type SupportedRegionsFallback,
} from './fetch-zone';
export { lookupResultOf, type LookupResultData } from './result';
export { resolveSnapshotSettings, type SnapshotSettings } from './settings';
export type {
  LookupAuthority,
  LookupClientOptions,
  ZoneLookupOutcome,
  ZoneLookupRequest,
  ZoneLookupResult,
} from './types';
