import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Testing, TerraformStack, type App } from 'cdktf';
import { CloudflareApiError } from '../../lib/client/errors';
import { OriginCloudRegions, type OriginCloudRegionsProps } from '../../lib/construct';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { InvalidInputError } from '../../lib/errors';
import { SnapshotMissingError, SnapshotZoneMismatchError } from '../../lib/snapshot/errors';
import { InvalidExpectationError } from '../../lib/validate/validate-expectations';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { assertTerraformValidates } from '../support/terraform';
import { demoMappings } from '../support/seed';

let emulator: EmulatorProcess;
before(async () => {
  emulator = await startTestEmulator({ order: 'insertion' });
});
after(async () => {
  await emulator?.stop();
});

function props(extra: Partial<OriginCloudRegionsProps> & { zoneId?: string } = {}): OriginCloudRegionsProps {
  return { zoneId: DEMO_ZONE, apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0, ...extra };
}

function newStack(context: Record<string, unknown> = {}): { app: App; stack: TerraformStack } {
  const app = Testing.app({ context });
  return { app, stack: new TerraformStack(app, 'stack') };
}

interface Synthesized {
  output: Record<string, { value: unknown }>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
}

function synth(stack: TerraformStack): { text: string; json: Synthesized } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as Synthesized };
}

function annotations(lookup: OriginCloudRegions): { type: string; data: string }[] {
  return lookup.node.metadata
    .filter((m) => m.type.startsWith('@cdktf/'))
    .map((m) => ({ type: m.type, data: String(m.data) }));
}

