import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudflareApiError } from '../../lib/client/api-errors';
import { CloudflareApiError } from '../../lib/client/errors';
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
