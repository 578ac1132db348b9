import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileWriteError } from '../errors/files';
import { parseJsonOrUndefined } from '../files/json-text';
import { readHintTextFile } from '../files/read-regular-file';
import { quietly } from '../files/write-file';
import { ZONE_ID } from '../client/validate-input';
import { isRecord } from '../model/record';
import type { ZoneSnapshot } from '../snapshot/rules';
import { checkSnapshotData } from '../snapshot/rules';

// The zones a run replaced that no finished run has reported, one line `{"zoneId": "…", "before": <snapshot> | null}`
// each, flushed before the snapshot is replaced: a run killed at any point (`kill -9`, a cancelled job) leaves them
// for the next run to report. A line cut short by a kill is skipped.

/** File name of the journal inside the snapshot folder. */
export const REFRESH_JOURNAL_FILE = '.refresh-journal.jsonl';
/** Largest journal read: it holds one snapshot per replaced zone (a full zone is about 400 KB). */
const MAX_JOURNAL_BYTES = 512 * 1024 * 1024;

/** Zone id → the snapshot its file held before it was first replaced (`null`: there was none). */
type RefreshJournal = Map<string, ZoneSnapshot | null>;

/** Reads the journal of `dir`, keeping each zone's first entry; `ignored` says why the whole file was (too large). */
export function readRefreshJournal(dir: string): {
  readonly journal: RefreshJournal;
  readonly skippedLines: number;
  readonly ignored?: string;
} {
  const file = path.join(dir, REFRESH_JOURNAL_FILE);
  const read = readHintTextFile(file, { what: 'refresh journal', maxBytes: MAX_JOURNAL_BYTES, followSymlinks: false });
  if (read.text === undefined) return { journal: new Map(), skippedLines: 0, ...read };
  const journal: RefreshJournal = new Map();
  let skippedLines = 0;
  for (const line of read.text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseLine(line);
    if (entry === undefined) skippedLines += 1;
    else if (!journal.has(entry.zoneId)) journal.set(entry.zoneId, entry.before);
  }
  return { journal, skippedLines };
}

function parseLine(line: string): { zoneId: string; before: ZoneSnapshot | null } | undefined {
  const data = parseJsonOrUndefined(line);
  if (!isRecord(data)) return undefined;
  const { zoneId, before } = data;
  if (typeof zoneId !== 'string' || !ZONE_ID.test(zoneId)) return undefined;
  if (before === null) return { zoneId, before: null };
  const checked = checkSnapshotData(before);
  return checked.ok && checked.snapshot.zoneId === zoneId ? { zoneId, before: checked.snapshot } : undefined;
}

/**
 * Appends one zone to the journal and flushes it. A line cut short by a failed write is cut off again, and one cut
 * short by a killed run gets a line break first, so every later line stays readable.
 */
export function appendRefreshJournal(dir: string, zoneId: string, before: ZoneSnapshot | undefined): void {
  const file = path.join(dir, REFRESH_JOURNAL_FILE);
  let fd: number | undefined;
  let size = 0;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o644);
    size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const line = `${torn ? '\n' : ''}${JSON.stringify({ zoneId, before: before ?? null })}\n`;
    const bytes = Buffer.from(line, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
  } catch (error) {
    if (fd !== undefined) quietly(() => fs.ftruncateSync(fd!, size));
    throw new FileWriteError(file, 'refresh journal', error);
  } finally {
    if (fd !== undefined) quietly(() => fs.closeSync(fd!));
  }
}

/** Removes the journal once its zones are reported. @throws {@link FileWriteError} */
export function clearRefreshJournal(dir: string): void {
  const file = path.join(dir, REFRESH_JOURNAL_FILE);
  try {
    fs.rmSync(file, { force: true });
  } catch (error) {
    throw new FileWriteError(file, 'refresh journal', error);
  }
}
