import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { OriginCloudRegionsClient } from '../../lib/client/client';
import { CloudflareApiEmulator } from '../../lib/emulator/server';
import { InvalidInputError, type OriginCloudRegionsError } from '../../lib/errors';
import { RateBudgetExceededError, RateLimitedError, RequestCapReachedError } from '../../lib/errors/budget';
import {
  CloudflareApiError,
  DeadlineExceededError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
} from '../../lib/errors/client';
import { fetchZone, supportedRegionsFallbackCause } from '../../lib/lookup/fetch-zone';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_TOKEN } from '../support/constants';
import { testSeed } from '../support/seed';

describe('the fallback policy of supported_regions', () => {
  const budget = { zoneId: DEMO_ZONE, limit: 1200, windowMs: 300_000, deadlineMs: 60_000 };
  const times = { possibleAt: '2026-01-01T00:00:00Z', windowResetsAt: '2026-01-01T00:00:00Z' };

  test('a passing failure falls back, with a deterministic cause', () => {
    const cases: [OriginCloudRegionsError, RegExp][] = [
      [
        new RequestFailedError(3, 503, 'x'),
        /^supported_regions unavailable \(request failed after 3 attempts, last HTTP 503\)$/,
      ],
      [new RequestFailedError(1, undefined, 'x'), /after 1 attempt\)$/],
      [
        new CloudflareApiError(400, [{ code: 1159, message: 'Tiered Cache must be enabled' }], 'x'),
        /HTTP 400: 1159 Tiered Cache/,
      ],
      [new CloudflareApiError(404, [], 'x'), /HTTP 404: Tiered Cache may be off/],
      [new DeadlineExceededError(30_000, 2, 'x'), /no answer within 30000 ms/],
      [new ResponseFormatError(200, 'text/html', 'x'), /unusable answer, HTTP 200/],
    ];
    for (const [error, cause] of cases) assert.match(supportedRegionsFallbackCause(error) ?? '', cause, error.message);
  });

  test('refused credentials, rate-limit and budget stops, caller mistakes and bugs are never hidden', () => {
    const never: unknown[] = [
      new CloudflareApiError(401, [], 'x'),
      new CloudflareApiError(403, [{ code: 10000, message: 'Authentication error' }], 'x'),
      new CloudflareApiError(400, [{ code: 9106, message: 'Missing X-Auth-Key' }], 'x'),
      new CloudflareApiError(429, [{ code: 971, message: 'Please wait' }], 'x'),
      new RequestFailedError(4, 429, 'x'),
      new RateLimitedError(90_000, times.possibleAt, 60_000, 'x'),
      new RateBudgetExceededError({ ...budget, ...times, requestsNeeded: 36, requestsAvailable: 2 }, 'x'),
      new RequestCapReachedError({ zoneId: DEMO_ZONE, maxRequests: 10, requestsSent: 10 }, 'x'),
      new InvalidInputError('zoneId', 'x'),
      new MissingCredentialsError('CLOUDFLARE_API_TOKEN', 'x'),
      new Error('bug'),
    ];
    for (const error of never) assert.equal(supportedRegionsFallbackCause(error), undefined, String(error));
  });
});

describe('fetchZone over loopback', () => {
  let emulator: CloudflareApiEmulator;
  let client: OriginCloudRegionsClient;
  before(async () => {
    emulator = await CloudflareApiEmulator.start({ seed: testSeed() });
    client = new OriginCloudRegionsClient({ apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0, env: {} });
  });
  after(async () => {
    await client?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.clearFaults();
    emulator.resetStats();
  });

  test('lists the zone and its supported_regions, which validate it', async () => {
    const zone = await fetchZone(client, DEMO_ZONE);
    assert.equal(zone.list.mappings.length, 12);
    assert.equal(zone.authority.kind, 'supported_regions');
    assert.ok(zone.supportedRegions?.vendors.aws?.some((r) => r.name === 'us-east-1'));
    assert.equal(zone.fallback, undefined);
    assert.equal(emulator.stats().requests, 2);
  });

  test('without supported regions: one request, nothing fetched but the list', async () => {
    const zone = await fetchZone(client, DEMO_ZONE, { supportedRegions: false });
    assert.equal(zone.list.mappings.length, 12);
    assert.equal(zone.supportedRegions, undefined);
    assert.equal(zone.fallback, undefined);
    assert.equal(emulator.stats().requests, 1);
  });

  test('Tiered Cache off, or a server error: the catalog validates, and the fetch says why', async () => {
    const off = await fetchZone(client, NO_TIERED_CACHE_ZONE);
    assert.equal(off.authority.kind, 'catalog');
    assert.deepEqual(off.fallback, {
      cause:
        'supported_regions unavailable (HTTP 400: 1159 Tiered Cache must be enabled on the zone to use origin cloud regions.)',
      code: 'OCR_CLOUDFLARE_API',
    });
    assert.match(off.authority.reason ?? '', /^supported_regions unavailable \(HTTP 400.*bundled catalog/);
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'status', status: 503 });
    const failing = await fetchZone(client, DEMO_ZONE);
    assert.equal(failing.list.mappings.length, 12);
    assert.equal(failing.supportedRegions, undefined);
    assert.equal(failing.fallback?.code, 'OCR_REQUEST_FAILED');
    emulator.clearFaults();
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'reset' });
    assert.equal((await fetchZone(client, DEMO_ZONE)).fallback?.code, 'OCR_REQUEST_FAILED');
  });

  test('refused credentials and the rate limit fail the fetch with their own error', async () => {
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'status', status: 403 });
    await assert.rejects(fetchZone(client, DEMO_ZONE), (e) => e instanceof CloudflareApiError && e.status === 403);
    emulator.clearFaults();
    // No Retry-After: a 429 with one would hold every later request of this process.
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'rate-limit', retryAfter: '' });
    await assert.rejects(fetchZone(client, DEMO_ZONE), (e) => supportedRegionsFallbackCause(e) === undefined);
  });

  test('when both fail, the list’s error is the one thrown', async () => {
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'status', status: 403 });
    emulator.addFaults({ match: { path: 'cloud_regions$' }, kind: 'status', status: 404 });
    await assert.rejects(fetchZone(client, DEMO_ZONE), (e) => e instanceof CloudflareApiError && e.status === 404);
  });
});
