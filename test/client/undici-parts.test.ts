import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import * as whole from 'undici';
import { undici, undiciParts } from '../../lib/client/undici';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader the library uses, handed in
const nodeRequire = (id: string): unknown => require(id);

/** A `require` that records what it was asked for, and fails for `missing` as Node does for a moved file. */
function recordingRequire(missing: (id: string) => boolean = () => false) {
  const asked: string[] = [];
  const load = (id: string): unknown => {
    asked.push(id);
    if (missing(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    return nodeRequire(id);
  };
  return { asked, load };
}

/** A dispatcher of `parts` answers a request: the request API is wired onto it. */
async function requestWorks(parts: ReturnType<typeof undiciParts>): Promise<void> {
  const pool = new parts.Pool('http://127.0.0.1:9');
  assert.equal(typeof pool.request, 'function');
  assert.equal(typeof pool.compose((dispatch) => dispatch).request, 'function');
  await pool.close();
}

test("undici's parts are the package's own classes, and their dispatchers carry the request API", async () => {
  const parts = undici();
  assert.equal(parts.Pool, whole.Pool);
  assert.equal(parts.ProxyAgent, whole.ProxyAgent);
  assert.equal(parts.Agent, whole.Agent);
  await requestWorks(parts);
});

test('the fast path loads the parts from the layout it knows, and a part only when it is used', async () => {
  const { asked, load } = recordingRequire();
  const parts = undiciParts(load);
  assert.equal(asked.length, 0, 'nothing is loaded before a part is used');
  assert.equal(parts.Pool, whole.Pool);
  assert.deepEqual(asked, ['undici/lib/dispatcher/dispatcher', 'undici/lib/api', 'undici/lib/dispatcher/pool']);
  await requestWorks(parts);
  assert.equal(parts.Agent, whole.Agent);
  assert.ok(!asked.includes('undici'), 'the entry point is not loaded');
});

for (const [what, missing] of [
  ['the request API module', (id: string) => id === 'undici/lib/api'],
  ['the dispatcher module', (id: string) => id === 'undici/lib/dispatcher/dispatcher'],
  ['a part (the pool)', (id: string) => id === 'undici/lib/dispatcher/pool'],
] as const) {
  test(`when undici moves ${what}, the entry point's classes are used, with the request API`, async () => {
    const { asked, load } = recordingRequire(missing);
    const parts = undiciParts(load);
    assert.equal(parts.Pool, whole.Pool);
    assert.equal(parts.ProxyAgent, whole.ProxyAgent);
    assert.equal(parts.Agent, whole.Agent);
    assert.ok(asked.includes('undici'), 'the entry point is loaded');
    await requestWorks(parts);
  });
}

test('when a module is there but no longer what it was, the entry point is used', () => {
  const changed = (id: string): unknown => (id === 'undici/lib/api' ? { request: undefined } : nodeRequire(id));
  assert.equal(undiciParts(changed).Pool, whole.Pool);
  const notAClass = (id: string): unknown => (id === 'undici/lib/dispatcher/agent' ? {} : nodeRequire(id));
  assert.equal(undiciParts(notAClass).Agent, whole.Agent);
});

test("loading the parts leaves undici's entry point (fetch, WebSocket, cache, mocks) and the proxy unloaded", () => {
  const script = `
    const { undici } = require('./lib/client/undici.ts');
    const { Pool } = undici();
    const pool = new Pool('http://127.0.0.1:9');
    const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/undici/'));
    console.log(JSON.stringify({
      request: typeof pool.request,
      entry: loaded.some((f) => f.endsWith('node_modules/undici/index.js')),
      fetch: loaded.some((f) => f.includes('/lib/web/fetch/')),
      proxy: loaded.some((f) => f.includes('proxy-agent')),
      parts: loaded.length > 0,
    }));
    pool.close();
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { request: 'function', entry: false, fetch: false, proxy: false, parts: true });
});
