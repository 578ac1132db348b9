import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudflareApiError, MissingCredentialsError, RequestFailedError } from '../../lib/errors/client';
import { LookupWorkerError } from '../../lib/errors/lookup';
import { CloudflareApiEmulator } from '../../lib/emulator/server';
import { InvalidInputError, OriginCloudRegionsError } from '../../lib/errors';
import { deserializeError, serializeError } from '../../lib/lookup/error-transport';
import { supportedRegionsFallbackCause } from '../../lib/lookup/fetch-zone';
import { lookupZones, lookupZonesSettled } from '../../lib/lookup/lookup-zones';
import { lookupZonesSync, lookupZonesSyncSettled } from '../../lib/lookup/sync';
import type { ZoneLookupRequest } from '../../lib/lookup/types';
import {
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotPathSharedError,
  SnapshotZoneMismatchError,
} from '../../lib/errors/snapshot';
import { InvalidExpectationError } from '../../lib/errors/expectations';
import { catalogAuthority } from '../../lib/validate/authority';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_TOKEN } from '../support/constants';
import { testSeed } from '../support/seed';

// lookupZones is async, so an in-process emulator can answer it (only the blocking bridge needs a child process).
let emulator: CloudflareApiEmulator;
before(async () => {
  emulator = await CloudflareApiEmulator.start({ seed: testSeed() });
});
after(async () => {
  await emulator?.close();
});

const env = (): Record<string, string> => ({});
function request(extra: Partial<ZoneLookupRequest> = {}): ZoneLookupRequest {
  return {
    zoneId: DEMO_ZONE,
    client: { apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0, env: {} },
    offline: false,
    ...extra,
  };
}

