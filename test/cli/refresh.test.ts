import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { runCli } from '../../lib/cli/run';
import { parseZonesFile } from '../../lib/cli/zones';
import { readRefreshState, refreshOrder, REFRESH_STATE_FILE } from '../../lib/cli/refresh-state';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { lookupZones } from '../../lib/lookup/lookup-zones';
import { DEMO_SEED, DEMO_TOKEN, DEMO_ZONE } from '../support/constants';

const TOKEN = 'tok_REFRESH_TEST_1a2b3c4d5e6f7a8b9c';
const zone = (n: number): string => n.toString(16).padStart(32, '0');
// Sorted by id: A < B < C < D. Pages at per_page 100: 3, 1, 2, 1; each zone also costs one supported_regions request.
const [A, B, C, D] = [0xa1, 0xa2, 0xa3, 0xa4].map(zone);
const SIZES: Record<string, number> = { [A]: 250, [B]: 50, [C]: 120, [D]: 10 };
let emulator: CloudflareApiEmulator;
let tmp: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: Object.fromEntries(
        Object.entries(SIZES).map(([id, n], i) => [id, { mappings: generateMappings(n, 10 + i) }]),
      ),
      credentials: { tokens: [TOKEN] },
    },
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-refresh-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.resetStats();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function refresh(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(['node', 'origin-cloud-regions', 'refresh', ...args], new Command(), {
    stdout,
    stderr,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl, ...env },
  });
  process.exitCode = undefined;
  return { code, stdout: out, stderr: err };
}

function folder(name: string): string {
  return path.join(tmp, name);
}

function files(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const id of Object.keys(SIZES)) {
    const file = path.join(dir, `${id}.json`);
    if (fs.existsSync(file)) out[id] = { bytes: fs.readFileSync(file, 'utf8'), mtimeMs: fs.statSync(file).mtimeMs };
  }
  return out;
}

/** Moves the first mapping of a zone to another region, so its data changes. */
function changeZone(id: string): void {
  const mappings = emulator.getMappings(id);
  mappings[0] = {
    ...mappings[0],
    region: mappings[0].region === 'us-east-1' ? 'us-west-2' : 'us-east-1',
    vendor: 'aws',
  };
  emulator.setMappings(id, mappings);
}

function stoppedBefore(stderr: string): string | undefined {
  return /stopped before zone ([0-9a-f]{32})/.exec(stderr)?.[1];
}

test('refresh continues across runs within --max-requests, least recently refreshed first', async () => {
  const dir = folder('fleet');
  const first = await refresh(['--snapshot-dir', dir, '--zone', C, '--zone', A, '--zone', B, '--zone', D]);
  assert.equal(first.code, 2, first.stderr);
  assert.equal(emulator.stats().requests, 4 + 2 + 3 + 2);
  assert.deepEqual(Object.keys(files(dir)).sort(), [A, B, C, D]);
  assert.deepEqual([...readRefreshState(dir).state.keys()].sort(), [A, B, C, D]);
  assert.match(first.stdout, /^<!-- origin-cloud-regions:/);

  changeZone(B);
  changeZone(D);
  const snapshotsBefore = files(dir);

  // Run 2 (the folder's zones): A costs 4, then B (2 more) would pass 5.
  emulator.resetStats();
  const second = await refresh(['--snapshot-dir', dir, '--max-requests', '5']);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(emulator.stats().requests, 4);
  assert.equal(stoppedBefore(second.stderr), B);
  assert.match(
    second.stderr,
    /refreshed 1 of 4 zones \(0 changed\), 4 requests sent \(retries included\) of at most 5/,
  );
  assert.match(second.stderr, new RegExp(`3 zones remain, next first: ${B}, ${C}, ${D}\\.`));
  assert.deepEqual(files(dir)[A], snapshotsBefore[A], 'unchanged: same bytes, same mtime');

  // Run 3 continues with B (changed) and C; D would pass the budget.
  emulator.resetStats();
  const third = await refresh(['--snapshot-dir', dir, '--max-requests', '5', '--format', 'json']);
  assert.equal(third.code, 2, third.stderr);
  assert.equal(emulator.stats().requests, 2 + 3);
  assert.equal(stoppedBefore(third.stderr), D);
  const report = JSON.parse(third.stdout) as {
    zones: { zone_id: string; added: unknown[]; removed: unknown[]; changed: unknown[] }[];
  };
  assert.deepEqual(
    report.zones.map((z) => [z.zone_id, z.added.length + z.removed.length + z.changed.length]),
    [
      [B, 1],
      [C, 0],
    ],
    'the report holds the zones refreshed: B changed (its first origin moved), C did not',
  );
  assert.notEqual(files(dir)[B].bytes, snapshotsBefore[B].bytes);
  assert.deepEqual(files(dir)[C], snapshotsBefore[C]);

  // Run 4: D, then A again.
  emulator.resetStats();
  const fourth = await refresh(['--snapshot-dir', dir, '--max-requests', '5']);
  assert.equal(fourth.code, 2, fourth.stderr);
  assert.equal(stoppedBefore(fourth.stderr), A);
  assert.match(fourth.stdout, new RegExp(D));
  assert.equal(emulator.stats().requests, 2);
});

