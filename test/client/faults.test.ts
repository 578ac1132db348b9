import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import {
  OriginCloudRegionsClient,
  processRequestLimiter,
  type ClientOptions,
  type MappingList,
} from '../../lib/client';
import { CloudflareApiEmulator } from '../../lib/emulator';
import {
  InvalidInputError,
  OriginCloudRegionsError,
  RequestCapReachedError,
  CloudflareApiError,
  DeadlineExceededError,
  IncompleteListingError,
  RequestFailedError,
  ResponseFormatError,
} from '../../lib/errors';
import { TOKEN, expected, generateMappings, options, withClient, zone } from './helpers';
import { startDripServer } from '../support/drip';

const Z = zone(0xa1);
const SMALL = zone(0xa2);
const NO_TIERED = zone(0xa3);
const seeded = generateMappings(101, 7);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: {
        [Z]: { mappings: seeded },
        [SMALL]: { mappings: generateMappings(3, 8) },
        [NO_TIERED]: { mappings: [], tieredCache: false },
      },
      credentials: { tokens: [TOKEN] },
    },
  });
});
after(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.setMappings(Z, seeded);
  emulator.resetStats();
});

async function list(more: ClientOptions = {}, zoneId = Z, perPage = 20): Promise<MappingList> {
  const client = new OriginCloudRegionsClient(options(emulator, { perPage, ...more }));
  try {
    return await client.listMappings(zoneId);
  } finally {
    await client.close();
  }
}

async function failure(more: ClientOptions = {}, zoneId = Z): Promise<OriginCloudRegionsError> {
  try {
    await list(more, zoneId);
  } catch (error) {
    assert.ok(error instanceof OriginCloudRegionsError, `typed error expected, got ${String(error)}`);
    assert.match(error.message, /\.\s*\S.*$/, 'message goes on to say what to do');
    return error;
  }
  assert.fail('expected the listing to fail');
}

const path = (zoneId = Z) => `/zones/${zoneId}/origin/cloud_regions$`;

test('API errors: 403 is not retried and points at the token permission', async () => {
  emulator.addFaults({
    match: { path: path() },
    kind: 'status',
    status: 403,
    body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null },
  });
  const e = await failure({ maxRetries: 4 });
  assert.ok(e instanceof CloudflareApiError);
  assert.equal(e.status, 403);
  assert.deepEqual(e.cloudflareErrors, [{ code: 10000, message: 'Authentication error' }]);
  assert.match(e.message, /Zone → Zone Settings: Read/);
  assert.equal(emulator.stats().requests, 1, 'no retry on 403');
});

test('API errors: a wrong token is refused by the server without retries', async () => {
  const e = await failure({ apiToken: 'tok_wrong_0000000000000' });
  assert.ok(e instanceof CloudflareApiError);
  assert.ok(e.status === 401 || e.status === 403 || e.status === 400, `status ${e.status}`);
  assert.ok(e.cloudflareErrors.length > 0);
  assert.equal(emulator.stats().requests, 1);
});

test('API errors: 1142, 9103, 9106 and success:false with 200 each map to advice', async () => {
  const cases: [number, number, RegExp][] = [
    [404, 1142, /does not exist/],
    [403, 9103, /CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY/],
    [400, 9106, /Set CLOUDFLARE_API_TOKEN/],
    [404, 7003, /Check the zone id/],
    [200, 1146, /per_page between 1 and 100/],
  ];
  for (const [status, code, advice] of cases) {
    emulator.clearFaults();
    emulator.addFaults({
      match: { path: path() },
      kind: status === 200 ? 'envelope' : 'status',
      status,
      body: { success: false, errors: [{ code, message: `cf ${code}` }], messages: [], result: null },
    });
    const e = await failure();
    assert.ok(e instanceof CloudflareApiError, `${code}`);
    assert.equal(e.status, status);
    assert.equal(e.cloudflareErrors[0].code, code);
    assert.match(e.message, advice);
  }
});