describe('lookupZones', () => {
  test('results carry sorted mappings, supported regions, authority, findings and source; identical requests are fetched once', async () => {
    emulator.resetStats();
    const [a, b] = await lookupZones([request(), request()], { env: env() });
    assert.deepEqual(a, b);
    assert.equal(emulator.stats().requests, 2, 'one listing page and one supported_regions');
    assert.equal(a.mappings.length, 12);
    assert.equal(a.mappings[0].originIp, '192.0.2.10');
    assert.equal(a.source, 'api');
    assert.equal(a.authority.kind, 'supported_regions');
    assert.ok(a.supportedRegions?.vendors.aws?.some((r) => r.name === 'us-east-1'));
    assert.deepEqual(
      a.findings.map((f) => [f.originIp, f.kind, f.suggestion]),
      [['192.0.2.99', 'unknown-region', 'us-east-1']],
    );
  });

  test('an origin IP the API sends in non-canonical form is flagged, naming the canonical form', async () => {
    emulator.addFaults({
      match: { path: `/zones/${DEMO_ZONE}/origin/cloud_regions$` },
      kind: 'envelope',
      times: 1,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: [{ origin_ip: '2001:DB8:0:0::1', vendor: 'aws', region: 'us-east-1' }],
        result_info: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 },
      },
    });
    try {
      const [result] = await lookupZones([request()], { env: env() });
      assert.deepEqual(
        result.mappings.map((m) => m.originIp),
        ['2001:db8::1'],
      );
      assert.deepEqual(
        result.findings.map((f) => [f.kind, f.originIp, f.value, f.suggestion]),
        [['non-canonical-ip', '2001:db8::1', '2001:DB8:0:0::1', '2001:db8::1']],
      );
    } finally {
      emulator.clearFaults();
    }
  });

  test('supported_regions refused (403) fails the lookup; unreachable → catalog authority with the reason', async () => {
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'status', status: 403 });
    try {
      await assert.rejects(
        lookupZones([request()], { env: env() }),
        (e) => e instanceof CloudflareApiError && e.status === 403,
      );
    } finally {
      emulator.clearFaults();
    }
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'reset' });
    try {
      const [r] = await lookupZones([request()], { env: env() });
      assert.equal(r.authority.kind, 'catalog');
      assert.equal(r.authority.fallbackCode, 'OCR_REQUEST_FAILED');
    } finally {
      emulator.clearFaults();
    }
  });

  test('bad input and missing credentials fail the lookup; the first failure in request order is thrown', async () => {
    await assert.rejects(lookupZones([request({ zoneId: 'nope' })]), InvalidInputError);
    await assert.rejects(
      lookupZones([{ zoneId: DEMO_ZONE, client: { baseUrl: emulator.baseUrl, env: {} }, offline: false }]),
      MissingCredentialsError,
    );
    await assert.rejects(
      lookupZones([
        request(),
        request({ client: { apiToken: 'bad-token-1234', baseUrl: emulator.baseUrl, maxRetries: 0, env: {} } }),
      ]),
      (e: unknown) => e instanceof CloudflareApiError && e.status === 403,
    );
  });

  test('nothing in the result depends on when it was fetched; snapshots round-trip', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-lookup-'));
    const file = path.join(dir, 'nested', 'zone.json');
    const [online] = await lookupZones(
      [request({ snapshot: file }), request({ zoneId: NO_TIERED_CACHE_ZONE, snapshot: true, snapshotDir: dir })],
      { env: env() },
    );
    assert.equal(online.snapshotPath, file);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      zoneId: string;
      fetchedAt: string;
      supportedRegions: unknown;
    };
    assert.equal(written.zoneId, DEMO_ZONE);
    assert.ok(written.supportedRegions !== null);
    const [offline, offlineNoTc] = await lookupZones(
      [
        { zoneId: DEMO_ZONE, snapshot: file, offline: true },
        { zoneId: NO_TIERED_CACHE_ZONE, snapshotDir: dir, offline: true },
      ],
      { env: env() },
    );
    const { snapshotPath: _a, source: _b, ...fromApi } = online;
    const { snapshotPath: _c, source: source, ...fromSnapshot } = offline;
    assert.equal(source, 'snapshot');
    assert.deepEqual(fromSnapshot, fromApi);
    assert.equal(offlineNoTc.authority.kind, 'catalog');
    assert.match(offlineNoTc.authority.reason, /snapshot holds no supported_regions/);
  });

  test('a passing supported_regions failure leaves the snapshot as it was; two labels of one zone fetch it once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-keep-sr-'));
    const file = path.join(dir, `${DEMO_ZONE}.json`);
    await lookupZones([request({ snapshot: file, label: 'prod' })], { env: env() });
    const first = readFileSync(file, 'utf8');
    emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'status', status: 503 });
    try {
      const [fallback] = await lookupZones([request({ snapshot: file, label: 'prod' })], { env: env() });
      assert.equal(fallback.authority.kind, 'catalog', 'this synth validated against the catalog');
    } finally {
      emulator.clearFaults();
    }
    assert.equal(readFileSync(file, 'utf8'), first, 'the snapshot kept its supported regions and changedAt');
    emulator.resetStats();
    await lookupZones([request({ snapshot: file, label: 'prod' }), request({ snapshot: file, label: 'staging' })], {
      env: env(),
    });
    assert.equal(emulator.stats().requests, 2, 'one listing and one supported_regions for both labels');
    assert.equal(readFileSync(file, 'utf8'), first, "the first request's label is written, so nothing changed");
  });

  test('two zones set to write one snapshot file: a typed error naming both and the file, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-shared-'));
    const file = path.join(dir, 'shared.json');
    const outcomes = await lookupZonesSettled(
      [
        request({ snapshot: file }),
        request({ zoneId: NO_TIERED_CACHE_ZONE, snapshot: path.relative(process.cwd(), file) }),
        request({ zoneId: NO_TIERED_CACHE_ZONE, snapshot: path.join(dir, 'own.json') }),
      ],
      { env: env() },
    );
    for (const outcome of outcomes.slice(0, 2)) {
      assert.ok(!outcome.ok && outcome.error instanceof SnapshotPathSharedError, String(!outcome.ok && outcome.error));
      const error = outcome.error;
      assert.equal(error.code, 'OCR_SNAPSHOT_PATH_SHARED');
      assert.deepEqual(error.zoneIds, [DEMO_ZONE, NO_TIERED_CACHE_ZONE]);
      assert.ok(error.message.includes(DEMO_ZONE) && error.message.includes(NO_TIERED_CACHE_ZONE));
      assert.ok(error.message.includes(file), error.message);
    }
    assert.equal(existsSync(file), false, 'neither zone wrote it');
    assert.ok(outcomes[2].ok, 'a zone with a file of its own is looked up and written');
    assert.equal(existsSync(path.join(dir, 'own.json')), true);
  });

  test('offline: the environment switches it on; missing, unreadable and foreign snapshots fail clearly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-offline-'));
    const offlineEnv = { ORIGIN_CLOUD_REGIONS_OFFLINE: 'true', ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: dir };
    await assert.rejects(
      lookupZones([{ zoneId: DEMO_ZONE }], { env: offlineEnv }),
      (e: unknown) => e instanceof SnapshotMissingError && e.message.includes(DEMO_ZONE),
    );
    writeFileSync(path.join(dir, `${DEMO_ZONE}.json`), '{ not json');
    await assert.rejects(lookupZones([{ zoneId: DEMO_ZONE }], { env: offlineEnv }), SnapshotInvalidError);
    await lookupZones([request({ zoneId: NO_TIERED_CACHE_ZONE, snapshot: path.join(dir, 'other.json') })], {
      env: env(),
    });
    await assert.rejects(
      lookupZones([{ zoneId: DEMO_ZONE, snapshot: path.join(dir, 'other.json'), offline: true }]),
      SnapshotZoneMismatchError,
    );
    await assert.rejects(
      lookupZones([{ zoneId: DEMO_ZONE }], { env: { ORIGIN_CLOUD_REGIONS_OFFLINE: 'yes' } }),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'ORIGIN_CLOUD_REGIONS_OFFLINE',
    );
  });
});