test('a refresh without change leaves every snapshot byte-identical and untouched, exit 0', async () => {
  const dir = folder('steady');
  assert.equal((await refresh(['--snapshot-dir', dir, '--zone', A, '--zone', C])).code, 2);
  const snapshots = files(dir);
  const again = await refresh(['--snapshot-dir', dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(files(dir), snapshots);
  assert.match(again.stderr, /refreshed 2 of 2 zones \(0 changed\)/);
  assert.doesNotMatch(again.stderr, /stopped/);
});

test('the default budget is what the rate budget allows, and a spent budget stops the next run at once', async () => {
  const dir = folder('budget');
  // A limit of its own (7 per 10 minutes), so that no other test's budget is shared.
  const env = { ORIGIN_CLOUD_REGIONS_RATE_LIMIT: '7', ORIGIN_CLOUD_REGIONS_RATE_WINDOW_MS: '600000' };
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'zones.txt'), `# the fleet\n${A}\n\n${B}  # shop\n${C}\n`);
  const first = await refresh(['--snapshot-dir', dir, '--zones-file', path.join(dir, 'zones.txt')], env);
  assert.equal(first.code, 2, first.stderr);
  // A (first run: no snapshot, so about 2) costs 4, B 2; C would pass the 7 the budget had.
  assert.equal(stoppedBefore(first.stderr), C);
  assert.match(first.stderr, /of at most 7/);
  emulator.resetStats();
  const second = await refresh(['--snapshot-dir', dir, '--zones-file', path.join(dir, 'zones.txt')], env);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(stoppedBefore(second.stderr), C);
  assert.equal(emulator.stats().requests, 0, 'nothing was sent past the budget');
});

test('a failing zone is reported and the others still refresh: exit 1, no secret', async () => {
  const dir = folder('failing');
  emulator.addFaults({
    match: { path: B },
    kind: 'status',
    status: 403,
    body: { success: false, errors: [{ code: 10000, message: `Authentication error for ${TOKEN}` }] },
  });
  const run = await refresh(['--snapshot-dir', dir, '--zone', A, '--zone', B, '--zone', D]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, new RegExp(`failed: ${B}: .*OCR_CLOUDFLARE_API`));
  assert.deepEqual(Object.keys(files(dir)).sort(), [A, D]);
  assert.ok(!(run.stdout + run.stderr).includes(TOKEN));
});

