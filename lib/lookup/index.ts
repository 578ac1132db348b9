/**
 * The synth-time lookup, engine-agnostic (no cdktf): fetch, validate, snapshot, and the synchronous bridge.
 * @packageDocumentation
 */
export { lookupZones, lookupZonesSettled, type LookupEnvironment } from './lookup-zones';
export { lookupZonesSync, lookupZonesSyncSettled } from './sync';
export { deserializeError, serializeError } from './error-transport';
export { supportedRegionsFallbackCause } from './fetch-zone';
export type {
  LookupAuthority,
  LookupClientOptions,
  ZoneLookupOutcome,
  ZoneLookupRequest,
  ZoneLookupResult,
} from './types';
