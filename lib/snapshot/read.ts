import { FolderIsAFileError, InputFileError, InputFileNotFoundError, InvalidJsonError } from '../errors/files';
import { ENV } from '../settings/names';
import { parseJsonText } from '../files/json-text';
import { readRegularTextFile } from '../files/read-regular-file';
import { MAX_SNAPSHOT_BYTES, checkSnapshotData, type ZoneSnapshot } from './rules';
import { SnapshotInvalidError, SnapshotMissingError, SnapshotZoneMismatchError } from '../errors/snapshot';

/**
 * Reads and validates a snapshot file, synchronously (a synth is). The file is untrusted (a pull request can edit
 * a committed snapshot): it must be a regular file of at most {@link MAX_SNAPSHOT_BYTES} (a FIFO or a device is
 * refused without being read), and its values pass the same rules as an API answer. `followSymlinks: false` for a
 * folder's entries: a link committed to a repository must not lead outside it.
 */
export function readSnapshot(
  file: string,
  expectedZoneId?: string,
  options: { readonly followSymlinks?: boolean } = {},
): ZoneSnapshot {
  let text: string;
  try {
    text = readRegularTextFile(file, {
      what: 'snapshot',
      maxBytes: MAX_SNAPSHOT_BYTES,
      followSymlinks: options.followSymlinks ?? true,
    });
  } catch (error) {
    if (error instanceof InputFileNotFoundError) throw new SnapshotMissingError(file, expectedZoneId, { cause: error });
    if (error instanceof FolderIsAFileError) {
      // Not a missing snapshot: writing one there would fail the same way.
      const setting = `${ENV.snapshotDir} or the construct's \`snapshotDir\``;
      throw new FolderIsAFileError(file, 'snapshot', error.folder, setting, { cause: error });
    }
    if (error instanceof InputFileError) {
      throw new SnapshotInvalidError(file, error.problem, { reason: 'file', cause: error });
    }
    throw error;
  }
  const snapshot = parseSnapshot(text, file);
  if (expectedZoneId !== undefined && snapshot.zoneId !== expectedZoneId) {
    throw new SnapshotZoneMismatchError(file, expectedZoneId, snapshot.zoneId);
  }
  return snapshot;
}

/** Parses and validates snapshot text (the pure half of {@link readSnapshot}); `file` names it in messages. */
export function parseSnapshot(text: string, file: string): ZoneSnapshot {
  let data: unknown;
  try {
    data = parseJsonText(text, file, 'snapshot');
  } catch (error) {
    if (!(error instanceof InvalidJsonError)) throw error;
    throw new SnapshotInvalidError(file, error.problem, {
      reason: error.conflictMarker ? 'merge-conflict' : 'json',
      cause: error,
    });
  }
  const checked = checkSnapshotData(data);
  if (checked.ok) return checked.snapshot;
  throw new SnapshotInvalidError(file, checked.problem, {
    reason: checked.refusal,
    ...(checked.field === undefined ? {} : { field: checked.field }),
  });
}
