import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Testing, TerraformStack, type App } from 'cdktf';
import { CloudflareApiError } from '../../lib/errors/client';
import { OriginCloudRegions, type OriginCloudRegionsProps } from '../../lib/construct';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { SnapshotMissingError, SnapshotZoneMismatchError } from '../../lib/errors/snapshot';
import { annotations, synth } from '../support/construct';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { useSeedResults } from '../support/results';
import { assertTerraformValidates } from '../support/terraform';

/*
 * The worker and emulator path of the construct: the batch fetch, API errors, snapshots. The construct's logic is
 * tested without a server in construct-logic.test.ts, from results that the first test here checks against the
 * emulator's answer.
 */

let emulator: EmulatorProcess;
before(async () => {
  emulator = await startTestEmulator({ order: 'insertion' });
});
after(async () => {
  await emulator?.stop();
});

function props(extra: Partial<OriginCloudRegionsProps> & { zoneId?: string } = {}): OriginCloudRegionsProps {
  return { zoneId: DEMO_ZONE, client: { apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0 }, ...extra };
}

function newStack(context: Record<string, unknown> = {}): { app: App; stack: TerraformStack } {
  const app = Testing.app({ context });
  return { app, stack: new TerraformStack(app, 'stack') };
}

describe('the worker path', () => {
  test('synthesizes the same stack as the seed results the logic tests use', () => {
    const build = (app: App): string => {
      const stack = new TerraformStack(app, 'stack');
      new OriginCloudRegions(
        stack,
        'a',
        props({ expect: [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-2' }] }),
      );
      new OriginCloudRegions(stack, 'b', props({ zoneId: NO_TIERED_CACHE_ZONE }));
      return Testing.synth(stack);
    };
    const resolved = Testing.app();
    useSeedResults(resolved);
    assert.equal(build(Testing.app()), build(resolved));
  });
});

describe('marker kinds', () => {
  // Runs terraform validate (a child process), so it lives here rather than with the logic tests.
  test('terraform_data carries triggers_replace and needs no provider; none emits no resource', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props({ marker: 'terraform_data', outputs: 'summary' }));
    new OriginCloudRegions(stack, 'b', props({ zoneId: NO_TIERED_CACHE_ZONE, marker: 'none' }));
    const { json, text } = synth(stack);
    const marker = json.resource!.terraform_data[`ocr_${DEMO_ZONE}_marker`];
    assert.deepEqual(
      Object.keys(marker).filter((k) => k !== '//'),
      ['triggers_replace'],
    );
    assert.equal((marker.triggers_replace as Record<string, string>)['192.0.2.10'], 'aws/us-east-1');
    assert.equal(json.provider, undefined);
    assert.equal(json.resource!.null_resource, undefined);
    assert.ok(json.output[`ocr_${NO_TIERED_CACHE_ZONE}_mappings`], 'outputs without a marker');
    assertTerraformValidates(text);
  });
});

describe('several zones', () => {
  test('are fetched in one concurrent batch, with per-zone outputs, one provider, and catalog fallback', async () => {
    await emulator.resetStats();
    await emulator.setLatency(300);
    try {
      const { stack } = newStack();
      const a = new OriginCloudRegions(stack, 'a', props());
      const b = new OriginCloudRegions(stack, 'b', props({ zoneId: NO_TIERED_CACHE_ZONE }));
      assert.equal(a.mappings.length, 12); // the first read resolves both zones
      const stats = await emulator.stats();
      assert.equal(stats.requests, 4, 'a listing and supported_regions per zone');
      assert.ok(stats.maxInFlight >= 2, `zones fetched concurrently (maxInFlight ${stats.maxInFlight})`);
      await emulator.resetStats();
      assert.equal(b.mappings.length, 3);
      assert.equal((await emulator.stats()).requests, 0, 'the second zone was already fetched');

      assert.equal(b.authority.kind, 'catalog');
      assert.match(b.authority.reason, /supported_regions unavailable \(HTTP 400.*Tiered Cache.*bundled catalog/);
      assert.equal(b.supportedRegions, undefined);
      const { json } = synth(stack);
      assert.ok(json.output[`ocr_${DEMO_ZONE}_mappings`] && json.output[`ocr_${NO_TIERED_CACHE_ZONE}_mappings`]);
      assert.equal(json.provider!.null.length, 1);
      assert.equal(Object.keys(json.resource!.null_resource).length, 2);
      const validation = json.output[`ocr_${NO_TIERED_CACHE_ZONE}_validation`].value as {
        authority: string;
        findings: Record<string, unknown>[];
      };
      assert.equal(validation.authority, 'catalog');
      assert.deepEqual(validation.findings, [
        {
          origin_ip: '198.51.100.77',
          kind: 'unknown-region',
          value: 'europe-west5',
          suggestion: 'europe-west1',
          message:
            'origin 198.51.100.77: region "europe-west5" is not a supported gcp region; did you mean "europe-west1"?',
        },
      ]);
      assert.deepEqual(
        json.output[`ocr_${NO_TIERED_CACHE_ZONE}_upper_tier_colos`].value,
        {},
        'the catalog knows no colos',
      );
      const info = annotations(b).filter((n) => n.type === '@cdktf/info');
      assert.equal(info.length, 1);
      assert.match(info[0].data, /bundled catalog/);
    } finally {
      await emulator.setLatency(0);
    }
  });

  test('the same zone in two stacks of one app is fetched once', async () => {
    const { app, stack } = newStack();
    const a = new OriginCloudRegions(stack, 'a', props());
    const b = new OriginCloudRegions(new TerraformStack(app, 'other'), 'a', props());
    await emulator.resetStats();
    assert.equal(a.mappings.length, 12);
    assert.equal(b.mappings.length, 12);
    assert.equal((await emulator.stats()).requests, 2, 'one listing and one supported_regions for both stacks');
  });
});

describe('errors and offline mode', () => {
  test('API errors reach the caller as the same class', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(
      stack,
      'a',
      props({ client: { apiToken: 'wrong-token-0000', baseUrl: emulator.baseUrl, maxRetries: 0 } }),
    );
    assert.throws(
      () => lookup.mappings,
      (e: unknown) => e instanceof CloudflareApiError && e.status === 403 && !e.message.includes('wrong-token-0000'),
    );
  });

  test('a snapshot written online gives a byte-identical offline synth; missing or foreign snapshots fail clearly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-snap-'));
    const online = newStack({ 'originCloudRegions:snapshotDir': dir });
    const written = new OriginCloudRegions(online.stack, 'a', props({ snapshot: true }));
    const onlineText = synth(online.stack).text;
    assert.equal(written.source, 'api');
    const snapshot = JSON.parse(readFileSync(path.join(dir, `${DEMO_ZONE}.json`), 'utf8')) as {
      zoneId: string;
      mappings: unknown[];
    };
    assert.equal(snapshot.zoneId, DEMO_ZONE);
    assert.equal(snapshot.mappings.length, 12);

    // No credentials and a dead base URL: only the snapshot can answer.
    const offline = newStack({ 'originCloudRegions:snapshotDir': dir, 'originCloudRegions:offline': true });
    const read = new OriginCloudRegions(offline.stack, 'a', {
      zoneId: DEMO_ZONE,
      client: { baseUrl: 'http://127.0.0.1:9/client/v4' },
    });
    assert.equal(synth(offline.stack).text, onlineText);
    assert.equal(read.source, 'snapshot');

    const missing = newStack({ 'originCloudRegions:snapshotDir': dir });
    const none = new OriginCloudRegions(missing.stack, 'a', { zoneId: 'd'.repeat(32), offline: true });
    assert.throws(
      () => none.mappings,
      (e: unknown) => e instanceof SnapshotMissingError && /ORIGIN_CLOUD_REGIONS_OFFLINE/.test(e.message),
    );

    const foreign = newStack();
    const wrong = new OriginCloudRegions(foreign.stack, 'a', {
      zoneId: 'e'.repeat(32),
      offline: true,
      snapshot: path.join(dir, `${DEMO_ZONE}.json`),
    });
    assert.throws(() => wrong.mappings, SnapshotZoneMismatchError);
  });
});
