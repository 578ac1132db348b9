/**
 * `refresh` runs that die or fail part way, through the real CLI (a child process) against the emulator: a run killed
 * with SIGKILL after some zones were replaced has them reported by the next run; a full disk ends with a typed error
 * and the summary of what was done, and leaves no temporary file.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { REFRESH_JOURNAL_FILE } from '../../lib/cli/refresh-journal';
import { runCli } from '../support/cli';

const ROOT = path.join(__dirname, '..', '..');
const TOKEN = 'tok_REFRESH_JOURNAL_1a2b3c4d5e6f7a8b';
const ZONES = Array.from({ length: 12 }, (_, i) => (0xb00 + i).toString(16).padStart(32, '0'));
let emulator: CloudflareApiEmulator;
let tmp: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: Object.fromEntries(ZONES.map((id, i) => [id, { mappings: generateMappings(30, 100 + i) }])),
      credentials: { tokens: [TOKEN] },
    },
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-refresh-journal-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => emulator.clearFaults());

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
  };
}

/** Moves every zone's first mapping to another region: every zone's data changes. */
function changeEveryZone(): void {
  for (const id of ZONES) {
    const mappings = emulator.getMappings(id);
    const region = mappings[0].region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
    emulator.setMappings(id, [{ ...mappings[0], vendor: 'aws', region }, ...mappings.slice(1)]);
  }
}

function snapshots(dir: string): Map<string, string> {
  return new Map(
    ZONES.filter((id) => fs.existsSync(path.join(dir, `${id}.json`))).map((id) => [
      id,
      fs.readFileSync(path.join(dir, `${id}.json`), 'utf8'),
    ]),
  );
}

function cliChild(args: string[], extraEnv: NodeJS.ProcessEnv = {}, preload: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', ...preload, path.join(ROOT, 'lib', 'cli', 'main.ts'), 'refresh', ...args],
    { cwd: ROOT, env: { ...env(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function finished(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a run killed with SIGKILL after 4 of 12 changed zones were written: the next run reports all 12', async () => {
  const dir = path.join(tmp, 'killed');
  const first = await runCli(['refresh', '--snapshot-dir', dir], { ...env(), ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: dir });
  // The folder is empty at first: name the zones.
  assert.equal(first.code, 1);
  const seeded = await runCli(['refresh', '--snapshot-dir', dir, ...ZONES.flatMap((z) => ['--zone', z])], env());
  assert.equal(seeded.code, 2, seeded.stderr);
  changeEveryZone();
  const old = snapshots(dir);

  // Zone 5 onwards waits a minute for its supported regions: the run is killed while it waits, 4 zones written.
  emulator.addFaults({ match: { path: 'supported_regions' }, after: 4, kind: 'delay', delayMs: 60_000 });
  const child = cliChild(['--snapshot-dir', dir]);
  const done = finished(child);
  const changed = (): string[] => [...snapshots(dir)].filter(([id, text]) => old.get(id) !== text).map(([id]) => id);
  await until(() => changed().length >= 4, '4 snapshots are rewritten');
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  const killed = await done;
  assert.equal(killed.signal, 'SIGKILL');
  assert.equal(changed().length, 4, 'the run was killed with 4 zones written');
  emulator.clearFaults();

  const next = await runCli(['refresh', '--snapshot-dir', dir, '--format', 'json'], env());
  assert.equal(next.code, 2, next.stderr);
  const report = JSON.parse(next.stdout) as { zones: { zone_id: string; changed: unknown[] }[] };
  assert.deepEqual(
    report.zones.map((z) => z.zone_id),
    [...ZONES].sort(),
    'the 4 zones the killed run wrote are reported along with the other 8',
  );
  for (const zone of report.zones) assert.equal(zone.changed.length, 1, zone.zone_id);
  assert.match(next.stderr, /reporting 4 zones an earlier run replaced but did not report/);
  assert.match(next.stderr, /refreshed 12 of 12 zones \(12 changed, 4 replaced by an earlier run\)/);
  assert.equal(fs.existsSync(path.join(dir, REFRESH_JOURNAL_FILE)), false, 'reported: the journal is gone');
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );

  const again = await runCli(['refresh', '--snapshot-dir', dir], env());
  assert.equal(again.code, 0, 'reported once');
});

/** Whether this machine lets a process mount a small tmpfs in a user namespace of its own. */
function canMountSmallDisk(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = spawnSync('unshare', [
    '--user',
    '--map-root-user',
    '--mount',
    'sh',
    '-c',
    `mount -t tmpfs -o size=64k tmpfs "${tmp}"`,
  ]);
  return probe.status === 0;
}

test('a full disk: a typed error that names the fix, the summary of what was done, no temporary file', async () => {
  const dir = path.join(tmp, 'full');
  const args = ['--snapshot-dir', dir, ...ZONES.flatMap((z) => ['--zone', z])];
  let run: { code: number | null; stdout: string; stderr: string };
  let listing: string[];
  if (canMountSmallDisk() && process.env.OCR_TEST_FORCE_DISK_SEAM !== '1') {
    // A real full disk: a 48 KiB tmpfs over the folder, in a mount namespace of the child's own.
    fs.mkdirSync(dir, { recursive: true });
    const child = spawn(
      'unshare',
      [
        '--user',
        '--map-root-user',
        '--mount',
        'sh',
        '-c',
        'mount -t tmpfs -o size=48k tmpfs "$0" || exit 99; shift; out=$(mktemp -d); ' +
          '"$@" 2>"$out/err"; code=$?; ls -A "$0" > "$out/ls"; cat "$out/err" >&2; echo "::listing::" >&2; cat "$out/ls" >&2; exit $code',
        dir,
        'placeholder',
        process.execPath,
        '--import',
        'tsx',
        path.join(ROOT, 'lib', 'cli', 'main.ts'),
        'refresh',
        ...args,
      ],
      { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result = await finished(child);
    const [stderr, ls = ''] = result.stderr.split('::listing::\n');
    run = { code: result.code, stdout: result.stdout, stderr };
    listing = ls.split('\n').filter((l) => l !== '');
    console.log('# ENOSPC from a real 48 KiB tmpfs');
  } else {
    // No mount privileges: the same failure injected where the files are written (test/support/small-disk.ts).
    const child = cliChild(args, { OCR_TEST_SMALL_DISK_DIR: dir, OCR_TEST_SMALL_DISK_BYTES: String(48 * 1024) }, [
      '--import',
      path.join(ROOT, 'test', 'support', 'small-disk.ts'),
    ]);
    run = await finished(child);
    listing = fs.readdirSync(dir);
    console.log('# ENOSPC injected through the file-writing seam');
  }
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /the disk is full \(ENOSPC\)\..* Free space on the disk that holds .*, then run again\. \[OCR_(SNAPSHOT|FILE)_WRITE_FAILED\]\n$/,
  );
  assert.doesNotMatch(run.stderr, /^Error: ENOSPC/m, 'no raw error');
  const summary = /refreshed (\d+) of 12 zones \((\d+) changed\)/.exec(run.stderr);
  assert.ok(summary, run.stderr);
  const written = listing.filter((f) => /^[0-9a-f]{32}\.json$/.test(f));
  assert.ok(written.length >= 1 && written.length < 12, listing.join(' '));
  assert.equal(Number(summary[2]), written.length, 'the summary counts the zones written');
  assert.match(run.stdout, /^<!-- origin-cloud-regions:/, 'the report of the zones written is printed');
  for (const name of written) assert.ok(run.stdout.includes(name.slice(0, 32)), name);
  assert.deepEqual(
    listing.filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left behind',
  );
});
