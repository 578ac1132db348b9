import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError } from '../../lib/errors';
import { resolveClientConfig, USER_AGENT } from '../../lib/client/config';
import { MissingCredentialsError } from '../../lib/errors/client';
import { validatePerPage, validateZoneId } from '../../lib/client/validate-input';

const TOKEN = 'tok_config_test_abcdef123456';
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

function fieldOf(fn: () => unknown): { field: string; message: string; name: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof MissingCredentialsError) {
      return { field: error.field, message: error.message, name: error.name };
    }
    throw error;
  }
  assert.fail('expected a typed error');
}

test('defaults are the documented ones and the config is frozen', () => {
  const c = resolveClientConfig({ env: { CLOUDFLARE_API_TOKEN: TOKEN } });
  assert.equal(c.perPage, 100);
  assert.equal(c.pageConcurrency, 64);
  assert.equal(c.attemptTimeoutMs, 10_000);
  assert.equal(c.deadlineMs, 60_000);
  assert.equal(c.maxRetries, 4);
  assert.equal(c.maxRetryAfterMs, 30_000);
  assert.equal(c.maxBodyBytes, 8 * 1024 * 1024);
  assert.equal(c.origin, 'https://api.cloudflare.com');
  assert.equal(c.basePath, '/client/v4');
  assert.ok(Object.isFrozen(c));
  assert.equal(c.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(c.headers['user-agent'], /^cdktf-origin-cloud-regions\/\d+\.\d+\.\d+/);
  assert.equal(c.headers['user-agent'], USER_AGENT);
});

test('email + key become X-Auth headers; a token wins over them', () => {
  const key = resolveClientConfig({
    env: { CLOUDFLARE_EMAIL: 'ops@example.com', CLOUDFLARE_API_KEY: 'key_abcdef123456' },
  });
  assert.equal(key.headers['x-auth-email'], 'ops@example.com');
  assert.equal(key.headers['x-auth-key'], 'key_abcdef123456');
  assert.equal(key.headers.authorization, undefined);
  const both = resolveClientConfig({ env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_EMAIL: 'ops@example.com' } });
  assert.equal(both.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(both.headers['x-auth-key'], undefined);
});

test('options override the environment', () => {
  const c = resolveClientConfig({
    apiToken: TOKEN,
    baseUrl: 'http://127.0.0.1:9/client/v4/',
    attemptTimeoutMs: 50,
    env: {
      CLOUDFLARE_API_TOKEN: 'other_token_zzzz',
      ORIGIN_CLOUD_REGIONS_TIMEOUT_MS: '999',
      ORIGIN_CLOUD_REGIONS_MAX_RETRIES: '2',
    },
  });
  assert.equal(c.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(c.origin, 'http://127.0.0.1:9');
  assert.equal(c.basePath, '/client/v4');
  assert.equal(c.attemptTimeoutMs, 50);
  assert.equal(c.maxRetries, 2);
});

test('missing or half-given credentials name the variable to set', () => {
  let e = fieldOf(() => resolveClientConfig({ env: {} }));
  assert.equal(e.name, 'MissingCredentialsError');
  assert.equal(e.field, 'CLOUDFLARE_API_TOKEN');
  assert.match(e.message, /CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY/);
  e = fieldOf(() => resolveClientConfig({ env: { CLOUDFLARE_EMAIL: 'ops@example.com' } }));
  assert.equal(e.field, 'CLOUDFLARE_API_KEY');
  e = fieldOf(() => resolveClientConfig({ env: { CLOUDFLARE_API_KEY: 'key_abcdef123456' } }));
  assert.equal(e.field, 'CLOUDFLARE_EMAIL');
  assert.doesNotMatch(e.message, /key_abcdef123456/);
  e = fieldOf(() => resolveClientConfig({ apiEmail: 'ops@example.com', env: {} }));
  assert.equal(e.field, 'apiKey');
  e = fieldOf(() => resolveClientConfig({ env: { CLOUDFLARE_API_TOKEN: '' } }));
  assert.equal(e.field, 'CLOUDFLARE_API_TOKEN');
});

test('credentials with whitespace are refused without echoing them', () => {
  const e = fieldOf(() => resolveClientConfig({ env: { CLOUDFLARE_API_TOKEN: `${TOKEN}\n` } }));
  assert.equal(e.field, 'CLOUDFLARE_API_TOKEN');
  assert.doesNotMatch(e.message, new RegExp(TOKEN));
});

test('base URL: must parse, must be http(s), plain http only to loopback', () => {
  const env = { CLOUDFLARE_API_TOKEN: TOKEN };
  assert.equal(fieldOf(() => resolveClientConfig({ env, baseUrl: 'not a url' })).field, 'baseUrl');
  assert.match(fieldOf(() => resolveClientConfig({ env, baseUrl: 'ftp://example.com/' })).message, /http\(s\)/);
  const clear = fieldOf(() =>
    resolveClientConfig({ env: { ...env, CLOUDFLARE_BASE_URL: 'http://api.example.com/client/v4' } }),
  );
  assert.equal(clear.field, 'CLOUDFLARE_BASE_URL');
  assert.match(clear.message, /clear text/);
  assert.match(
    fieldOf(() => resolveClientConfig({ env, baseUrl: 'https://u:p@api.example.com/' })).message,
    /user name or password/,
  );
  for (const ok of [
    'http://127.0.0.1:1/client/v4',
    'http://localhost:1/x',
    'http://[::1]:1/x',
    'https://api.example.com/client/v4',
  ]) {
    assert.doesNotThrow(() => resolveClientConfig({ env, baseUrl: ok }), ok);
  }
});

test('numeric options and environment variables are validated with their names', () => {
  const env = { CLOUDFLARE_API_TOKEN: TOKEN };
  assert.equal(fieldOf(() => resolveClientConfig({ env, perPage: 0 })).field, 'perPage');
  assert.equal(fieldOf(() => resolveClientConfig({ env, perPage: 101 })).field, 'perPage');
  assert.equal(fieldOf(() => resolveClientConfig({ env, perPage: 2.5 })).field, 'perPage');
  assert.equal(fieldOf(() => resolveClientConfig({ env, pageConcurrency: 0 })).field, 'pageConcurrency');
  assert.equal(fieldOf(() => resolveClientConfig({ env, maxRetries: -1 })).field, 'maxRetries');
  assert.equal(
    fieldOf(() => resolveClientConfig({ env: { ...env, ORIGIN_CLOUD_REGIONS_TIMEOUT_MS: 'soon' } })).field,
    'ORIGIN_CLOUD_REGIONS_TIMEOUT_MS',
  );
  assert.equal(
    fieldOf(() => resolveClientConfig({ env: { ...env, ORIGIN_CLOUD_REGIONS_DEADLINE_MS: '0' } })).field,
    'ORIGIN_CLOUD_REGIONS_DEADLINE_MS',
  );
  assert.equal(
    fieldOf(() => resolveClientConfig({ env: { ...env, ORIGIN_CLOUD_REGIONS_CONCURRENCY: '1000' } })).field,
    'ORIGIN_CLOUD_REGIONS_CONCURRENCY',
  );
});

test('zone id: 32 lowercase hex, with a fix for each kind of mistake', () => {
  assert.equal(validateZoneId(ZONE), ZONE);
  const upper = fieldOf(() => validateZoneId(ZONE.toUpperCase()));
  assert.equal(upper.field, 'zoneId');
  assert.match(upper.message, /lowercase/);
  assert.ok(upper.message.includes(ZONE), 'suggests the lowercased id');
  assert.match(fieldOf(() => validateZoneId(` ${ZONE}\n`)).message, /spaces or line breaks/);
  assert.match(fieldOf(() => validateZoneId('example.com')).message, /32 lowercase hexadecimal/);
  assert.match(fieldOf(() => validateZoneId('')).message, /missing/);
  assert.equal(fieldOf(() => validateZoneId(ZONE.slice(1))).field, 'zoneId');
  assert.equal(fieldOf(() => validateZoneId(undefined)).field, 'zoneId');
});

test('per_page: integers 1..100 only', () => {
  assert.equal(validatePerPage(1), 1);
  assert.equal(validatePerPage(100), 100);
  for (const bad of [0, 101, -5, 1.5, Number.NaN, '20']) {
    assert.equal(fieldOf(() => validatePerPage(bad)).field, 'perPage', String(bad));
  }
});
