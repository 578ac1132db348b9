import * as fs from 'node:fs';
import { canonicalIp } from '../model/ip';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, zoneSnapshotSchema, type ZoneSnapshot } from './format';
import { SnapshotInvalidError, SnapshotMissingError, SnapshotZoneMismatchError } from './errors';

/**
 * Reads and validates a snapshot file. Synchronous, so a synchronous synth can call it.
 *
 * @param file - the snapshot path
 * @param expectedZoneId - when given, the snapshot must hold this zone
 * @throws {@link SnapshotMissingError} when the file does not exist
 * @throws {@link SnapshotInvalidError} when it cannot be read, is not JSON, or is not a valid version-1 snapshot
 * @throws {@link SnapshotZoneMismatchError} when it holds another zone than `expectedZoneId`
 */
export function readSnapshot(file: string, expectedZoneId?: string): ZoneSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SnapshotMissingError(file, expectedZoneId, { cause: error });
    throw new SnapshotInvalidError(file, `it cannot be read (${code ?? String(error)})`, { cause: error });
  }
  const snapshot = parseSnapshot(text, file);
  if (expectedZoneId !== undefined && snapshot.zoneId !== expectedZoneId) {
    throw new SnapshotZoneMismatchError(file, expectedZoneId, snapshot.zoneId);
  }
  return snapshot;
}

/**
 * Parses and validates snapshot text (the pure half of {@link readSnapshot}).
 *
 * @param label - the file name used in error messages
 * @throws {@link SnapshotInvalidError} when the text is not a valid version-1 snapshot
 */
export function parseSnapshot(text: string, label: string): ZoneSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotInvalidError(label, `it is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new SnapshotInvalidError(label, `it has no "format": "${SNAPSHOT_FORMAT}" field`);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotInvalidError(
      label,
      typeof version === 'number' && version > SNAPSHOT_VERSION
        ? `it is format version ${version}, written by a newer cdktf-origin-cloud-regions than this one (which reads version ${SNAPSHOT_VERSION}); upgrade the package, or`
        : `its format version is ${JSON.stringify(version)}, expected ${SNAPSHOT_VERSION}`,
    );
  }
  const parsed = zoneSnapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SnapshotInvalidError(label, `${issue.path.join('.') || 'its root'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const [i, m] of parsed.data.mappings.entries()) {
    const ip = canonicalIp(m.origin_ip);
    if (seen.has(ip)) throw new SnapshotInvalidError(label, `mappings.${i}: origin ${ip} appears twice`);
    seen.add(ip);
  }
  return parsed.data;
}
