import { OriginCloudRegionsError } from '../errors';

/** The advice every "no usable snapshot" message ends with. */
export const CREATE_SNAPSHOT_HINT =
  'Run one online synth with ORIGIN_CLOUD_REGIONS_OFFLINE unset (and credentials set) to write it, then synth offline again.';

/** No snapshot file exists where one was expected (code `OCR_SNAPSHOT_MISSING`). */
export class SnapshotMissingError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;
  /** The zone the snapshot was wanted for, when known. */
  public readonly zoneId?: string;

  /**
   * @param path - the snapshot path that does not exist
   * @param zoneId - the zone the caller wanted
   */
  public constructor(path: string, zoneId?: string, options?: ErrorOptions) {
    super(
      'OCR_SNAPSHOT_MISSING',
      `No snapshot at ${path}${zoneId ? ` for zone ${zoneId}` : ''}. ${CREATE_SNAPSHOT_HINT}`,
      options,
    );
    this.path = path;
    if (zoneId !== undefined) this.zoneId = zoneId;
  }
}

/** A snapshot file exists but cannot be read or is not a valid snapshot (code `OCR_SNAPSHOT_INVALID`). */
export class SnapshotInvalidError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;

  /**
   * @param path - the snapshot path
   * @param problem - what is wrong, without the fix (the message adds it)
   */
  public constructor(path: string, problem: string, options?: ErrorOptions) {
    super(
      'OCR_SNAPSHOT_INVALID',
      `Snapshot ${path} is not usable: ${problem}. Delete it and ${lowerFirst(CREATE_SNAPSHOT_HINT)}`,
      options,
    );
    this.path = path;
  }
}

/** A valid snapshot was read, but it belongs to another zone (code `OCR_SNAPSHOT_ZONE_MISMATCH`). */
export class SnapshotZoneMismatchError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;
  /** The zone the caller wanted. */
  public readonly expectedZoneId: string;
  /** The zone the snapshot holds. */
  public readonly actualZoneId: string;

  /**
   * @param path - the snapshot path
   * @param expectedZoneId - the zone the caller wanted
   * @param actualZoneId - the zone inside the file
   */
  public constructor(path: string, expectedZoneId: string, actualZoneId: string) {
    super(
      'OCR_SNAPSHOT_ZONE_MISMATCH',
      `Snapshot ${path} holds zone ${actualZoneId}, not zone ${expectedZoneId}. ` +
        `Point the lookup at that zone's own snapshot (.origin-cloud-regions/<zoneId>.json), or ${lowerFirst(CREATE_SNAPSHOT_HINT)}`,
    );
    this.path = path;
    this.expectedZoneId = expectedZoneId;
    this.actualZoneId = actualZoneId;
  }
}

/** Writing a snapshot failed; the previous file, if any, is left as it was (code `OCR_SNAPSHOT_WRITE_FAILED`). */
export class SnapshotWriteError extends OriginCloudRegionsError {
  /** The path that was to be written. */
  public readonly path: string;

  /**
   * @param path - the snapshot path
   * @param reason - the underlying failure, without the fix
   */
  public constructor(path: string, reason: string, options?: ErrorOptions) {
    super(
      'OCR_SNAPSHOT_WRITE_FAILED',
      `Could not write snapshot ${path}: ${reason}. Any previous snapshot there is unchanged; ` +
        'make the folder writable (or set ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR to a writable folder) and synth again.',
      options,
    );
    this.path = path;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
