import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudflareApiEmulator, generateMappings } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { BEARER, json, raw, zone } from './helpers';

const Z = zone(0xf1);
const OTHER = zone(0xf2);
const seeded = generateMappings(45, 3);
let emulator: CloudflareApiEmulator;
const list = (query = '', z = Z) =>
  raw(`${emulator.baseUrl}/zones/${z}/origin/cloud_regions${query}`, { headers: BEARER });
const LIST_PATH = `/zones/${Z}/origin/cloud_regions$`;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [Z]: { mappings: seeded }, [OTHER]: { mappings: seeded.slice(0, 3) } } },
  });
});
after(() => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  emulator.setLatency(0);
  emulator.setMappings(Z, seeded);
  emulator.resetStats();
});

test('rate-limit: 429, Retry-After as given (seconds or HTTP date), code 971', async () => {
  const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
  emulator.addFaults(
    { kind: 'rate-limit', retryAfter: '7', times: 1 },
    { kind: 'rate-limit', retryAfter: date, times: 1 },
    { kind: 'rate-limit', retryAfter: '', times: 1 },
  );
  const a = await list();
  assert.equal(a.status, 429);
  assert.equal(a.headers?.['retry-after'], '7');
  assert.deepEqual(json(a), {
    success: false,
    errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
    messages: [],
    result: null,
  });
  assert.equal((await list()).headers?.['retry-after'], date);
  const none = await list();
  assert.equal(none.status, 429);
  assert.equal(none.headers?.['retry-after'], undefined);
  assert.equal((await list()).status, 200, 'times ran out');
});

test('status: any status with a failure envelope, or the given body', async () => {
  emulator.addFaults(
    { kind: 'status', status: 503, times: 1 },
    {
      kind: 'status',
      status: 418,
      body: { success: false, errors: [{ code: 1234, message: 'x' }], messages: [], result: null },
      times: 1,
    },
  );
  const a = await list();
  assert.equal(a.status, 503);
  assert.equal(json(a).success, false);
  assert.equal(json(a).result, null);
  assert.equal((json(a).errors as { code: number }[])[0]?.code, 5030);
  const b = await list();
  assert.equal(b.status, 418);
  assert.deepEqual((json(b).errors as unknown[])[0], { code: 1234, message: 'x' });
});

test('malformed: a JSON content type with a body that is not JSON', async () => {
  emulator.addFaults(
    { kind: 'malformed', times: 1 },
    { kind: 'malformed', body: '{"success": tru', status: 500, times: 1 },
  );
  const a = await list();
  assert.equal(a.status, 200);
  assert.equal(a.headers?.['content-type'], 'application/json');
  assert.throws(() => JSON.parse(a.text), SyntaxError);
  const b = await list();
  assert.equal(b.status, 500);
  assert.equal(b.text, '{"success": tru');
});

test('html: a proxy error page as text/html', async () => {
  emulator.addFaults({ kind: 'html', times: 1 });
  const a = await list();
  assert.equal(a.status, 502);
  assert.match(a.headers?.['content-type'] ?? '', /text\/html/);
  assert.match(a.text, /<title>502 Bad Gateway<\/title>/);
});

test('truncate: Content-Length promises more than arrives, then the connection closes', async () => {
  emulator.addFaults({ kind: 'truncate', match: { page: 2 } });
  const ok = await list('?page=1');
  assert.equal(ok.error, undefined);
  const cut = await list('?page=2');
  assert.equal(cut.status, 200);
  assert.ok(cut.error, 'the body ends early');
  assert.ok(cut.bytes > 0 && cut.bytes < Number(cut.headers?.['content-length']));
  assert.throws(() => JSON.parse(cut.text), SyntaxError);
});

test('reset: the connection is destroyed without a response', async () => {
  emulator.addFaults({ kind: 'reset', times: 1 });
  const r = await list();
  assert.equal(r.status, undefined);
  assert.match(r.error ?? '', /ECONNRESET|socket hang up/);
  assert.equal((await list()).status, 200);
  assert.equal(emulator.stats().inFlight, 0);
});

test('delay: slows the matching request only, without blocking others', async () => {
  emulator.addFaults({ kind: 'delay', delayMs: 400, match: { path: LIST_PATH, page: 2 } });
  let slowSettled = false;
  const slow = list('?page=2').finally(() => (slowSettled = true));
  const fast = await list('?page=1');
  // The fast request was answered while the delayed one is still held by the emulator.
  assert.equal(fast.status, 200);
  assert.equal(slowSettled, false, 'the delayed request was still pending when the other one was answered');
  assert.equal(emulator.stats().inFlight, 1);
  const s = await slow;
  assert.ok(s.ms >= 380, `slow request took ${s.ms} ms`);
  assert.equal(s.status, 200);
  assert.equal((json(s).result_info as { page: number }).page, 2);
});