test('supported_regions on a zone without Tiered Cache is a CloudflareApiError', async () => {
  const client = new OriginCloudRegionsClient(options(emulator));
  try {
    await assert.rejects(
      client.supportedRegions(NO_TIERED),
      (e: unknown) => e instanceof CloudflareApiError && e.status === 400 && /Enable Tiered Cache/.test(e.message),
    );
  } finally {
    await client.close();
  }
});

test('429 with Retry-After is retried after the wait', async () => {
  emulator.addFaults({ match: { path: path(), page: 2 }, kind: 'rate-limit', retryAfter: '1', times: 1 });
  const started = Date.now();
  const got = await list();
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After: 1');
  assert.deepEqual(got.mappings, expected(seeded));
  assert.equal(got.requests, 7);
});

test('a 429 pauses every request of the process, not only the one that got it', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'rate-limit', retryAfter: '1', times: 1 });
  const first = list({}, Z);
  // Wait until the 429 has arrived and paused the process (no fixed sleep: a loaded machine may be slow).
  while (processRequestLimiter().pauseRemainingMs() <= 0) await new Promise((r) => setTimeout(r, 5));
  const started = Date.now();
  await list({}, SMALL);
  assert.ok(Date.now() - started >= 500, `another client waited for the pause (${Date.now() - started} ms)`);
  await first;
});

test('Retry-After is capped by maxRetryAfterMs', async () => {
  emulator.addFaults({ match: { path: path(), page: 1 }, kind: 'rate-limit', retryAfter: '3600', times: 1 });
  const started = Date.now();
  await list({ maxRetryAfterMs: 50 });
  // An hour's wait would have run into the 60 s deadline.
  assert.ok(Date.now() - started < 30_000, `${Date.now() - started} ms`);
});

test('503 and connection resets are retried', async () => {
  emulator.addFaults(
    { match: { path: path(), page: 3 }, kind: 'status', status: 503, times: 2 },
    { match: { path: path(), page: 4 }, kind: 'reset', times: 2 },
  );
  const got = await list();
  assert.deepEqual(got.mappings, expected(seeded));
  assert.equal(got.requests, 6 + 4);
});

test('persistent 503: gives up with the attempts and the last failure', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'status', status: 503 });
  const e = await failure({ maxRetries: 2 });
  assert.ok(e instanceof RequestFailedError);
  assert.equal(e.attempts, 3);
  assert.equal(e.status, 503);
  assert.match(e.message, /after 3 attempts; last: .*503/);
  assert.match(e.message, /retry later/);
  assert.equal(emulator.stats().requests, 3);
});

test('maxRequests caps every request the client sends, retries included: the next one is not sent', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'status', status: 503 });
  const client = new OriginCloudRegionsClient(options(emulator, { maxRequests: 4, maxRetries: 9 }));
  try {
    await client.supportedRegions(SMALL);
    const e = await client.listMappings(Z).then(
      () => assert.fail('expected a rejection'),
      (error: unknown) => error,
    );
    assert.ok(e instanceof RequestCapReachedError, String(e));
    assert.equal(e.code, 'OCR_REQUEST_CAP_REACHED');
    assert.equal(e.zoneId, Z);
    assert.equal(e.maxRequests, 4);
    assert.equal(e.requestsSent, 4);
    assert.match(e.message, /may send 4 requests in all \(maxRequests, or --max-requests\), retries included/);
    assert.equal(client.requestsSent, 4);
    assert.equal(emulator.stats().requests, 4, 'the supported regions, then 3 attempts of page 1');
  } finally {
    await client.close();
  }
  assert.throws(
    () => new OriginCloudRegionsClient(options(emulator, { maxRequests: -1 })),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'maxRequests',
  );
});

test('persistent 429: gives up saying the account is rate-limited', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'rate-limit', retryAfter: '0' });
  const e = await failure({ maxRetries: 1 });
  assert.ok(e instanceof RequestFailedError);
  assert.equal(e.status, 429);
  assert.match(e.message, /rate-limiting/);
});

