/**
 * Snapshots: one zone's lookup result saved to disk so synths can run offline and deterministically.
 * @packageDocumentation
 */
export {
  DEFAULT_SNAPSHOT_DIR,
  MAX_SNAPSHOT_BYTES,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  checkedForWriting,
  lookupFromSnapshot,
  serializeSnapshot,
  snapshotFromLookup,
  snapshotPath,
  snapshotUpperTierColos,
  type SnapshotLookup,
  type SnapshotSource,
  type SnapshotSupportedRegion,
  type SnapshotSupportedRegions,
  type ZoneSnapshot,
} from './format';
export { READABLE_SNAPSHOT_VERSIONS, checkSnapshotData, type SnapshotCheck, type SnapshotRefusal } from './rules';
export { parseSnapshot, readSnapshot, snapshotFromJson, type ReadSnapshotOptions } from './read';
export { writeSnapshot, type SnapshotWriteResult, type WriteSnapshotOptions } from './write';
export {
  CREATE_SNAPSHOT_HINT,
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
  createSnapshotAdvice,
  type SnapshotInvalidErrorOptions,
  type SnapshotInvalidReason,
} from '../errors/snapshot';
