import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const SHARD = path.join(__dirname, 'fixtures', 'timed-shard.ts');

// The runner's own --test-timeout times the whole process; the shard's timeouts time each test. Steps of 1 s
// against a per-test timeout of 3 s: the five tests take over 4 s together, and a loaded machine may stretch each step
// well past 1 s without reaching 3 s.
test('a shard times each test, not the whole shard: slow tests pass, the hanging one fails alone, by name', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-timeout=600000', SHARD],
    {
      encoding: 'utf8',
      // Without NODE_TEST_CONTEXT (set for this file's own process): the child is a runner of its own.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, SHARD_TEST_TIMEOUT_MS: '3000', SHARD_TEST_STEP_MS: '1000' },
      timeout: 300_000,
    },
  );
  const out = run.stdout;
  assert.equal(run.status, 1, out);
  // node counts a test stopped by its timeout as cancelled; the other four ran to the end.
  assert.match(out, /# pass 4\n/, out);
  assert.match(out, /# fail 0\n/, out);
  assert.match(out, /# cancelled 1\n/, out);
  assert.match(out, /not ok \d+ - the hanging test\n[\s\S]*?test timed out after 3000ms/, out);
  for (const name of ['first slow test', 'second slow test', 'third slow test', 'a test with a timeout of its own']) {
    assert.match(out, new RegExp(`\\nok \\d+ - ${name}\\n|\\n\\s+ok \\d+ - ${name}\\n`), `${name}\n${out}`);
  }
});
