import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

test("without undici's HTTP/2 half a process loads no node:http2 and still sends requests; with it, undici loads node:http2", () => {
  // A fresh process each: whether undici, loaded as the client loads it, pulls in node:http2, and whether a request
  // over HTTP/1.1 still works with the stand-in. Should undici stop loading the half when it loads, the stand-in has
  // no reason left, and the second run says so.
  const script = (spare: boolean) => `
    const http = require('node:http');
    const { undici, withoutHttp2 } = require('./lib/client/undici.ts');
    if (${spare}) withoutHttp2();
    const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
      const pool = new (undici().Pool)('http://127.0.0.1:' + server.address().port);
      const res = await pool.request({ method: 'GET', path: '/' });
      const body = await res.body.text();
      await pool.close();
      server.close();
      const http2 = process.moduleLoadList.includes('NativeModule http2');
      console.log(JSON.stringify({ body, http2 }));
    });
  `;
  const run = (spare: boolean): unknown =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '-e', script(spare)], { cwd: root, encoding: 'utf8' }),
    );
  assert.deepEqual(run(true), { body: 'ok', http2: false });
  assert.deepEqual(run(false), { body: 'ok', http2: true });
});

test("undici's client calls its HTTP/2 half only for a connection that negotiated h2, which the stand-in refuses", () => {
  // The ground the stand-in stands on: undici's client requires the half by this path and calls it in one place.
  const client = readFileSync(path.join(root, 'node_modules', 'undici', 'lib', 'dispatcher', 'client.js'), 'utf8');
  assert.match(client, /^const connectH2 = require\('\.\/client-h2\.js'\)$/m);
  assert.deepEqual(client.match(/connectH2\(/g), ['connectH2(']);
  assert.match(client, /socket\.alpnProtocol === 'h2'\s*\?\s*connectH2\(client, socket\)/);
  assert.equal(typeof nodeRequire('undici/lib/dispatcher/client-h2.js'), 'function');
});
