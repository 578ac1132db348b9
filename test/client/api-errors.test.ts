import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudflareApiError } from '../../lib/client/api-errors';
import { CloudflareApiError } from '../../lib/errors/client';
import { redactSecrets } from '../../lib/client/redact';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ctx = (status: number) => ({
  request: `GET /client/v4/zones/${ZONE}/origin/cloud_regions?page=1&per_page=100`,
  status,
  zoneId: ZONE,
  redact: (t: string) => t,
});

test('each Cloudflare error gets a message that says what to do', () => {
  const cases: [number, number, RegExp][] = [
    [403, 10000, /Zone → Zone Settings: Read.*zone id/],
    [403, 9109, /Zone → Zone Settings: Read/],
    [400, 9106, /Set CLOUDFLARE_API_TOKEN/],
    [403, 9103, /CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY/],
    [404, 1142, /does not exist/],
    [400, 1146, /per_page between 1 and 100/],
    [404, 7003, /Check the zone id/],
    [429, 971, /rate-limited/],
    [400, 1159, /Enable Tiered Cache/],
  ];
  for (const [status, code, advice] of cases) {
    const e = cloudflareApiError(ctx(status), [{ code, message: `message ${code}` }]);
    assert.ok(e instanceof CloudflareApiError);
    assert.equal(e.code, 'OCR_CLOUDFLARE_API');
    assert.equal(e.status, status);
    assert.deepEqual(e.cloudflareErrors, [{ code, message: `message ${code}` }]);
    assert.match(e.message, advice, `${status}/${code}: ${e.message}`);
    assert.ok(e.message.includes(`${code} message ${code}`), 'quotes Cloudflare');
    assert.ok(e.message.includes('HTTP ' + status));
  }
});

test('a 403 without Cloudflare codes still points at the token permission', () => {
  const e = cloudflareApiError(ctx(403), [], 'HTTP 403 (text/html), body starts "<html>"');
  assert.match(e.message, /Zone Settings: Read/);
  assert.deepEqual(e.cloudflareErrors, []);
});

test('secrets in Cloudflare messages are redacted', () => {
  const secret = 'leaky_token_123456';
  const e = cloudflareApiError({ ...ctx(400), redact: (t) => redactSecrets(t, [secret]) }, [
    { code: 6003, message: `bad header ${secret}` },
  ]);
  assert.doesNotMatch(e.message, /leaky_token/);
  assert.doesNotMatch(e.cloudflareErrors[0].message, /leaky_token/);
});

test('server text in a refusal is escaped and cut, entries are capped, documentation URLs must be https', () => {
  const hostile = `\u001b[2J\u001b]0;title\u0007\r\n\u202e${'x'.repeat(1000)}`;
  const errors = Array.from({ length: 30 }, (_, i) => ({
    code: 1000 + i,
    message: hostile,
    documentationUrl: i === 0 ? 'https://developers.cloudflare.com/\u202e' : 'javascript:alert(1)',
  }));
  const e = cloudflareApiError(ctx(400), errors);
  assert.equal(e.cloudflareErrors.length, 20, 'at most MAX_KEPT_CLOUDFLARE_ERRORS entries are kept');
  assert.match(e.message, /1004 .*; and 25 more\)/, 'five are listed, the rest counted');
  assert.equal(e.cloudflareErrors[0].documentationUrl, 'https://developers.cloudflare.com/\\u{202e}');
  assert.equal(e.cloudflareErrors[1].documentationUrl, undefined, 'only https URLs are kept');
  // eslint-disable-next-line no-control-regex -- control characters are what must not be there
  const raw = /[\u0000-\u001f\u007f-\u009f\u202e]/;
  assert.doesNotMatch(e.message, raw);
  assert.doesNotMatch(e.cloudflareErrors[0].message, raw);
  assert.ok(e.cloudflareErrors[0].message.startsWith('\\x1b[2J\\x1b]0;title\\x07\\x0d\\x0a\\u{202e}xxx'));
  assert.ok(e.cloudflareErrors[0].message.endsWith('… (1017 characters)'), e.cloudflareErrors[0].message.slice(-40));
  assert.ok(e.message.length < 2000);
});
