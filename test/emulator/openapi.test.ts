import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CloudflareApiEmulator, generateMappings, MAX_MAPPINGS_PER_ZONE } from '../../lib/emulator';
import { json, raw, zone, BEARER, type RawResponse } from './helpers';

// The OpenAPI excerpt is the contract: every kind of emulator answer must match its operation's schema.
// A copy of the shared reference excerpt of Cloudflare's OpenAPI document (cloudflare/api-schemas, the commit
// in its x-excerpt), kept in the repository so the contract test runs in any clone.
const SPEC_PATH = path.join(__dirname, 'fixtures', 'cloudflare-origin-cloud-regions.openapi.json');
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: { 'application/json': { schema: unknown } } }> }>
  >;
  components: unknown;
};
const DOC_ID = 'https://emulator.test/openapi.json';
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The components become one schema with an $id; operation schemas point into it.
ajv.addSchema({ $id: DOC_ID, components: spec.components });

function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : rebase(v),
      ]),
    );
  }
  return schema;
}

const validators = new Map<string, ValidateFunction>();
function validator(path: string, method: string, status: '200' | '4XX'): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let v = validators.get(key);
  if (!v) {
    const response = spec.paths[path]?.[method]?.responses[status];
    assert.ok(response, `the excerpt documents ${key}`);
    v = ajv.compile(rebase(response.content['application/json'].schema) as object);
    validators.set(key, v);
  }
  return v;
}

function conforms(res: RawResponse, path: string, method: string): void {
  assert.ok(res.status !== undefined);
  const status = res.status === 200 ? '200' : '4XX';
  // 429 and 5xx are not in the excerpt; they must still be a well-formed failure envelope.
  const v = validator(path, method, status);
  const body = json(res);
  assert.ok(
    v(body),
    `${method.toUpperCase()} ${path} → ${res.status}: ${ajv.errorsText(v.errors)}\n${res.text.slice(0, 300)}`,
  );
  assert.equal(res.headers?.['content-type'], 'application/json');
}

const LIST = '/zones/{zone_id}/origin/cloud_regions';
const ONE = `${LIST}/{origin_ip}`;
const BATCH = `${LIST}/batch`;
const SUPPORTED = `${LIST}/supported_regions`;
const Z = zone(0x0a1);
const FULL = zone(0x0a2);
const OFF = zone(0x0a3);
let emulator: CloudflareApiEmulator;
const url = (z: string, rest = '') => `${emulator.baseUrl}/zones/${z}/origin/cloud_regions${rest}`;
const call = (u: string, method = 'GET', body?: unknown, headers: Record<string, string> = BEARER) =>
  raw(u, { method, body, headers });

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: {
        [Z]: { mappings: generateMappings(30, 4) },
        [FULL]: { mappings: generateMappings(MAX_MAPPINGS_PER_ZONE, 4) },
        [OFF]: { mappings: [], tieredCache: false },
      },
    },
  });
});
after(() => emulator.close());

test('the validator can fail: bodies that break the schemas are rejected', () => {
  const list = validator(LIST, 'get', '200');
  assert.equal(list({ success: true, errors: [], messages: [], result: [] }), false, 'result_info is required');
  assert.equal(
    list({
      success: true,
      errors: [],
      messages: [],
      result: [{ origin_ip: '192.0.2.1', vendor: 'ibm', region: 'x' }],
      result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
    }),
    false,
  );
  assert.equal(
    list({
      success: true,
      errors: [],
      messages: [],
      result: [{ origin_ip: '192.0.2.1', vendor: 'aws', region: 'x', modified_on: 'yesterday' }],
      result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
    }),
    false,
  );
  const failure = validator(LIST, 'get', '4XX');
  assert.equal(failure({ success: false, errors: [{ code: 1146, message: 'x' }], messages: [], result: {} }), false);
  assert.equal(failure({ success: true, errors: [], messages: [], result: null }), false);
});

test('list: pages, empty pages and an empty zone match the 200 schema', async () => {
  conforms(await call(url(Z, '?per_page=20')), LIST, 'get');
  conforms(await call(url(Z, '?page=2&per_page=20')), LIST, 'get');
  conforms(await call(url(Z, '?page=9')), LIST, 'get');
  conforms(await call(url(zone(0x0a4))), LIST, 'get');
});

