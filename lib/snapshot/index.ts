/**
 * Snapshots: one zone's lookup result saved to disk so synths can run offline and deterministically.
 * @packageDocumentation
 */
export {
  lookupFromSnapshot,
  serializeSnapshot,
  snapshotFromLookup,
  snapshotPath,
  snapshotUpperTierColos,
  type SnapshotSource,
} from './format';
export { MAX_SNAPSHOT_BYTES, SNAPSHOT_FORMAT, checkSnapshotData, type ZoneSnapshot } from './rules';
export { parseSnapshot, readSnapshot, snapshotFromJson } from './read';
export { writeSnapshot } from './write';
