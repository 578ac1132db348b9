import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import * as whole from 'undici';
import { undici } from '../../lib/client/undici';

const root = path.resolve(__dirname, '..', '..');

test("undici's parts are the package's own classes, and their dispatchers carry the request API", async () => {
  const parts = undici();
  assert.equal(parts.Pool, whole.Pool);
  assert.equal(parts.ProxyAgent, whole.ProxyAgent);
  assert.equal(parts.Agent, whole.Agent);
  const pool = new parts.Pool('http://127.0.0.1:9');
  const composed = pool.compose((dispatch) => dispatch);
  assert.equal(typeof pool.request, 'function');
  assert.equal(typeof composed.request, 'function');
  await pool.close();
});

test("loading the parts leaves undici's entry point (fetch, WebSocket, cache, mocks) unloaded", () => {
  const script = `
    const { undici } = require('./lib/client/undici.ts');
    const { Pool } = undici();
    const pool = new Pool('http://127.0.0.1:9');
    const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/undici/'));
    console.log(JSON.stringify({
      request: typeof pool.request,
      entry: loaded.some((f) => f.endsWith('node_modules/undici/index.js')),
      fetch: loaded.some((f) => f.includes('/lib/web/fetch/')),
      parts: loaded.length > 0,
    }));
    pool.close();
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { request: 'function', entry: false, fetch: false, parts: true });
});