test('persistent connection resets: gives up naming the connection failure', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'reset' });
  const e = await failure({ maxRetries: 1 });
  assert.ok(e instanceof RequestFailedError);
  assert.equal(e.attempts, 2);
  assert.equal(e.status, undefined);
  assert.match(e.message, /connection|socket|closed|reset/i);
});

test('a slow answer times out per attempt and is retried', async () => {
  // Margins for a loaded machine: the answer would take 40 s, an attempt may take 2 s, the listing 60 s in all.
  emulator.addFaults({ match: { path: path(), page: 2 }, kind: 'delay', delayMs: 40_000, times: 1 });
  const started = Date.now();
  const got = await list({ attemptTimeoutMs: 2000 });
  assert.ok(Date.now() - started < 30_000, 'did not wait for the slow answer');
  assert.deepEqual(got.mappings, expected(seeded));
  assert.ok(got.requests >= 7, 'the slow page was asked again');
});

test('an answer that drips a byte every 50 ms times out per attempt, headers and body together, and is retried', async () => {
  // Each pause (50 ms) is far below the attempt timeout: only a limit on the whole attempt ends it.
  const drip = await startDripServer(50);
  try {
    const started = Date.now();
    const e = await withClient(
      { baseUrl: `${drip.origin}/client/v4` },
      { attemptTimeoutMs: 400, maxRetries: 1, deadlineMs: 30_000 },
      (client) => client.listMappings(Z),
    ).catch((error: unknown) => error);
    assert.ok(
      Date.now() - started < 20_000,
      `ended by the attempt timeouts, not the deadline (${Date.now() - started} ms)`,
    );
    assert.ok(e instanceof RequestFailedError, `RequestFailedError expected, got ${String(e)}`);
    assert.equal(e.attempts, 2);
    assert.match(e.message, /the answer \(headers and body\) did not complete within the attempt timeout/);
    assert.ok((await drip.requests()) >= 2, 'the dripping page was asked again');
  } finally {
    await drip.close();
  }
});

test('the overall deadline stops a listing that cannot finish', async () => {
  emulator.addFaults({ match: { path: path() }, kind: 'delay', delayMs: 40_000 });
  const started = Date.now();
  const e = await failure({ deadlineMs: 400, attemptTimeoutMs: 60_000 });
  // The answer would take 40 s, the attempt may wait 60 s: only the deadline can end it this early, loaded or not.
  assert.ok(Date.now() - started < 20_000, 'stopped near the deadline');
  assert.ok(e instanceof DeadlineExceededError);
  assert.equal(e.deadlineMs, 400);
  assert.match(e.message, /400 ms deadline.*ORIGIN_CLOUD_REGIONS_DEADLINE_MS/);
});

test('truncated, HTML, malformed and oversized bodies become typed errors', async () => {
  const kinds = [
    ['truncate', /truncated|Content-Length|closed|JSON/i],
    ['html', /HTML|text\/html/],
    ['malformed', /JSON|envelope/],
    ['oversize', /byte limit/],
  ] as const;
  for (const [kind, why] of kinds) {
    emulator.clearFaults();
    emulator.addFaults({ match: { path: path(), page: 2 }, kind });
    const e = await failure({ maxRetries: 1, maxBodyBytes: 64 * 1024 });
    assert.ok(e instanceof ResponseFormatError || e instanceof RequestFailedError, `${kind}: ${e.name}`);
    assert.match(e.message, why, kind);
  }
});

