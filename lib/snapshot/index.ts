/**
 * Snapshots: one zone's lookup result saved to disk so synths can run offline and deterministically.
 * @packageDocumentation
 */
export {
  DEFAULT_SNAPSHOT_DIR,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  lookupFromSnapshot,
  snapshotFromLookup,
  snapshotPath,
  upperTierColosFor,
  zoneSnapshotSchema,
  type SnapshotLookup,
  type SnapshotSource,
  type SnapshotSupportedRegions,
  type ZoneSnapshot,
} from './format';
export { parseSnapshot, readSnapshot } from './read';
export { serializeSnapshot, writeSnapshot, type WriteSnapshotOptions } from './write';
export {
  CREATE_SNAPSHOT_HINT,
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
} from './errors';