test('list failures (1146, 9106, 9103, 10000, 6003, 7003) match the failure schema', async () => {
  conforms(await call(url(Z, '?per_page=500')), LIST, 'get');
  conforms(await call(url(Z, '?page=0')), LIST, 'get');
  conforms(await call(url(Z), 'GET', undefined, {}), LIST, 'get');
  conforms(await call(url(Z), 'GET', undefined, { 'x-auth-email': 'a@b.test', 'x-auth-key': 'nope' }), LIST, 'get');
  conforms(await call(url(Z), 'GET', undefined, { authorization: 'Bearer unknown-token' }), LIST, 'get');
  conforms(await call(url(Z), 'GET', undefined, { authorization: 'Token abc' }), LIST, 'get');
  conforms(await call(`${emulator.baseUrl}/zones/not-hex/origin/cloud_regions`), LIST, 'get');
});

test('get, put and delete one: successes and failures match their schemas', async () => {
  const ip = emulator.getMappings(Z)[0]?.origin_ip;
  conforms(await call(url(Z, `/${ip}`)), ONE, 'get');
  conforms(await call(url(Z, '/192.0.2.250')), ONE, 'get');
  conforms(
    await call(url(Z, '/198.51.100.1'), 'PUT', { origin_ip: '198.51.100.1', vendor: 'aws', region: 'us-east-1' }),
    ONE,
    'put',
  );
  conforms(
    await call(url(Z, '/198.51.100.1'), 'PUT', { origin_ip: '198.51.100.2', vendor: 'aws', region: 'us-east-1' }),
    ONE,
    'put',
  );
  conforms(
    await call(url(Z, '/198.51.100.1'), 'PUT', { origin_ip: '198.51.100.1', vendor: 'aws', region: 'nowhere' }),
    ONE,
    'put',
  );
  conforms(
    await call(url(FULL, '/198.51.100.1'), 'PUT', { origin_ip: '198.51.100.1', vendor: 'aws', region: 'us-east-1' }),
    ONE,
    'put',
  );
  conforms(await call(url(Z, '/198.51.100.1'), 'DELETE'), ONE, 'delete');
  conforms(await call(url(Z, '/198.51.100.1'), 'DELETE'), ONE, 'delete');
});

test('batch put and delete: per-item results and failures match their schemas', async () => {
  conforms(
    await call(url(Z, '/batch'), 'PUT', [
      { origin_ip: '198.51.100.3', vendor: 'gcp', region: 'us-central1' },
      { origin_ip: 'bad', vendor: 'gcp', region: 'us-central1' },
    ]),
    BATCH,
    'put',
  );
  conforms(
    await call(url(FULL, '/batch'), 'PUT', [{ origin_ip: '198.51.100.4', vendor: 'gcp', region: 'us-central1' }]),
    BATCH,
    'put',
  );
  conforms(await call(url(Z, '/batch'), 'DELETE', ['198.51.100.3', '198.51.100.99', 'bad']), BATCH, 'delete');
  conforms(await call(url(Z, '/batch'), 'DELETE', { ips: [] }), BATCH, 'delete');
});

test('supported_regions and its Tiered-Cache-off failure match their schemas', async () => {
  conforms(await call(url(Z, '/supported_regions')), SUPPORTED, 'get');
  conforms(await call(url(OFF, '/supported_regions')), SUPPORTED, 'get');
});

test('injected status faults are well-formed failure envelopes', async () => {
  emulator.addFaults({ kind: 'status', status: 503, times: 1 }, { kind: 'status', status: 404, times: 1 });
  try {
    for (let i = 0; i < 2; i++) conforms(await call(url(Z)), LIST, 'get');
  } finally {
    emulator.clearFaults();
  }
});

test('429 uses the real API code 971, which breaks only the reconstructed "code >= 1000" rule', async () => {
  // api.cloudflare.com answers 429 with code 971; the excerpt marks cache-rules_messages (and its
  // minimum of 1000) as reconstructed. The emulator follows the real API, so clients must accept it.
  emulator.addFaults({ kind: 'rate-limit', times: 1 });
  const res = await call(url(Z));
  emulator.clearFaults();
  assert.equal(res.status, 429);
  const v = validator(LIST, 'get', '4XX');
  assert.equal(v(json(res)), false);
  assert.deepEqual(
    v.errors?.map((e) => [e.instancePath, e.keyword]),
    [['/errors/0/code', 'minimum']],
  );
});
