import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, retryDelayMs } from '../../lib/client/backoff';

const policy = { baseMs: 100, maxMs: 1000 };

test('full jitter: delay is random * min(max, base * 2^(retry-1))', () => {
  assert.equal(
    backoffDelayMs(1, policy, () => 0.5),
    50,
  );
  assert.equal(
    backoffDelayMs(2, policy, () => 0.5),
    100,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0.5),
    200,
  );
  assert.equal(
    backoffDelayMs(10, policy, () => 0.5),
    500,
    'capped at maxMs',
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0),
    0,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0.999999),
    399,
  );
  assert.equal(
    backoffDelayMs(1000, policy, () => 0.999999),
    999,
    'huge retry numbers do not overflow',
  );
  assert.equal(
    backoffDelayMs(2, policy, () => Number.NaN),
    0,
    'a broken random source cannot produce NaN',
  );
});

test('Retry-After: delay-seconds and HTTP-date', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  assert.equal(parseRetryAfterMs('0', now), 0);
  assert.equal(parseRetryAfterMs('7', now), 7000);
  assert.equal(parseRetryAfterMs(' 2 ', now), 2000);
  assert.equal(parseRetryAfterMs('Sun, 01 Mar 2026 12:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now), 0, 'a past date means retry now');
  assert.equal(parseRetryAfterMs(['3', '9'], now), 3000);
  for (const bad of [undefined, '', '-1', '1.5', 'soon', '12abc']) {
    assert.equal(parseRetryAfterMs(bad, now), undefined, String(bad));
  }
});

test('retryDelayMs honours Retry-After up to the ceiling, else backs off', () => {
  const p = { ...policy, maxRetryAfterMs: 3000 };
  assert.equal(
    retryDelayMs(1, 2000, p, () => 0.5),
    2000,
  );
  assert.equal(
    retryDelayMs(1, 60_000, p, () => 0.5),
    3000,
  );
  assert.equal(
    retryDelayMs(2, undefined, p, () => 0.5),
    100,
  );
});

test('retryable statuses: 408, 429, 5xx and nothing else', () => {
  for (const s of [408, 429, 500, 502, 503, 504, 599]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [200, 301, 400, 401, 403, 404, 409, 422]) assert.equal(isRetryableStatus(s), false, String(s));
});