test('supported_regions: a server error keeps the snapshot’s own; refused credentials fail the zone', async () => {
  const dir = folder('supported');
  assert.equal((await refresh(['--snapshot-dir', dir, '--zone', B, '--zone', D])).code, 2);
  const before = files(dir);
  emulator.addFaults({ match: { path: `${B}/origin/cloud_regions/supported_regions` }, kind: 'status', status: 503 });
  emulator.addFaults({ match: { path: `${D}/origin/cloud_regions/supported_regions` }, kind: 'status', status: 403 });
  const run = await refresh(['--snapshot-dir', dir, '--zone', B, '--zone', D], {
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '0',
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(
      `zone ${B}: supported_regions unavailable \\(request failed after 1 attempt, last HTTP 503\\); kept the snapshot's own`,
    ),
  );
  assert.deepEqual(files(dir)[B], before[B], 'the snapshot is as it was');
  assert.match(run.stderr, new RegExp(`failed: ${D}: .*HTTP 403.*OCR_CLOUDFLARE_API`));
  assert.deepEqual(files(dir)[D], before[D]);
});

test('--max-requests counts every request sent, retries included, and stops a failing zone’s retries at the cap', async () => {
  // The case: 20 zones whose every request answers 503, 3 attempts each. Charged their estimate (2), the
  // failed zones let 60 requests through a cap of 20.
  const dir = folder('all-failing');
  const zones = Array.from({ length: 20 }, (_, i) => zone(0xb00 + i));
  emulator.addFaults({ kind: 'status', status: 503 });
  const run = await refresh(['--snapshot-dir', dir, '--max-requests', '20', ...zones.flatMap((z) => ['--zone', z])], {
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '2',
  });
  assert.equal(emulator.stats().requests, 20, 'not one request past the cap');
  assert.equal(run.code, 1, run.stderr);
  // Zones 1-3 fail after their 3 + 3 attempts (18 requests); zone 4 starts (it should need 2) and is cut at 20.
  assert.equal((run.stderr.match(/failed: /g) ?? []).length, 3, run.stderr);
  assert.equal(stoppedBefore(run.stderr), zones[3]);
  assert.match(run.stderr, /--max-requests 20 is reached \(20 requests sent, retries included\)/);
  assert.match(run.stderr, /20 requests sent \(retries included\) of at most 20/);
  assert.match(run.stderr, /17 zones remain/);
});

test('bad input: an invalid zone in a zones file names its line; an empty folder says what to do', async () => {
  const dir = folder('bad');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'zones.txt'), `${A}\nnot-a-zone\n`);
  const bad = await refresh(['--snapshot-dir', dir, '--zones-file', path.join(dir, 'zones.txt')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /zones\.txt line 2/);
  const empty = await refresh(['--snapshot-dir', dir]);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /holds no <zone>\.json snapshot.*--zone or --zones-file/);
  assert.throws(() => parseZonesFile('0123', 'z.txt'), InvalidInputError);
  assert.deepEqual(parseZonesFile(`# c\n${A} # x\r\n\n`, 'z.txt'), [A]);
});

test('order: never refreshed first, then oldest; a broken state file is ignored', () => {
  const state = new Map([
    [A, '2026-01-02T00:00:00Z'],
    [B, '2026-01-01T00:00:00Z'],
  ]);
  assert.deepEqual(refreshOrder([A, B, D, C, A], state), [C, D, B, A]);
  const dir = folder('state');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, REFRESH_STATE_FILE), '<<<<<<< HEAD\n');
  const read = readRefreshState(dir);
  assert.equal(read.state.size, 0);
  assert.match(read.ignored ?? '', /not JSON/);
  fs.writeFileSync(
    path.join(dir, REFRESH_STATE_FILE),
    JSON.stringify({
      format: 'origin-cloud-regions-refresh-state',
      zones: { [A]: 'yesterday', '../x': '2026-01-01T00:00:00Z', [B]: '2026-01-01T00:00:00Z' },
    }),
  );
  assert.deepEqual([...readRefreshState(dir).state], [[B, '2026-01-01T00:00:00Z']]);
});

