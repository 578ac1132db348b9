import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { json, raw, zone } from './helpers';

const Z = zone(0xa);
const TOKEN = 'tok_AUTH_TEST_5c1a9e';
const EMAIL = 'Ops@Example.test';
const KEY = 'key_AUTH_TEST_77b3';
let emulator: CloudflareApiEmulator;
const url = () => `${emulator.baseUrl}/zones/${Z}/origin/cloud_regions`;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: { [Z]: { mappings: generateMappings(3, 1) } },
      credentials: { tokens: [TOKEN], keys: [{ email: EMAIL, key: KEY }] },
    },
  });
});
after(() => emulator.close());

async function status(headers: Record<string, string>): Promise<{ status?: number; codes: number[]; text: string }> {
  const res = await raw(url(), { headers });
  const body = json(res);
  return { status: res.status, codes: ((body.errors as { code: number }[]) ?? []).map((e) => e.code), text: res.text };
}

test('a seeded token (Bearer) and a seeded email + key are accepted', async () => {
  assert.equal((await status({ authorization: `Bearer ${TOKEN}` })).status, 200);
  assert.equal((await status({ authorization: `bearer  ${TOKEN} ` })).status, 200);
  assert.equal((await status({ 'x-auth-email': EMAIL, 'x-auth-key': KEY })).status, 200);
  assert.equal(
    (await status({ 'x-auth-email': EMAIL.toLowerCase(), 'x-auth-key': KEY })).status,
    200,
    'emails compare case-insensitively',
  );
});

test('no credentials: 400 code 9106', async () => {
  for (const headers of [{}, { 'x-auth-email': EMAIL }, { 'x-auth-key': KEY }] as Record<string, string>[]) {
    const r = await status(headers);
    assert.equal(r.status, 400);
    assert.deepEqual(r.codes, [9106]);
    assert.match(r.text, /Missing X-Auth-Key, X-Auth-Email or Authorization headers/);
  }
});

test('unknown email or key: 403 code 9103, no credential echoed', async () => {
  for (const headers of [
    { 'x-auth-email': EMAIL, 'x-auth-key': 'wrong-key-0000' },
    { 'x-auth-email': 'someone@else.test', 'x-auth-key': KEY },
  ]) {
    const r = await status(headers);
    assert.equal(r.status, 403);
    assert.deepEqual(r.codes, [9103]);
    assert.ok(!r.text.includes(KEY) && !r.text.includes('wrong-key-0000') && !r.text.includes('someone@else'));
  }
});

test('unknown token: 403 code 10000; a malformed Authorization header: 400 6003/6111', async () => {
  const bad = await status({ authorization: 'Bearer not-the-token-1234' });
  assert.equal(bad.status, 403);
  assert.deepEqual(bad.codes, [10000]);
  assert.ok(!bad.text.includes('not-the-token-1234'));
  for (const authorization of [TOKEN, 'Basic abc', 'Bearer ', 'Bearer a b']) {
    const r = await status({ authorization });
    assert.equal(r.status, 400, authorization);
    assert.deepEqual(r.codes, [6003]);
    assert.match(r.text, /6111/);
  }
  // The Authorization header wins over X-Auth-*, as at Cloudflare.
  assert.equal(
    (await status({ authorization: 'Bearer nope-nope', 'x-auth-email': EMAIL, 'x-auth-key': KEY })).status,
    403,
  );
});

test('every operation checks auth, and a failed check changes nothing', async () => {
  const before = emulator.getMappings(Z);
  const del = await raw(`${url()}/${before[0]?.origin_ip}`, {
    method: 'DELETE',
    headers: { authorization: 'Bearer wrong-token' },
  });
  assert.equal(del.status, 403);
  const put = await raw(`${url()}/192.0.2.200`, {
    method: 'PUT',
    body: { origin_ip: '192.0.2.200', vendor: 'aws', region: 'us-east-1' },
  });
  assert.equal(put.status, 400);
  assert.equal((await raw(`${url()}/supported_regions`)).status, 400);
  assert.deepEqual(emulator.getMappings(Z), before);
});

test('without seeded credentials the documented defaults work; options can name others', async () => {
  const defaults = await CloudflareApiEmulator.start();
  const custom = await CloudflareApiEmulator.start({ credentials: { tokens: ['opt-token-xyz'] } });
  try {
    const path = `/zones/${Z}/origin/cloud_regions`;
    assert.equal(
      (await raw(defaults.baseUrl + path, { headers: { authorization: 'Bearer emulator-token' } })).status,
      200,
    );
    assert.equal(
      (
        await raw(defaults.baseUrl + path, {
          headers: { 'x-auth-email': 'emulator@example.com', 'x-auth-key': 'emulator-key' },
        })
      ).status,
      200,
    );
    assert.equal(
      (await raw(custom.baseUrl + path, { headers: { authorization: 'Bearer opt-token-xyz' } })).status,
      200,
    );
    assert.equal(
      (await raw(custom.baseUrl + path, { headers: { authorization: 'Bearer emulator-token' } })).status,
      403,
    );
  } finally {
    await Promise.all([defaults.close(), custom.close()]);
  }
});
