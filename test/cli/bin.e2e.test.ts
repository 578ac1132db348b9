/**
 * The one spawned run of the real `origin-cloud-regions` entry point (lib/cli/main.ts, what the package's bin
 * compiles from): exit codes reach the shell and stdout and stderr stay apart. Every other CLI test calls
 * `runCli` in-process (test/support/cli.ts).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { baseEnv, runCliProcess } from '../support/cli';

const FIXTURES = path.join(__dirname, '..', 'readers', 'fixtures');

test('the real bin: 0 with the version on stdout, 1 with the usage error on stderr, 2 with the report on stdout', async () => {
  const [version, usage, drift] = await Promise.all([
    runCliProcess(['--version'], baseEnv()),
    runCliProcess(['list'], baseEnv()),
    runCliProcess(['diff', path.join(FIXTURES, 'snapshot-base.json'), path.join(FIXTURES, 'snapshot-head.json')], {
      ...baseEnv(),
      NO_COLOR: '1',
    }),
  ]);
  assert.deepEqual([version.code, version.stderr], [0, '']);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);

  assert.deepEqual([usage.code, usage.stdout], [1, '']);
  assert.match(usage.stderr, /required option '--zone <id>' not specified/);

  assert.deepEqual([drift.code, drift.stderr], [2, '']);
  assert.match(drift.stdout, /^<!-- origin-cloud-regions:diff:[0-9a-f]{12} -->\n/);
});