test('a folder where the state file goes: a typed error naming the fix, before any request', async () => {
  const dir = folder('state-folder');
  fs.mkdirSync(path.join(dir, REFRESH_STATE_FILE), { recursive: true });
  emulator.resetStats();
  const run = await refresh(['--snapshot-dir', dir, '--zone', A]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /Could not write the refresh state .*\.refresh-state\.json: a folder stands where the file goes \(EISDIR\)\. Remove or rename the folder .*, then run again\. \[OCR_FILE_WRITE_FAILED\]\n$/,
  );
  assert.equal(emulator.stats().requests, 0);
  assert.deepEqual(files(dir), {});
});

test('a folder that refuses writes (EACCES): the typed error, the summary, no temporary file; the next run reports the zone', async (t) => {
  const dir = folder('refused');
  assert.equal((await refresh(['--snapshot-dir', dir, '--zone', B])).code, 2);
  changeZone(B);
  // Root ignores file modes, so the refusal is injected where the temporary file is opened.
  const realFs = createRequire(__filename)('node:fs') as typeof fs;
  const openSync = realFs.openSync;
  const refuse = t.mock.method(realFs, 'openSync', (file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (String(file).endsWith('.tmp')) {
      throw Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', syscall: 'open' });
    }
    return openSync(file, flags ?? 'r', mode);
  });
  const run = await refresh(['--snapshot-dir', dir]);
  refuse.mock.restore();
  assert.equal(run.code, 1);
  assert.match(run.stderr, /refreshed 0 of 1 zone \(0 changed\), 2 requests sent \(retries included\)\n/);
  assert.match(
    run.stderr,
    /Could not write snapshot .*: permission denied \(EACCES\)\. Any previous snapshot there is unchanged\. Make .* writable by this user, then run again\. \[OCR_SNAPSHOT_WRITE_FAILED\]\n$/,
  );
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
  const next = await refresh(['--snapshot-dir', dir]);
  assert.equal(next.code, 2, next.stderr);
  assert.match(next.stdout, new RegExp(B));
});

test('temporary files of a killed writer are removed; those of a live process are not', async () => {
  const dir = folder('stale');
  assert.equal((await refresh(['--snapshot-dir', dir, '--zone', D])).code, 2);
  // A pid that no process has (above the kernel's limit), and this process's own.
  const dead = `.${D}.json.4194305.0123456789ab.tmp`;
  const live = `.${D}.json.${process.pid}.0123456789ab.tmp`;
  const state = `.refresh-state.json.4194305.0123456789ab.tmp`;
  for (const name of [dead, live, state, 'notes.4194305.0123456789ab.tmp']) fs.writeFileSync(path.join(dir, name), '');
  const run = await refresh(['--snapshot-dir', dir]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`removed \\${dead}, left by a run that was killed`));
  assert.deepEqual(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.tmp'))
      .sort(),
    [live, 'notes.4194305.0123456789ab.tmp'].sort(),
  );
});

const markerOf = (stdout: string): string | undefined => /^<!-- origin-cloud-regions:(\S+) -->/.exec(stdout)?.[1];