describe('outputs and marker', () => {
  let json: Synthesized;
  let text: string;
  let lookup: OriginCloudRegions;
  before(() => {
    const { stack } = newStack();
    lookup = new OriginCloudRegions(stack, 'origins', props());
    ({ json, text } = synth(stack));
  });

  test('ocr_Z_mappings maps every origin IP to "vendor/region", no modified_on', () => {
    const value = json.output[`ocr_${DEMO_ZONE}_mappings`].value as Record<string, string>;
    // cdktf writes object keys sorted as strings, so the file is the same whatever order the API used.
    assert.deepEqual(Object.keys(value), [
      '192.0.2.10',
      '192.0.2.11',
      '192.0.2.20',
      '192.0.2.99',
      '198.51.100.5',
      '198.51.100.6',
      '2001:db8:1000::20',
      '2001:db8:2000::5',
      '2001:db8:3000::10',
      '203.0.113.40',
      '203.0.113.7',
      '203.0.113.8',
    ]);
    assert.equal(value['192.0.2.10'], 'aws/us-east-1');
    assert.equal(value['192.0.2.99'], 'aws/us-east-3');
    assert.ok(!text.includes('modified_on'));
  });

  test('vendor counts, upper-tier colos per vendor/region, summary and validation outputs', () => {
    assert.deepEqual(json.output[`ocr_${DEMO_ZONE}_vendor_counts`].value, { aws: 5, azure: 2, gcp: 3, oci: 2 });
    const colos = json.output[`ocr_${DEMO_ZONE}_upper_tier_colos`].value as Record<string, string[]>;
    assert.deepEqual(colos['aws/us-east-1'], ['IAD', 'EWR']);
    assert.equal(colos['aws/us-east-3'], undefined, 'a stale region has no known colos');
    assert.ok(
      Object.keys(colos).every((k) => /^[a-z]+\/[a-z0-9-]+$/.test(k)),
      'keyed by vendor/region, once each',
    );
    assert.deepEqual(json.output[`ocr_${DEMO_ZONE}_summary`].value, {
      zone_id: DEMO_ZONE,
      mappings: 12,
      authority: 'supported_regions',
      findings: 1,
    });
    assert.deepEqual(json.output[`ocr_${DEMO_ZONE}_validation`].value, {
      authority: 'supported_regions',
      findings: [
        {
          origin_ip: '192.0.2.99',
          kind: 'unknown-region',
          value: 'us-east-3',
          suggestion: 'us-east-1',
          message: 'origin 192.0.2.99: region "us-east-3" is not a supported aws region; did you mean "us-east-1"?',
        },
      ],
    });
    assert.equal(json.output[`ocr_${DEMO_ZONE}_drift`], undefined, 'no drift output without expectations');
  });

  test('null_resource marker whose triggers are the digest of the mappings output, and one null provider', () => {
    const marker = json.resource!.null_resource[`ocr_${DEMO_ZONE}_marker`];
    const mappings = json.output[`ocr_${DEMO_ZONE}_mappings`].value as Record<string, string>;
    const lines = Object.entries(mappings)
      .map(([ip, placement]) => `${ip}=${placement}\n`)
      .sort()
      .join('');
    assert.deepEqual(marker.triggers, {
      mappings_sha256: createHash('sha256').update(lines).digest('hex'),
      mappings: '12',
    });
    assert.equal(mappings['2001:db8:3000::10'], 'oci/eu-frankfurt-1', 'the pairs are in the output, once');
    assert.equal(json.provider!.null.length, 1);
  });

  test('data is plain synth-time values: mappings, forVendor, find in any notation, findings, authority', () => {
    assert.equal(lookup.mappings.length, 12);
    assert.deepEqual(
      lookup.forVendor('gcp').map((m) => m.originIp),
      ['198.51.100.5', '198.51.100.6', '2001:db8:2000::5'],
    );
    assert.equal(lookup.find('2001:DB8:3000:0::10')?.region, 'eu-frankfurt-1');
    assert.equal(lookup.find('192.0.2.250'), undefined);
    assert.throws(() => lookup.find('not-an-ip'), InvalidInputError);
    assert.deepEqual(lookup.upperTierColos('192.0.2.10'), ['IAD', 'EWR']);
    assert.equal(lookup.findings.length, 1);
    assert.equal(lookup.authority.kind, 'supported_regions');
    assert.equal(lookup.source, 'api');
    assert.equal(lookup.drift, undefined);
  });

  test('a finding is a warning annotation by default, naming the origin and the did-you-mean', () => {
    const notes = annotations(lookup);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].type, '@cdktf/warn');
    assert.match(notes[0].data, /192\.0\.2\.99.*"us-east-3".*did you mean "us-east-1"/);
  });

  test('no credential appears in the synthesized JSON', () => {
    assert.ok(!text.includes(TEST_TOKEN));
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

  test('two lookups of one zone in one stack are refused; other stacks may look it up again', () => {
    const { app, stack } = newStack();
    new OriginCloudRegions(stack, 'a', props());
    assert.throws(
      () => new OriginCloudRegions(stack, 'b', props()),
      (e: unknown) => e instanceof InvalidInputError && /looked up twice/.test(e.message),
    );
    const other = new TerraformStack(app, 'other');
    assert.doesNotThrow(() => new OriginCloudRegions(other, 'a', props()));
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

  test('label: validated, and carried into the summary output and descriptions', () => {
    const { stack } = newStack();
    assert.throws(
      () => new OriginCloudRegions(stack, 'bad', props({ label: 'a\nb' })),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'label',
    );
    new OriginCloudRegions(stack, 'a', props({ label: 'shop-prod', outputs: 'summary' }));
    const { json } = synth(stack);
    assert.deepEqual(Object.keys(json.output).sort(), [
      `ocr_${DEMO_ZONE}_summary`,
      `ocr_${DEMO_ZONE}_validation`,
      `ocr_${DEMO_ZONE}_vendor_counts`,
    ]);
    assert.equal((json.output[`ocr_${DEMO_ZONE}_summary`].value as { label: string }).label, 'shop-prod');
    const triggers = json.resource!.null_resource[`ocr_${DEMO_ZONE}_marker`].triggers as Record<string, string>;
    assert.equal(Object.keys(triggers).length, 12, "outputs: 'summary' keeps the marker, with the pairs");
    assert.equal(triggers['2001:db8:3000::10'], 'oci/eu-frankfurt-1');
  });

  test('forVendor refuses a typo with a did-you-mean instead of silently matching nothing', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(stack, 'a', props());
    assert.throws(
      () => lookup.forVendor('gpc'),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'vendor' && /did you mean "gcp"\?/.test(e.message),
    );
    assert.throws(() => lookup.forVendor('GCP'), /did you mean "gcp"\?/);
    assert.deepEqual(lookup.forVendor('oci').length, 2);
    assert.throws(
      () => lookup.find('not-an-ip'),
      (e: unknown) => e instanceof InvalidInputError && e.stack === `${e.name} [${e.code}]: ${e.message}`,
      'errors reach the user as one line, with no trace into this package',
    );
  });

  test('bad props fail in the constructor', () => {
    const { stack } = newStack();
    assert.throws(() => new OriginCloudRegions(stack, 'z', props({ zoneId: 'ABC' })), InvalidInputError);
    assert.throws(
      () => new OriginCloudRegions(stack, 'm', props({ marker: 'bogus' as never })),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'marker',
    );
    assert.throws(
      () => new OriginCloudRegions(stack, 'p', props({ expectPolicy: 'explode' as never })),
      InvalidInputError,
    );
  });
});

describe('marker kinds', () => {
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

  test('both marker shapes change with a region, and not with a modified_on-only change', async () => {
    const triggersNow = (): { digest: Record<string, string>; pairs: Record<string, string> } => {
      const { stack } = newStack();
      new OriginCloudRegions(stack, 'a', props());
      const other = newStack().stack;
      new OriginCloudRegions(other, 'a', props({ outputs: 'summary' }));
      return {
        digest: synth(stack).json.resource!.null_resource[`ocr_${DEMO_ZONE}_marker`].triggers as Record<string, string>,
        pairs: synth(other).json.resource!.null_resource[`ocr_${DEMO_ZONE}_marker`].triggers as Record<string, string>,
      };
    };
    const original = demoMappings();
    try {
      const first = triggersNow();
      assert.deepEqual(Object.keys(first.digest), ['mappings', 'mappings_sha256']);
      await emulator.setMappings(
        DEMO_ZONE,
        original.map((m) => ({ ...m, modified_on: '2030-01-01T00:00:00Z' })),
      );
      assert.deepEqual(triggersNow(), first);
      await emulator.setMappings(
        DEMO_ZONE,
        original.map((m) => (m.origin_ip === '192.0.2.20' ? { ...m, region: 'eu-west-2' } : m)),
      );
      const moved = triggersNow();
      assert.notEqual(moved.digest.mappings_sha256, first.digest.mappings_sha256);
      assert.equal(moved.digest.mappings, first.digest.mappings, 'a move keeps the count');
      assert.notDeepEqual(moved.pairs, first.pairs);
      assert.equal(moved.pairs['192.0.2.20'], 'aws/eu-west-2');
    } finally {
      await emulator.setMappings(DEMO_ZONE, original);
    }
  });
});

describe('strict', () => {
  test('strict turns findings into error annotations, which fail a full synth', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(stack, 'a', props({ strict: true }));
    Testing.synth(stack);
    const notes = annotations(lookup);
    assert.deepEqual(
      notes.map((n) => n.type),
      ['@cdktf/error'],
    );
    assert.throws(() => Testing.fullSynth(stack), /us-east-3/);
  });

  test('without findings, strict synthesizes cleanly', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props({ strict: true, zoneId: 'c'.repeat(32) }));
    assert.doesNotThrow(() => Testing.fullSynth(stack));
  });
});