test('oversize: a streamed multi-MB JSON body; a client that gives up does not hurt the server', async () => {
  emulator.addFaults({ kind: 'oversize', bytes: 3 * 1024 * 1024, times: 1 }, { kind: 'oversize', times: 1 });
  const big = await list();
  assert.equal(big.status, 200);
  assert.equal(big.headers?.['content-length'], undefined, 'streamed, size not announced');
  assert.ok(big.bytes >= 3 * 1024 * 1024);
  assert.equal((json(big).result as unknown[]).length > 1000, true);
  const capped = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions`, {
    headers: BEARER,
    maxBytes: 256 * 1024,
  });
  assert.equal(capped.error, 'max-bytes');
  assert.equal((await list()).status, 200);
});

test('envelope: the given body verbatim with status 200', async () => {
  const body = { success: false, errors: [], messages: [], result: null };
  emulator.addFaults(
    { kind: 'envelope', body, times: 1 },
    { kind: 'envelope', body: { result: 'wrong type' }, status: 200, times: 1 },
  );
  const a = await list();
  assert.equal(a.status, 200);
  assert.deepEqual(json(a), body);
  assert.deepEqual(json(await list()), { result: 'wrong type' });
});

test('mutate: edits the zone, then answers normally (so a listing sees the change mid-way)', async () => {
  const extra = { origin_ip: '198.51.100.7', vendor: 'aws', region: 'us-east-1' };
  emulator.addFaults({ kind: 'mutate', match: { page: 2 }, add: [extra], remove: [seeded[0]?.origin_ip], times: 1 });
  const p1 = json(await list('?page=1'));
  const p2 = json(await list('?page=2'));
  assert.equal((p1.result_info as { total_count: number }).total_count, 45);
  assert.equal((p2.result_info as { total_count: number }).total_count, 45);
  const now = emulator.getMappings(Z);
  assert.ok(now.some((m) => m.origin_ip === extra.origin_ip));
  assert.ok(!now.some((m) => m.origin_ip === seeded[0]?.origin_ip));
  emulator.addFaults({
    kind: 'mutate',
    add: [{ origin_ip: '198.51.100.8', vendor: 'gcp', region: 'us-east1' }],
    times: 1,
  });
  assert.equal((json(await list('?page=3')).result_info as { total_count: number }).total_count, 46);
});

test('matching: method, path regex, page; after skips, times limits, the first eligible rule wins', async () => {
  emulator.addFaults(
    { kind: 'status', status: 500, match: { method: 'put' } },
    { kind: 'status', status: 502, match: { path: `${OTHER}/origin/cloud_regions$` } },
    { kind: 'status', status: 503, match: { page: 3 }, after: 1, times: 2 },
    { kind: 'status', status: 504, match: { page: 3 } },
  );
  assert.equal((await list('', OTHER)).status, 502);
  assert.equal((await list()).status, 200, 'no rule matches page 1 of Z');
  assert.deepEqual(
    [
      (await list('?page=3')).status,
      (await list('?page=3')).status,
      (await list('?page=3')).status,
      (await list('?page=3')).status,
    ],
    [504, 503, 503, 504],
  );
  assert.throws(() => emulator.addFaults({ kind: 'explode' as never }), InvalidInputError);
  assert.throws(() => emulator.addFaults({ kind: 'status', match: { path: '(' } }), InvalidInputError);
});

test('latency delays every API response without serializing them; stats track concurrency', async () => {
  emulator.setLatency(200);
  const started = Date.now();
  const all = await Promise.all(Array.from({ length: 6 }, (_, i) => list(`?page=${i + 1}`)));
  const elapsed = Date.now() - started;
  assert.ok(all.every((r) => r.status === 200));
  assert.ok(elapsed >= 190, `6 concurrent requests took ${elapsed} ms`);
  const stats = emulator.stats();
  assert.equal(stats.requests, 6);
  assert.equal(stats.maxInFlight, 6);
  assert.equal(stats.inFlight, 0);
  assert.deepEqual(stats.byRoute, { 'GET /zones/{zone_id}/origin/cloud_regions': 6 });
  assert.deepEqual(stats.byZone, { [Z]: 6 });
  emulator.resetStats();
  assert.deepEqual(emulator.stats(), {
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    byRoute: {},
    byZone: {},
    rateLimited: 0,
  });
  assert.throws(() => emulator.setLatency(-1), InvalidInputError);
});

test('the control plane is not counted and not subject to faults', async () => {
  emulator.addFaults({ kind: 'reset' });
  const res = await raw(`${emulator.origin}/__emulator/stats`);
  assert.equal(res.status, 200);
  assert.equal(json(res).requests, 0);
});

test('close() ends pending delays and open connections, however long the delay', async () => {
  const e = await CloudflareApiEmulator.start({ seed: { zones: { [Z]: { mappings: seeded } } } });
  // The longest delay a timer can hold (~24.8 days): only close() ending it can settle the request.
  e.addFaults({ kind: 'delay', delayMs: 2_147_483_647 });
  const pending = raw(`${e.baseUrl}/zones/${Z}/origin/cloud_regions`, { headers: BEARER });
  while (e.stats().inFlight === 0) await new Promise((r) => setTimeout(r, 5));
  await e.close();
  const r = await pending;
  assert.equal(r.status, undefined, 'the held request ends without a response');
  await e.close();
});