test('a repeat refresh counts the zones and mappings it checked, under the marker of the first run', async () => {
  const dir = folder('repeat');
  const first = await refresh(['--snapshot-dir', dir, '--zone', D, '--zone', B]);
  assert.equal(first.code, 2, first.stderr);
  const marker = markerOf(first.stdout);
  assert.match(marker ?? '', /^diff:[0-9a-f]{12}$/);

  const again = await refresh(['--snapshot-dir', dir, '--zone', D, '--zone', B]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /refreshed 2 of 2 zones \(0 changed\)/);
  assert.match(again.stdout, /^No drift: 60 mappings unchanged across 2 zones\.$/m);
  assert.equal(markerOf(again.stdout), marker, 'a sticky comment keyed on the marker finds the first one');

  // Cut short by the budget (one zone), or changed: still the marker of the zones asked for.
  const cut = await refresh(['--snapshot-dir', dir, '--zone', D, '--zone', B, '--max-requests', '2']);
  assert.notEqual(stoppedBefore(cut.stderr), undefined, cut.stderr);
  assert.match(cut.stdout, /^No drift: \d+ mappings unchanged across 1 zone\.$/m);
  assert.equal(markerOf(cut.stdout), marker);
  changeZone(B);
  const changed = await refresh(['--snapshot-dir', dir, '--zone', D, '--zone', B]);
  assert.equal(changed.code, 2, changed.stderr);
  assert.equal(markerOf(changed.stdout), marker);
  assert.match(changed.stdout, /across 2 zones/);
  assert.equal(
    markerOf((await refresh(['--snapshot-dir', dir, '--comment-id', 'fleet/origins'])).stdout),
    'fleet/origins',
  );
});

test('a snapshot folder that is a file: a typed error naming the file and the fix, before any request', async () => {
  const file = path.join(tmp, 'main.ts');
  fs.writeFileSync(file, 'export {};\n');
  emulator.resetStats();
  const cases: [string[], Record<string, string>, string][] = [
    [['--snapshot-dir', file, '--zone', A], {}, '--snapshot-dir'],
    [['--snapshot-dir', file], {}, '--snapshot-dir'],
    [['--snapshot-dir', path.join(file, 'snapshots')], {}, '--snapshot-dir'],
    [['--zone', A], { ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: file }, 'ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR'],
  ];
  for (const [args, env, setting] of cases) {
    const run = await refresh(args, env);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(
      run.stderr.includes(
        `${file} is a file, not a folder: the snapshot folder cannot be ${args.includes(file) || env.ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR ? 'it' : 'under it'}. Give the path of a folder (one that holds <zone>.json snapshots, or a new one) with ${setting}, or remove or rename the file. [OCR_INVALID_INPUT]`,
      ),
      run.stderr,
    );
    assert.doesNotMatch(run.stderr, /mkdir|cannot be read|EEXIST/);
  }
  assert.equal(emulator.stats().requests, 0);
  assert.equal(fs.readFileSync(file, 'utf8'), 'export {};\n');
});

test('the opposite: a folder where a snapshot or the journal goes, or given as the zones file, says so', async () => {
  const dir = folder('folders-as-files');
  fs.mkdirSync(path.join(dir, `${A}.json`), { recursive: true });
  const snap = await refresh(['--snapshot-dir', dir, '--zone', A]);
  assert.equal(snap.code, 1);
  assert.match(snap.stderr, /it is a folder, not a regular file/);
  assert.match(
    snap.stderr,
    /a folder stands where the file goes \(EISDIR\)\. .*Remove or rename the folder .*\[OCR_SNAPSHOT_WRITE_FAILED\]\n$/,
  );
  const journal = folder('journal-folder');
  fs.mkdirSync(path.join(journal, '.refresh-journal.jsonl'), { recursive: true });
  const j = await refresh(['--snapshot-dir', journal, '--zone', A]);
  assert.match(
    j.stderr,
    /refresh journal .*a folder stands where the file goes \(EISDIR\)\. Remove or rename the folder/,
  );
  const zones = await refresh(['--snapshot-dir', journal, '--zones-file', journal]);
  assert.match(zones.stderr, /it is a folder, not a regular file\. Give the path of a regular file\./);
});

