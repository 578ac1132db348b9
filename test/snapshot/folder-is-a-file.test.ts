import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderIsAFileError, SnapshotInvalidError, SnapshotWriteError } from '../../lib/errors';
import { readRegularTextFile } from '../../lib/files/read-regular-file';
import { lookupZones } from '../../lib/lookup/lookup-zones';
import { readSnapshot } from '../../lib/snapshot/read';
import { snapshotFromLookup, snapshotPath } from '../../lib/snapshot/format';
import { writeSnapshot } from '../../lib/snapshot/write';
import { ZONE } from '../support/generate-zones';

// A user's report: ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR=main.ts (a file) got "No snapshot at main.ts/<zone>.json … run one
// online synth", whose advice then failed with "mkdir call failed (EEXIST) … check that main.ts exists".
let dir: string;
let mainTs: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-folder-file-'));
  mainTs = path.join(dir, 'main.ts');
  fs.writeFileSync(mainTs, 'export {};\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const snapshot = snapshotFromLookup({
  zoneId: ZONE,
  mappings: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }],
  supportedRegions: null,
  fetchedAt: new Date('2026-01-01T00:00:00Z'),
});

test('offline: a snapshot folder that is a file says so and names the setting, not "no snapshot"', async () => {
  const env = { ORIGIN_CLOUD_REGIONS_OFFLINE: '1', ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: mainTs };
  await assert.rejects(
    lookupZones([{ zoneId: ZONE }], { env }),
    (e: unknown) =>
      e instanceof FolderIsAFileError &&
      e.code === 'OCR_FOLDER_IS_A_FILE' &&
      e.folder === mainTs &&
      e.message.includes(
        `${mainTs} is a file, not a folder. Give the path of a folder instead, or remove or rename the file ${mainTs} (ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR`,
      ) &&
      !e.message.includes('online synth'),
  );
  // Deeper: a folder under the file names the file.
  assert.throws(
    () => readSnapshot(snapshotPath(path.join(mainTs, 'snapshots'), ZONE), ZONE),
    (e: unknown) => e instanceof FolderIsAFileError && e.folder === mainTs,
  );
  // Any reader of user files says the same.
  assert.throws(
    () => readRegularTextFile(path.join(mainTs, 'zones.txt'), { what: 'zones file' }),
    (e: unknown) => e instanceof FolderIsAFileError && e.message.includes(`${mainTs} is a file, not a folder`),
  );
});

test('writing: a snapshot folder that is a file names that file and the fix, not a failed mkdir', () => {
  for (const folder of [mainTs, path.join(mainTs, 'snapshots')]) {
    assert.throws(
      () => writeSnapshot(snapshotPath(folder, ZONE), snapshot),
      (e: unknown) =>
        e instanceof SnapshotWriteError &&
        e.errno === 'ENOTDIR' &&
        e.message.includes(`: ${mainTs} is a file, not a folder (ENOTDIR).`) &&
        e.message.includes(
          `Give the path of a folder instead, or remove or rename the file ${mainTs}, then run again.`,
        ) &&
        !e.message.includes('mkdir'),
      folder,
    );
  }
  assert.equal(fs.readFileSync(mainTs, 'utf8'), 'export {};\n', 'the file is untouched');
});

test('the opposite: a folder where the snapshot goes says so, reading and writing', () => {
  const file = snapshotPath(path.join(dir, 'snapshots'), ZONE);
  fs.mkdirSync(file, { recursive: true });
  assert.throws(
    () => readSnapshot(file, ZONE),
    (e: unknown) =>
      e instanceof SnapshotInvalidError &&
      /is not usable: it is a folder, not a regular file\. Remove it/.test(e.message),
  );
  assert.throws(
    () => writeSnapshot(file, snapshot),
    (e: unknown) =>
      e instanceof SnapshotWriteError &&
      e.message.includes(
        `a folder stands where the file goes (EISDIR). Any previous snapshot there is unchanged. Remove or rename the folder ${file}`,
      ),
  );
});
