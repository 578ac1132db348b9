import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';

/*
 * The unit suite runs in a few processes, each loading a share of the unit test files, instead of one process per
 * file: starting a process with the TypeScript loader and the library costs about a second of CPU, which across
 * ~60 files was most of the suite's time on two cores. `npm run test:unit` runs every file of test/unit-shards/
 * with `node --test`; each of those files calls loadUnitShard(__filename).
 *
 * Which files are unit tests is decided here, by path (docs/development.md): not under test/e2e, test/cdktn or
 * test/examples, not named `*.e2e.test.ts`, and not `*.own-process.test.ts` (a unit test that needs a fresh
 * process, e.g. one that sets a process-wide setting before the library reads it; npm runs those on their own).
 *
 * Timeouts are per test. `node --test --test-timeout` times each *file* (here a whole shard of ~10 files), and on
 * Node 20 the child process running the file does not see the flag, so a shard slowed down by a busy machine was
 * cancelled as a whole although no test in it hung. A shard therefore gives each test and hook of its files a
 * timeout of its own ({@link UNIT_TEST_TIMEOUT_MS}); `npm run test:unit` keeps only a generous per-process backstop.
 */

/**
 * The timeout of one unit test (or hook) run in a shard. Idle, the slowest unit test takes about 3 s; this leaves
 * room for a 2-core machine with a dozen busy processes beside it (measured: below 25 s there).
 */
export const UNIT_TEST_TIMEOUT_MS = 120_000;

const TEST_ROOT = path.resolve(__dirname, '..');
const SHARD_DIR = path.join(TEST_ROOT, 'unit-shards');
const E2E_FOLDERS = ['e2e', 'cdktn', 'examples'];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Every unit test file, in a stable order (relative to test/). */
export function unitTestFiles(): string[] {
  return walk(TEST_ROOT)
    .map((file) => path.relative(TEST_ROOT, file).split(path.sep).join('/'))
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => !file.endsWith('.e2e.test.ts') && !file.endsWith('.own-process.test.ts'))
    .filter((file) => !E2E_FOLDERS.includes(file.split('/')[0]))
    .sort();
}

/** The shard files (`test/unit-shards/shard-<i>.ts`), in order. */
export function shardFiles(): string[] {
  return fs
    .readdirSync(SHARD_DIR)
    .filter((name) => /^shard-\d+\.ts$/.test(name))
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
}

/** The unit test files of shard `index` of `count`: every count-th file, so slow folders spread out. */
export function shardOf(files: readonly string[], index: number, count: number): string[] {
  return files.filter((_, i) => i % count === index);
}

/**
 * Loads (and so registers the tests of) this shard's share of the unit test files, each inside a suite named for
 * the file: a file's top-level hooks (`before`, `beforeEach`, …) then apply to its own tests only, as they would
 * in a process of its own, not to every test of the shard.
 */
export function loadUnitShard(shardFile: string): void {
  const shards = shardFiles();
  const index = shards.indexOf(path.basename(shardFile));
  if (index < 0) throw new Error(`${shardFile} is not a shard file of ${SHARD_DIR}`);
  giveEachTestATimeout(UNIT_TEST_TIMEOUT_MS);
  for (const file of shardOf(unitTestFiles(), index, shards.length)) {
    void describe(`test/${file}`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading test files is the point
      require(path.join(TEST_ROOT, file));
    });
  }
}

type Registrar = (...args: unknown[]) => unknown;

/**
 * Makes `test`, `it` and the hooks of `node:test` give what they register a timeout of `ms` unless it sets one.
 * Test files compiled to CommonJS read `require('node:test').test` at each call, so replacing the module's export
 * reaches them; suites (`describe`) get none, so a file's tests are timed one by one, not together.
 */
export function giveEachTestATimeout(ms: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, not a namespace copy
  const exports = require('node:test') as Record<string, Registrar>;
  const withTimeout = (options: unknown): object =>
    typeof options === 'object' && options !== null ? { timeout: ms, ...options } : { timeout: ms };
  for (const name of ['test', 'it'] as const) {
    const register = exports[name];
    // test([name][, options][, fn]): the options are the one object argument.
    exports[name] = Object.assign((...args: unknown[]) => {
      const title = args.find((a) => typeof a === 'string');
      const options = args.find((a) => typeof a === 'object' && a !== null);
      const fn = args.find((a) => typeof a === 'function');
      return register(title, withTimeout(options), fn);
    }, register);
  }
  for (const name of ['before', 'after', 'beforeEach', 'afterEach'] as const) {
    const register = exports[name];
    exports[name] = (fn: unknown, options?: unknown) => register(fn, withTimeout(options));
  }
}
