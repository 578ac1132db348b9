/**
 * How the CLI's own process is set up before a command runs. lib/cli/engine-flags.ts keeps WebAssembly on V8's
 * baseline compiler, so that a call does not wait at exit for V8 to compile undici's HTTP parser a second time; the
 * entry point also spares undici's HTTP/2 half (docs/performance.md). These tests fail when the entry point stops
 * doing either, when the flag stops keeping llhttp off TurboFan, or when V8 no longer compiles llhttp again without
 * it (then the flag has no reason left, and should go).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import ts from 'typescript';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { baseEnv } from '../support/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN = 'tok_ENGINE_FLAGS_1a2b3c4d5e6f7a8b9c';
const ZONE = 'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1';
let emulator: CloudflareApiEmulator;
let dir: string;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [ZONE]: { mappings: generateMappings(50, 3) } }, credentials: { tokens: [TOKEN] } },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-engine-flags-'));
});
after(async () => {
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI entry point loads the engine flags before anything else', () => {
  const source = fs.readFileSync(path.join(ROOT, 'lib', 'cli', 'main.ts'), 'utf8');
  assert.equal(/^import .*$/m.exec(source)?.[0], "import './engine-flags';");
});

test('with the engine flags, undici parses a list page without compiling llhttp with TurboFan; without them V8 does', async () => {
  // The module as the build compiles it, run without the TypeScript loader: the loader compiles WebAssembly of its
  // own before any module of this package could set a flag, and V8 prints one line per compiled function, to stdout.
  const flags = path.join(dir, 'engine-flags.js');
  const source = fs.readFileSync(path.join(ROOT, 'lib', 'cli', 'engine-flags.ts'), 'utf8');
  fs.writeFileSync(
    flags,
    ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText,
  );
  const request = `
    const { Pool } = require(${JSON.stringify(require.resolve('undici'))});
    const base = new URL(process.env.BASE_URL + '/');
    const pool = new Pool(base.origin);
    pool
      .request({ method: 'GET', path: base.pathname + 'zones/${ZONE}/origin/cloud_regions?per_page=100', headers: { authorization: 'Bearer ${TOKEN}' } })
      .then((res) => res.body.json())
      .then((page) => { process.stderr.write(String(page.result.length)); return pool.close(); });
  `;
  const compiled = async (preload: string[]) => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--trace-wasm-compilation-times', ...preload, '-e', request],
      { env: { ...baseEnv(), BASE_URL: emulator.baseUrl } },
    );
    const using = (compiler: string) =>
      stdout.split('\n').filter((line) => line.startsWith('Compiled function') && line.includes(`using ${compiler},`))
        .length;
    return { mappings: stderr, liftoff: using('Liftoff'), turbofan: using('TurboFan') };
  };
  const [withFlags, without] = await Promise.all([compiled(['--require', flags]), compiled([])]);
  assert.deepEqual([withFlags.mappings, without.mappings], ['50', '50']);
  assert.ok(withFlags.liftoff > 0 && without.liftoff > 0, 'both processes compile llhttp');
  assert.equal(withFlags.turbofan, 0);
  assert.ok(without.turbofan > 0, 'without the flags V8 compiles llhttp again with TurboFan');
});

test("a CLI list loads no node:http2: the entry point spares undici's HTTP/2 half", async () => {
  const report = path.join(dir, 'report-http2.js');
  fs.writeFileSync(
    report,
    "process.on('exit', () => process.stderr.write('http2 loaded: ' + process.moduleLoadList.includes('NativeModule http2')));",
  );
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      report,
      '--import',
      'tsx',
      path.join(ROOT, 'lib', 'cli', 'main.ts'),
      'list',
      '--zone',
      ZONE,
      '--format',
      'json',
    ],
    { cwd: ROOT, env: { ...baseEnv(), CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl } },
  );
  assert.equal((JSON.parse(stdout) as unknown[]).length, 50);
  assert.equal(stderr, 'http2 loaded: false');
});
