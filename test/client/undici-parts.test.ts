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

test("undici's parts are the package's own classes", () => {
  const parts = undici();
  assert.equal(parts.Pool, whole.Pool);
  assert.equal(parts.ProxyAgent, whole.ProxyAgent);
  assert.equal(parts.Agent, whole.Agent);
});

test('the fast path loads the parts from the layout it knows, a part only when it is used, and connect only for the proxy', () => {
  const { asked, load } = recordingRequire();
  const parts = undiciParts(load);
  assert.equal(asked.length, 0, 'nothing is loaded before a part is used');
  assert.equal(parts.Pool, whole.Pool);
  assert.deepEqual(asked, ['undici/lib/dispatcher/pool']);
  assert.equal(parts.Agent, whole.Agent);
  assert.equal(parts.ProxyAgent, whole.ProxyAgent);
  assert.deepEqual(asked.slice(2), [
    'undici/lib/dispatcher/dispatcher',
    'undici/lib/api/api-connect',
    'undici/lib/dispatcher/proxy-agent',
  ]);
  assert.ok(!asked.includes('undici'), 'the entry point is not loaded');
});

for (const [what, missing] of [
  ['the connect module', (id: string) => id === 'undici/lib/api/api-connect'],
  ['the dispatcher module', (id: string) => id === 'undici/lib/dispatcher/dispatcher'],
  ['a part (the proxy agent)', (id: string) => id === 'undici/lib/dispatcher/proxy-agent'],
] as const) {
  test(`when undici moves ${what}, the proxy agent is the entry point's`, () => {
    const { asked, load } = recordingRequire(missing);
    assert.equal(undiciParts(load).ProxyAgent, whole.ProxyAgent);
    assert.ok(asked.includes('undici'), 'the entry point is loaded');
  });
}

test('when undici moves the pool, or a module is there but no longer what it was, the entry point is used', () => {
  const { asked, load } = recordingRequire((id) => id === 'undici/lib/dispatcher/pool');
  assert.equal(undiciParts(load).Pool, whole.Pool);
  assert.ok(asked.includes('undici'));
  const changed = (id: string): unknown => (id === 'undici/lib/api/api-connect' ? {} : nodeRequire(id));
  assert.equal(undiciParts(changed).ProxyAgent, whole.ProxyAgent);
  const notAClass = (id: string): unknown => (id === 'undici/lib/dispatcher/agent' ? {} : nodeRequire(id));
  assert.equal(undiciParts(notAClass).Agent, whole.Agent);
});

test("the pool leaves undici's entry point (fetch, WebSocket, cache, mocks), its request API and the proxy unloaded; the proxy agent's pools get connect", () => {
  const script = `
    const { undici } = require('./lib/client/undici.ts');
    const { Pool } = undici();
    const pool = new Pool('http://127.0.0.1:9');
    const loaded = () => Object.keys(require.cache).filter((f) => f.includes('node_modules/undici/'));
    const before = loaded();
    const report = {
      request: typeof pool.request,
      api: before.some((f) => f.includes('/lib/api/')),
      entry: before.some((f) => f.endsWith('node_modules/undici/index.js')),
      fetch: before.some((f) => f.includes('/lib/web/fetch/')),
      proxy: before.some((f) => f.includes('proxy-agent')),
      parts: before.length > 0,
    };
    undici().ProxyAgent;
    report.connect = typeof pool.connect;
    report.requestApi = loaded().some((f) => f.endsWith('api-request.js'));
    console.log(JSON.stringify(report));
    pool.close();
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), {
    request: 'undefined',
    api: false,
    entry: false,
    fetch: false,
    proxy: false,
    parts: true,
    connect: 'function',
    requestApi: false,
  });
});

test("without undici's HTTP/2 half a process loads no node:http2 and still sends requests; with it, undici loads node:http2", () => {
  // A fresh process each: whether undici, loaded as the client loads it, pulls in node:http2, and whether a request
  // over HTTP/1.1 still works with the stand-in. Should undici stop loading the half when it loads, the stand-in has
  // no reason left, and the second run says so.
  const script = (spare: boolean) => `
    const http = require('node:http');
    const { undici, withoutHttp2 } = require('./lib/client/undici.ts');
    const { readAnswer } = require('./lib/client/http.ts');
    if (${spare}) withoutHttp2();
    const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
      const pool = new (undici().Pool)('http://127.0.0.1:' + server.address().port);
      const signal = new AbortController().signal;
      const tooLarge = () => new Error('too large');
      const res = await readAnswer(pool, { path: '/', headers: {}, timeoutMs: 30000, maxBodyBytes: 100, signal, tooLarge });
      const body = res.body.toString();
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
