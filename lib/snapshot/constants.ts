import { SETTINGS } from '../settings/table';

// The constants of the snapshot format, in a module of their own so that the rules and the format
// modules can both import them without a cycle.

/** The `format` field of every snapshot file. */
export const SNAPSHOT_FORMAT = 'origin-cloud-regions-snapshot';
/**
 * The snapshot format version this package writes. Version 2 replaced version 1's `fetchedAt` (which
 * changed on every refresh) with `changedAt` and added `label`; version-1 files are still read.
 */
export const SNAPSHOT_VERSION = 2;
/** Default snapshot folder, relative to the app's working directory. */
export const DEFAULT_SNAPSHOT_DIR = SETTINGS.snapshotDir.default;
/**
 * Largest snapshot file read: 16 MiB. A zone has at most 3,500 mappings; their snapshot is about 0.5 MB,
 * and 1.9 MB with every vendor and region at the 200-character limit.
 */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
