import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAttempt, type AttemptContext, type RetryDecision } from '../../lib/client/backoff';
import type { HttpAnswer } from '../../lib/client/http';
import { redactSecrets } from '../../lib/client/redact';
import { CloudflareApiError, RequestCapReachedError, RequestFailedError } from '../../lib/errors';

const SECRET = 'tok_SECRET_classify_0123456789';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const ctx: AttemptContext = {
  request: 'GET /client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions?page=1&per_page=100',
  zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
  attempt: 2,
  route: 'https://api.cloudflare.com',
  redact: (text) => redactSecrets(text, [SECRET]),
  now: NOW,
};

// The API reference's documented failure, verbatim.
const DOCUMENTED_1146 = JSON.stringify({
  errors: [{ code: 1146, message: 'invalid per_page parameter, must be between 1 and 100' }],
  messages: [],
  result: null,
  success: false,
});

function answer(status: number, text = '', headers: { contentType?: string; retryAfter?: string } = {}): HttpAnswer {
  return { status, contentType: headers.contentType ?? 'application/json', retryAfter: headers.retryAfter, text };
}

function retry(decision: RetryDecision): RetryDecision & { kind: 'retry' } {
  assert.equal(decision.kind, 'retry', JSON.stringify(decision));
  return decision;
}

function failure(decision: RetryDecision): unknown {
  assert.equal(decision.kind, 'fail', JSON.stringify(decision));
  return decision.error;
}

test('classify: every 2xx answer is done, whatever its body (parsing it is the next step)', () => {
  for (const status of [200, 204, 299]) {
    const got = answer(status, '{"success":true}');
    assert.deepEqual(classifyAttempt({ answer: got }, ctx), { kind: 'done', answer: got });
  }
});

test('classify: a 4xx refusal fails at once with the Cloudflare errors and the advice', () => {
  const error = failure(classifyAttempt({ answer: answer(400, DOCUMENTED_1146) }, ctx));
  assert.ok(error instanceof CloudflareApiError);
  assert.equal(error.status, 400);
  assert.deepEqual(
    error.cloudflareErrors.map((e) => e.code),
    [1146],
  );
  assert.match(error.message, /per_page between 1 and 100/);
  for (const status of [401, 403, 404, 409]) {
    assert.ok(failure(classifyAttempt({ answer: answer(status, '') }, ctx)) instanceof CloudflareApiError, `${status}`);
  }
});

test('classify: 408, 429 and 5xx are retried; the last answer is described and kept as the cause', () => {
  for (const status of [408, 429, 500, 502, 503, 599]) {
    const decision = retry(classifyAttempt({ answer: answer(status, DOCUMENTED_1146) }, ctx));
    assert.equal(decision.status, status);
    assert.equal(decision.rateLimited, status === 429);
    assert.equal(decision.last, `HTTP ${status} (1146 invalid per_page parameter, must be between 1 and 100)`);
    assert.ok(decision.cause instanceof CloudflareApiError);
  }
  const html = retry(
    classifyAttempt({ answer: answer(502, '<html>\n<b>Bad gateway</b></html>', { contentType: 'text/html' }) }, ctx),
  );
  assert.equal(html.last, 'HTTP 502 (text/html), body starts "<html> <b>Bad gateway</b></html>"');
});

test('classify: Retry-After is read as delay-seconds or an HTTP-date against the answer time, on any retried status', () => {
  const cases: [string | undefined, number | undefined][] = [
    ['7', 7000],
    [' 0 ', 0],
    ['Sun, 01 Mar 2026 12:00:05 GMT', 5000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['1.5', undefined],
    ['-3', undefined],
  ];
  for (const [retryAfter, expected] of cases) {
    for (const status of [429, 503]) {
      const decision = retry(classifyAttempt({ answer: answer(status, '', { retryAfter }) }, ctx));
      assert.equal(decision.retryAfterMs, expected, `${status} Retry-After ${String(retryAfter)}`);
    }
  }
  // Not retried, so not waited for.
  assert.equal(classifyAttempt({ answer: answer(403, '', { retryAfter: '7' }) }, ctx).kind, 'fail');
});

test('classify: connection resets and timeouts are retried; the description names the code', () => {
  const reset = retry(
    classifyAttempt({ error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }, ctx),
  );
  assert.deepEqual(
    { status: reset.status, last: reset.last, retryAfterMs: reset.retryAfterMs, rateLimited: reset.rateLimited },
    { status: undefined, last: 'the connection was reset (ECONNRESET)', retryAfterMs: undefined, rateLimited: false },
  );
  const wrapped = new Error('fetch failed', {
    cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
  });
  assert.equal(retry(classifyAttempt({ error: wrapped }, ctx)).cause, wrapped);
});

test('classify: any other connection error fails with RequestFailedError, redacted, with the fix', () => {
  const error = failure(
    classifyAttempt(
      { error: Object.assign(new Error(`getaddrinfo ENOTFOUND ${SECRET}.example`), { code: 'ENOTFOUND' }) },
      ctx,
    ),
  );
  assert.ok(error instanceof RequestFailedError);
  assert.equal(error.attempts, 2);
  assert.equal(error.status, undefined);
  assert.match(error.message, /the host name does not resolve \(ENOTFOUND\)\. Check CLOUDFLARE_BASE_URL/);
  const unknown = failure(classifyAttempt({ error: new Error(`strange failure for ${SECRET}`) }, ctx));
  assert.ok(unknown instanceof RequestFailedError);
  assert.doesNotMatch(unknown.message, new RegExp(SECRET));
});

test("classify: the package's own errors fail as they are", () => {
  const capped = new RequestCapReachedError({ zoneId: undefined, maxRequests: 1, requestsSent: 1 }, 'cap');
  assert.equal(failure(classifyAttempt({ error: capped }, ctx)), capped);
});

test('classify: server text in a retried answer is redacted before it reaches a message', () => {
  const decision = retry(
    classifyAttempt({ answer: answer(500, `upstream said ${SECRET}`, { contentType: 'text/plain' }) }, ctx),
  );
  assert.doesNotMatch(decision.last, new RegExp(SECRET));
  assert.match(decision.last, /\[REDACTED\]/);
});