test('envelope problems: result null, missing result_info, absurd counts, pages that never come', async () => {
  const bodies: [unknown, RegExp, (e: OriginCloudRegionsError) => boolean][] = [
    [
      {
        success: true,
        errors: [],
        messages: [],
        result: null,
        result_info: { page: 1, per_page: 20, count: 0, total_count: 0, total_pages: 0 },
      },
      /result/,
      (e) => e instanceof ResponseFormatError,
    ],
    [{ success: true, errors: [], messages: [], result: [] }, /result_info/, (e) => e instanceof ResponseFormatError],
    [
      {
        success: true,
        errors: [],
        messages: [],
        result: [],
        result_info: { page: 1, per_page: 20, count: 0, total_count: -4, total_pages: 0 },
      },
      /total_count/,
      (e) => e instanceof ResponseFormatError,
    ],
    [
      {
        success: true,
        errors: [],
        messages: [],
        result: [],
        result_info: { page: 1, per_page: 20, count: 0, total_count: 9e9, total_pages: 45e7 },
      },
      /absurd/,
      (e) => e instanceof ResponseFormatError,
    ],
    // Page 1 promises 3 pages of 20, but the zone only has 3 mappings: pages 2 and 3 come back empty.
    [
      {
        success: true,
        errors: [],
        messages: [],
        result: generateMappings(20, 99),
        result_info: { page: 1, per_page: 20, count: 20, total_count: 60, total_pages: 3 },
      },
      /should hold|total_count/,
      (e) => e instanceof IncompleteListingError,
    ],
  ];
  for (const [body, why, kind] of bodies) {
    emulator.clearFaults();
    emulator.addFaults({ match: { path: path(SMALL), page: 1 }, kind: 'envelope', body });
    const e = await failure({}, SMALL);
    assert.ok(kind(e), `${e.name}: ${e.message}`);
    assert.match(e.message, why);
  }
});

test('the zone changing mid-listing restarts it, and the result is one consistent state', async () => {
  const extra = { origin_ip: '198.51.100.77', vendor: 'aws', region: 'us-east-1', modified_on: '2026-03-01T12:00:00Z' };
  emulator.addFaults({ match: { path: path(), page: 3 }, kind: 'mutate', add: [extra], times: 1 });
  const got = await list();
  assert.deepEqual(got.mappings, expected([...seeded, extra]));
  assert.ok(got.requests > 6, 'the listing was restarted');
});

test('a zone that keeps changing gives IncompleteListingError, never a mixed list', async () => {
  const extras = [1, 2, 3, 4].map((i) => ({ origin_ip: `198.51.100.${i}`, vendor: 'gcp', region: 'us-central1' }));
  emulator.addFaults(
    ...extras.map((m) => ({ match: { path: path(), page: 2 }, kind: 'mutate' as const, add: [m], times: 1 })),
  );
  const e = await failure();
  assert.ok(e instanceof IncompleteListingError);
  assert.equal(e.listingAttempts, 3);
  assert.match(e.message, /changed|edited/);
});

test('a connection that never completes ends with its attempt, and closing the client does not wait for it', async () => {
  // A listener whose process never accepts and whose accept queue is full: the kernel drops further SYNs, so a
  // connect hangs (Linux), as behind a firewall that drops packets. undici's own connect timeout is 10 s.
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(String(s.address().port) + '\\n');
         setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000), 50);
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const fillers: net.Socket[] = [];
  try {
    const port = Number((await once(child.stdout, 'data'))[0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 4; i++) fillers.push(net.connect(port, '127.0.0.1').on('error', () => undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const e = await withClient(
      { baseUrl: `http://127.0.0.1:${port}/client/v4` },
      { attemptTimeoutMs: 500, maxRetries: 0, deadlineMs: 30_000 },
      (client) => client.listMappings(Z),
    ).catch((error: unknown) => error);
    assert.ok(e instanceof RequestFailedError, `RequestFailedError expected, got ${String(e)}`);
    assert.match(e.message, /did not complete within the attempt timeout/);
    // 0.5 s of attempt against undici's 10 s connect timeout, which a regression would wait out at the close.
    assert.ok(Date.now() - started < 8_000, `listing and close took ${Date.now() - started} ms`);
  } finally {
    for (const s of fillers) s.destroy();
    child.kill('SIGKILL');
  }
});