describe('errors across the worker boundary', () => {
  test('serialize → deserialize keeps the class, code and fields', () => {
    const samples: Error[] = [
      new CloudflareApiError(403, [{ code: 10000, message: 'Authentication error' }], 'refused. Fix the token.'),
      new InvalidInputError('zoneId', 'bad zone. Fix it.'),
      new RequestFailedError(5, 503, 'kept failing. Retry later.'),
      new InvalidExpectationError(
        [{ field: 'expect[0].region', message: 'nope', suggestion: 'us-east-1' }],
        catalogAuthority(),
      ),
      new TypeError('plain'),
    ];
    for (const original of samples) {
      const copy = deserializeError(structuredClone(serializeError(original)));
      assert.equal(Object.getPrototypeOf(copy), Object.getPrototypeOf(original), original.name);
      assert.equal(copy.message, original.message);
      assert.equal(copy.name, original.name);
      for (const key of Object.keys(original))
        assert.deepEqual(
          (copy as unknown as Record<string, unknown>)[key],
          (original as unknown as Record<string, unknown>)[key],
          `${original.name}.${key}`,
        );
    }
    const unknown = deserializeError({ name: 'FutureError', message: 'm', fields: { code: 'OCR_FUTURE' } });
    assert.ok(unknown instanceof OriginCloudRegionsError);
  });

  test('the fallback decision: API, network and format errors fall back; caller mistakes do not', () => {
    assert.match(
      supportedRegionsFallbackCause(
        new CloudflareApiError(400, [{ code: 1159, message: 'Tiered Cache must be enabled' }], 'x'),
      )!,
      /HTTP 400: 1159 Tiered Cache/,
    );
    assert.match(supportedRegionsFallbackCause(new RequestFailedError(1, undefined, 'x'))!, /after 1 attempt\)/);
    assert.equal(supportedRegionsFallbackCause(new InvalidInputError('zoneId', 'x')), undefined);
    assert.equal(supportedRegionsFallbackCause(new MissingCredentialsError('CLOUDFLARE_API_TOKEN', 'x')), undefined);
    assert.equal(supportedRegionsFallbackCause(new Error('bug')), undefined);
  });

  test('lookupZonesSync blocks until the worker answers and rethrows the same error class', () => {
    // No request reaches a server: credentials are checked before any request.
    assert.throws(
      () => lookupZonesSync([{ zoneId: DEMO_ZONE, client: { env: {} }, offline: false }]),
      MissingCredentialsError,
    );
    assert.throws(
      () => lookupZonesSync([{ zoneId: 'XYZ', offline: false }]),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'zoneId',
    );
    assert.deepEqual(lookupZonesSync([]), []);
  });

  test('the worker hands over each zone as it settles: a zone ready early arrives while another never answers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-stream-'));
    const file = path.join(dir, 'zone.json');
    await lookupZones([request({ snapshot: file })], { env: env() });
    // A running worker first: starting one (the TypeScript loader and the library) takes seconds on a loaded machine,
    // and the backstop below is about the lookups, which a running worker settles in milliseconds.
    lookupZonesSync([{ zoneId: DEMO_ZONE, snapshot: file, offline: true }]);
    const seen: [number, string][] = [];
    // Request 1 reads its snapshot at once; request 0 goes to this emulator, which cannot answer while this thread
    // is blocked, and request 2 is refused before any request is sent.
    assert.throws(
      () =>
        lookupZonesSyncSettled(
          [request(), { zoneId: DEMO_ZONE, snapshot: file, offline: true }, { zoneId: 'XYZ', offline: false }],
          {
            timeoutMs: 3000,
            onSettled: (index, outcome) =>
              seen.push([index, outcome.ok ? outcome.result.source : (outcome.error as Error).constructor.name]),
          },
        ),
      (e: unknown) => e instanceof LookupWorkerError && /did not finish within 3000 ms/.test(e.message),
    );
    assert.deepEqual(
      seen.sort((a, b) => a[0] - b[0]),
      [
        [1, 'snapshot'],
        [2, 'InvalidInputError'],
      ],
    );
    // A batch that finishes tells every outcome once, the same as it returns.
    const told = new Map<number, unknown>();
    const outcomes = lookupZonesSyncSettled(
      [
        { zoneId: DEMO_ZONE, snapshot: file, offline: true },
        { zoneId: 'XYZ', offline: false },
      ],
      { onSettled: (index, outcome) => told.set(index, outcome) },
    );
    assert.equal(told.size, 2);
    outcomes.forEach((o, i) => assert.equal(told.get(i), o));
    assert.ok(outcomes[0].ok && !outcomes[1].ok && outcomes[1].error instanceof InvalidInputError);
  });

  test('a lookup that never answers ends at the backstop timeout, and the next call gets a fresh worker', () => {
    // This emulator lives on the blocked thread, so it cannot answer: the worker waits until the backstop.
    assert.throws(
      () => lookupZonesSync([request()], { timeoutMs: 400 }),
      (e: unknown) => e instanceof LookupWorkerError && /did not finish within 400 ms/.test(e.message),
    );
    assert.throws(
      () => lookupZonesSync([{ zoneId: DEMO_ZONE, client: { env: {} }, offline: false }]),
      MissingCredentialsError,
    );
  });
});
