import { baseEnv, runCli, type CliRun } from '../support/cli';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// No credentials and no terminal: help and version must need neither.
function cli(args: string[]): Promise<CliRun> {
  return runCli(args, baseEnv());
}

for (const command of ['list', 'diff', 'check', 'emulator']) {
  test(`${command} --help shows usage and at least one runnable example, on stdout only`, async () => {
    const r = await cli([command, '--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, new RegExp(`^Usage: origin-cloud-regions ${command} `));
    assert.match(r.stdout, /\nExamples:\n/);
    assert.match(r.stdout, new RegExp(`\\n  \\$ origin-cloud-regions ${command} \\S`));
  });
}

test('--help of the program lists every command and shows examples', async () => {
  const r = await cli(['--help']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  for (const command of ['list', 'diff', 'check', 'emulator']) assert.match(r.stdout, new RegExp(`\\n  ${command} `));
  assert.match(r.stdout, /\nExamples:\n {2}\$ origin-cloud-regions /);
});

for (const flag of ['--version', '-V']) {
  test(`${flag} prints exactly the package version and exits 0`, async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await cli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
    assert.equal(r.stderr, '');
  });
}

test('a usage error goes to stderr, exits 1 and points to --help', async () => {
  const r = await cli(['list']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /required option '--zone <id>' not specified/);
  assert.match(r.stderr, /run "origin-cloud-regions list --help" for usage and examples/);
});
