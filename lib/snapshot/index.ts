/**
 * Snapshots: one zone's lookup result saved to disk so synths can run offline and deterministically.
 * @packageDocumentation
 */
export { lookupFromSnapshot, snapshotUpperTierColos } from './format';
export { SNAPSHOT_FORMAT } from './rules';
export { parseSnapshot } from './read';
