import * as path from 'node:path';
import { OriginCloudRegionsError } from './base';
import { forTerminal } from '../sinks/terminal';
import { capitalize, describeWriteFailure } from './files';

// How to write a snapshot, as one clause: what an online synth needs for it. Every "no usable snapshot" message ends with it.
const CREATE_SNAPSHOT_HINT =
  `run one online synth with snapshot writing on (\`snapshot: true\` on the construct, or ORIGIN_CLOUD_REGIONS_SNAPSHOT=1), ` +
  `ORIGIN_CLOUD_REGIONS_OFFLINE unset and Cloudflare credentials set`;

function createSnapshotAdvice(file: string): string {
  return `${CREATE_SNAPSHOT_HINT}; it writes ${forTerminal(file)}`;
}

/** No snapshot file exists where one was expected. */
export class SnapshotMissingError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;
  /** The zone the snapshot was wanted for, when known. */
  public readonly zoneId?: string;

  public constructor(file: string, zoneId?: string, options?: ErrorOptions) {
    super(
      'OCR_SNAPSHOT_MISSING',
      `No snapshot at ${forTerminal(file)}${zoneId === undefined ? '' : ` for zone ${forTerminal(zoneId)}`}. ` +
        `To write it, ${createSnapshotAdvice(file)}; then commit it. ` +
        `If the snapshots are in another folder, point ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR (or the construct's \`snapshotDir\`) at it.`,
      options,
    );
    this.path = file;
    if (zoneId !== undefined) this.zoneId = zoneId;
  }
}

/** Why a snapshot file is not usable, for {@link SnapshotInvalidError.reason}. */
export type SnapshotInvalidReason = 'file' | 'json' | 'merge-conflict' | 'not-a-snapshot' | 'newer-version' | 'content';

/** Options of {@link SnapshotInvalidError}. */
export interface SnapshotInvalidErrorOptions extends ErrorOptions {
  /** The field path, such as `mappings[3].region`, when one field is at fault. */
  readonly field?: string;
  /** Why the file is not usable; chooses the advice. Default `content`. */
  readonly reason?: SnapshotInvalidReason;
}

/** A snapshot file exists but cannot be read or is not a valid snapshot; the message never quotes the file. */
export class SnapshotInvalidError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;
  /** The field path at fault, such as `mappings[3].region`, when one field is. */
  public readonly field?: string;
  /** What is wrong, without the file, the field or the fix. */
  public readonly problem: string;
  /** Why the file is not usable. */
  public readonly reason: SnapshotInvalidReason;

  public constructor(file: string, problem: string, options: SnapshotInvalidErrorOptions = {}) {
    const reason = options.reason ?? 'content';
    const what = options.field === undefined ? problem : `${options.field} ${problem}`;
    super(
      'OCR_SNAPSHOT_INVALID',
      `Snapshot ${forTerminal(file)} is not usable: ${what}. ${fixFor(reason, file, options.field)}`,
      options,
    );
    this.path = file;
    if (options.field !== undefined) this.field = options.field;
    this.problem = problem;
    this.reason = reason;
  }
}

function fixFor(reason: SnapshotInvalidReason, file: string, field: string | undefined): string {
  // A snapshot write replaces whatever file is there, except a folder: only then must the user delete it first.
  const rewrite = `write it again: ${createSnapshotAdvice(file)}.`;
  switch (reason) {
    case 'merge-conflict':
      return `Resolve the merge conflict (keep one side), or ${rewrite}`;
    case 'newer-version':
      return `Upgrade cdktf-origin-cloud-regions to read it, or ${rewrite}`;
    case 'content':
      return `Correct ${field ?? 'the file'} (a hand edit or a pull request may have changed it), or ${rewrite}`;
    case 'not-a-snapshot':
      return `Check that the path names a snapshot, or ${rewrite}`;
    case 'json':
      return capitalize(rewrite);
    case 'file':
      return `Remove it, then ${rewrite}`;
  }
}

/** A valid snapshot was read, but it belongs to another zone. */
export class SnapshotZoneMismatchError extends OriginCloudRegionsError {
  /** The path that was read. */
  public readonly path: string;
  /** The zone the caller wanted. */
  public readonly expectedZoneId: string;
  /** The zone the snapshot holds. */
  public readonly actualZoneId: string;

  public constructor(file: string, expectedZoneId: string, actualZoneId: string) {
    const shown = forTerminal(file);
    // The file holds zone A's data: deleting or overwriting it would lose that, so the advice moves it aside.
    const cause =
      path.basename(file) === `${expectedZoneId}.json`
        ? `The file is named for zone ${expectedZoneId}, so it was copied or renamed: ` +
          `if zone ${actualZoneId} needs it, move it to ${forTerminal(path.join(path.dirname(file), `${actualZoneId}.json`))}`
        : `The construct's \`snapshot\` path is shared with zone ${actualZoneId}, or points at the wrong file: ` +
          `give each zone its own path`;
    super(
      'OCR_SNAPSHOT_ZONE_MISMATCH',
      `Snapshot ${shown} holds zone ${actualZoneId}, not zone ${expectedZoneId}. ${cause}. ` +
        `Then, to write zone ${expectedZoneId}'s snapshot, ${CREATE_SNAPSHOT_HINT}.`,
    );
    this.path = file;
    this.expectedZoneId = expectedZoneId;
    this.actualZoneId = actualZoneId;
  }
}

/** Writing a snapshot failed; the previous file, if any, is left as it was. */
export class SnapshotWriteError extends OriginCloudRegionsError {
  /** The path that was to be written. */
  public readonly path: string;
  /** The system error's code (`ENOSPC`, `EACCES`, `EISDIR`, …), when the file system gave one. */
  public readonly errno?: string;

  // A system error as `options.cause` gives its own words instead of `reason`.
  public constructor(file: string, reason: string, options?: ErrorOptions) {
    const failure = options?.cause === undefined ? undefined : describeWriteFailure(options.cause, file);
    const known = failure?.errno !== undefined;
    super(
      'OCR_SNAPSHOT_WRITE_FAILED',
      `Could not write snapshot ${forTerminal(file)}: ${known ? failure.problem : reason}. Any previous snapshot there is unchanged. ` +
        (known
          ? failure.fix
          : `Make the folder writable (or set ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR to a writable folder), then run again.`),
      options,
    );
    this.path = file;
    if (known) this.errno = failure.errno;
  }
}

/** Two zones of one lookup are set to write the same snapshot file; raised before either is written. */
export class SnapshotPathSharedError extends OriginCloudRegionsError {
  /** The file both zones would write. */
  public readonly path: string;
  /** The two zones, in request order. */
  public readonly zoneIds: readonly [string, string];

  public constructor(file: string, first: string, second: string) {
    super(
      'OCR_SNAPSHOT_PATH_SHARED',
      `Zones ${first} and ${second} are both set to write the snapshot ${forTerminal(file)}, so one would silently ` +
        `replace the other; neither was written. Give each zone its own \`snapshot\` path, or \`snapshot: true\` ` +
        `(each zone then writes <snapshotDir>/<zoneId>.json).`,
    );
    this.path = file;
    this.zoneIds = [first, second];
  }
}
