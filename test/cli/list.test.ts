import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { baseEnv, runCli, type CliRun } from '../support/cli';
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { toApiMapping } from '../../lib/model/mapping';
import { expected } from '../client/helpers';

const TOKEN = 'tok_CLI_TEST_5a6b7c8d9e0f1a2b3c';
const ZONE = 'c11c11c11c11c11c11c11c11c11c11c1';
const seeded = generateMappings(45, 11);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings: seeded } }, credentials: { tokens: [TOKEN] } },
  });
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.resetStats();
});

function cli(args: string[], env: Record<string, string> = { CLOUDFLARE_API_TOKEN: TOKEN }): Promise<CliRun> {
  return runCli(args, {
    ...baseEnv(),
    CLOUDFLARE_BASE_URL: emulator.baseUrl,
    ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '1',
    ...env,
  });
}

test('list --format json prints exactly the seeded mappings, sorted, API field names, nothing else', async () => {
  const r = await cli(['list', '--zone', ZONE, '--format', 'json', '--per-page', '20']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), expected(seeded).map(toApiMapping));
  assert.equal(emulator.stats().requests, 3);
});

test('list prints a table for people with a count line', async () => {
  const r = await cli(['list', '--zone', ZONE]);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^ORIGIN IP\s+VENDOR\s+REGION\s+MODIFIED$/);
  assert.equal(lines.length, 1 + 45 + 1);
  const firstIp = expected(seeded)[0].originIp;
  assert.ok(lines[1].startsWith(firstIp));
  assert.match(lines.at(-1)!, new RegExp(`^45 mappings in zone ${ZONE} \\(1 page, 1 request\\)$`));
});

test('an API error: exit 1, one line on stderr, no stack, no secret', async () => {
  emulator.addFaults({
    kind: 'status',
    status: 403,
    body: {
      success: false,
      errors: [{ code: 10000, message: `Authentication error for ${TOKEN}` }],
      messages: [],
      result: null,
    },
  });
  const r = await cli(['list', '--zone', ZONE, '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '', 'nothing on stdout for scripts to misread');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^origin-cloud-regions: .*HTTP 403.*Zone Settings: Read.*\[OCR_CLOUDFLARE_API\]$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.ok(!r.stderr.includes(TOKEN));
});

test('--debug adds the stack and request lines, still without the secret', async () => {
  emulator.addFaults({
    kind: 'status',
    status: 403,
    body: {
      success: false,
      errors: [{ code: 10000, message: `Authentication error for ${TOKEN}` }],
      messages: [],
      result: null,
    },
  });
  const r = await cli(['list', '--zone', ZONE, '--debug']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\n\s+at /, 'stack shown');
  assert.match(r.stderr, /debug: GET .*HTTP 403/);
  assert.ok(!r.stderr.includes(TOKEN));
  assert.ok(r.stderr.includes('[REDACTED]'));
});

test('bad input: exit 1 with the fix, no request sent', async () => {
  for (const args of [
    ['list', '--zone', ZONE.toUpperCase()],
    ['list', '--zone', ZONE, '--per-page', '500'],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /lowercase|--per-page must be/);
  }
  const missing = await cli(['list', '--zone', ZONE], {});
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /CLOUDFLARE_API_TOKEN.*\[OCR_MISSING_CREDENTIALS\]/);
  const format = await cli(['list', '--zone', ZONE, '--format', 'yaml']);
  assert.equal(format.code, 1);
  assert.equal(emulator.stats().requests, 0);
});

test('a lookup slower than a second prints no progress line when stderr is not a terminal', async () => {
  emulator.setLatency(1200);
  try {
    const r = await cli(['list', '--zone', ZONE, '--format', 'json']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), expected(seeded).map(toApiMapping));
  } finally {
    emulator.setLatency(0);
  }
});

test('a list run loads only the error classes it may throw, not the errors entry point (start-up time)', async () => {
  // Each module of lib/ costs a CLI call about half a millisecond to load; the entry point loads all 12 files of
  // lib/errors. A fresh process, as the CLI runs.
  const script = `
    const { runCli } = require('./lib/cli/run.ts');
    const { Command } = require('commander');
    const out = [];
    const io = { stdout: { write: (s) => out.push(s) }, stderr: { write: () => true }, env: process.env };
    runCli(['node', 'origin-cloud-regions', 'list', '--zone', '${ZONE}', '--format', 'json'], new Command(), io).then((code) => {
      const loaded = Object.keys(require.cache).map((f) => f.split('/lib/').at(-1));
      console.log(JSON.stringify({ code, mappings: JSON.parse(out.join('')).length, errorsEntry: loaded.includes('errors/index.ts') }));
    });
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...baseEnv(), CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl },
  });
  assert.deepEqual(JSON.parse(stdout), { code: 0, mappings: seeded.length, errorsEntry: false });
});