describe('expectations', () => {
  test('in sync: drift output in_sync, no annotation', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(
      stack,
      'a',
      props({ expect: [{ originIp: '2001:DB8:1000:0::20', vendor: 'aws', region: 'us-west-2' }] }),
    );
    const { json } = synth(stack);
    assert.deepEqual(json.output[`ocr_${DEMO_ZONE}_drift`].value, {
      in_sync: true,
      missing: [],
      mismatched: [],
      unexpected: [],
    });
    assert.equal(lookup.drift?.inSync, true);
    assert.equal(annotations(lookup).filter((n) => /expected/.test(n.data)).length, 0);
  });

  test('missing, mismatched and (opt-in) unexpected; fail policy is an error annotation', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(
      stack,
      'a',
      props({
        zoneId: NO_TIERED_CACHE_ZONE,
        expect: [
          { originIp: '198.51.100.78', vendor: 'aws', region: 'ap-southeast-1' },
          { originIp: '192.0.2.1', vendor: 'gcp', region: 'us-central1' },
        ],
        expectPolicy: 'fail',
        reportUnexpected: true,
      }),
    );
    const { json } = synth(stack);
    assert.deepEqual(json.output[`ocr_${NO_TIERED_CACHE_ZONE}_drift`].value, {
      in_sync: false,
      missing: [{ origin_ip: '192.0.2.1', vendor: 'gcp', region: 'us-central1' }],
      mismatched: [
        {
          origin_ip: '198.51.100.78',
          expected: { vendor: 'aws', region: 'ap-southeast-1' },
          actual: { vendor: 'aws', region: 'ap-southeast-2' },
        },
      ],
      unexpected: [
        { origin_ip: '198.51.100.77', vendor: 'gcp', region: 'europe-west5' },
        { origin_ip: '2001:db8:9::1', vendor: 'azure', region: 'westeurope' },
      ],
    });
    const errors = annotations(lookup).filter((n) => n.type === '@cdktf/error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].data, /192\.0\.2\.1 expected in gcp\/us-central1 but not mapped/);
  });

  test('an unknown region in expect fails the synth with a did-you-mean', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(
      stack,
      'a',
      props({ expect: [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-easst-1' }] }),
    );
    assert.throws(
      () => Testing.synth(stack),
      (e: unknown) => e instanceof InvalidExpectationError && /did you mean "us-east-1"/.test(e.message),
    );
    assert.throws(() => lookup.drift, InvalidExpectationError);
  });

  test('an expectation problem names the entry as the user wrote it, not its place after sorting', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(
      stack,
      'a',
      props({
        expect: [
          { originIp: '203.0.113.7', vendor: 'aws', region: 'us-esat-1' },
          { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        ],
      }),
    );
    assert.throws(
      () => lookup.drift,
      (e: unknown) => e instanceof InvalidExpectationError && e.field === 'expect[0].region',
    );
    assert.equal(lookup.forVendor('aws').length, 5, 'a bad expectation does not break the data getters');
  });
});

describe('errors and offline mode', () => {
  test('API errors reach the caller as the same class', () => {
    const { stack } = newStack();
    const lookup = new OriginCloudRegions(stack, 'a', props({ apiToken: 'wrong-token-0000' }));
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
      baseUrl: 'http://127.0.0.1:9/client/v4',
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