/** The demo zone (one coverage gap of each kind) on its own emulator, with the sample IP range feeds. */
async function demoEmulator(): Promise<{ demo: CloudflareApiEmulator; env: Record<string, string> }> {
  const demo = await CloudflareApiEmulator.start({ seedFile: DEMO_SEED });
  const env = {
    CLOUDFLARE_API_TOKEN: DEMO_TOKEN,
    CLOUDFLARE_BASE_URL: demo.baseUrl,
    ORIGIN_CLOUD_REGIONS_CACHE_DIR: folder('coverage-cache'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: demo.ipRangeFeedUrl('aws.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: demo.ipRangeFeedUrl('gcp.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: demo.ipRangeFeedUrl('oci.json'),
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: demo.ipRangeFeedUrl('azure.json'),
  };
  return { demo, env };
}

/** The zone's coverage report from a lookup: online, or offline from the snapshots in `dir`. */
async function coverageReport(env: Record<string, string>, dir?: string): Promise<unknown> {
  const offline =
    dir === undefined ? {} : { ORIGIN_CLOUD_REGIONS_OFFLINE: '1', ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: dir };
  const [result] = await lookupZones([{ zoneId: DEMO_ZONE, coverage: true, client: { env } }], {
    env: { ...env, ...offline },
  });
  assert.equal(result.source, dir === undefined ? 'api' : 'snapshot');
  return result.coverage?.report;
}

function recordedOrigins(dir: string): string[] {
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, `${DEMO_ZONE}.json`), 'utf8')) as {
    coverage?: { origins: { address: string }[] };
  };
  return snapshot.coverage?.origins.map((o) => o.address) ?? [];
}

test('--coverage records the origins: an offline lookup of the snapshot reproduces the online coverage report', async () => {
  const { demo, env } = await demoEmulator();
  try {
    const dir = folder('coverage');
    // The budget estimate counts the origins' requests: list, supported_regions and 4 more do not fit in 5.
    const short = await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', dir, '--coverage', '--max-requests', '5'], env);
    assert.match(short.stderr, /it needs about 6 requests and 5 of --max-requests 5 are left/);
    assert.equal(demo.stats().requests, 0);

    const run = await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', dir, '--coverage'], env);
    assert.notEqual(run.code, 1, run.stderr);
    assert.ok(recordedOrigins(dir).includes('192.0.2.12'), 'the unmapped DNS origin is recorded');
    assert.ok(recordedOrigins(dir).includes('203.0.113.9'), 'the unmapped pool origin is recorded');
    const online = await coverageReport(env);
    assert.deepEqual(await coverageReport(env, dir), online);
    assert.equal((online as { unmapped: unknown[] }).unmapped.length, 2);

    // The environment variable turns it on too; without either, nothing is recorded.
    await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', folder('coverage-env')], {
      ...env,
      ORIGIN_CLOUD_REGIONS_COVERAGE: '1',
    });
    assert.ok(recordedOrigins(folder('coverage-env')).includes('192.0.2.12'));
    await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', folder('coverage-off')], env);
    assert.deepEqual(recordedOrigins(folder('coverage-off')), []);
  } finally {
    await demo.close();
  }
});

test('a snapshot that holds origins gets them again on a refresh without --coverage, never dropped', async () => {
  const { demo, env } = await demoEmulator();
  try {
    const dir = folder('coverage-kept');
    await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', dir, '--coverage'], env);
    // The unmapped DNS origin gets its mapping: the refreshed snapshot is rewritten, and its origins read again.
    demo.setMappings(DEMO_ZONE, [
      ...demo.getMappings(DEMO_ZONE),
      { origin_ip: '192.0.2.12', vendor: 'aws', region: 'us-east-1' },
    ]);
    const run = await refresh(['--zone', DEMO_ZONE, '--snapshot-dir', dir], env);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(recordedOrigins(dir).includes('192.0.2.12'), 'the origins are kept');
    const offline = (await coverageReport(env, dir)) as { unmapped: { ip: string }[] };
    assert.deepEqual(
      offline.unmapped.map((u) => u.ip),
      ['203.0.113.9'],
    );
    assert.deepEqual(offline, await coverageReport(env));
  } finally {
    await demo.close();
  }
});

test('the help lists --coverage', async () => {
  const run = await refresh(['--help']);
  assert.match(run.stdout + run.stderr, /--coverage\s+record each zone's origins in its snapshot/);
});
