import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, before, mock, test } from 'node:test';
import { Testing, TerraformStack, type App } from 'cdktf';
import {
  lookupResultOf,
  OriginCloudRegions,
  resolverFromResults,
  type OriginCloudRegionsProps,
} from '../../lib/construct';
import { CloudflareApiError, InvalidInputError, UntrustedValueError } from '../../lib/errors';
import { InvalidExpectationError } from '../../lib/errors/expectations';
import type { ZoneLookupRequest } from '../../lib/lookup/types';
import { annotations, synth, type Synthesized } from '../support/construct';
import { DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_TOKEN } from '../support/constants';
import { seedResult, seedSupportedRegions, toMapping, useSeedResults } from '../support/results';
import { demoMappings, testSeed } from '../support/seed';

/*
 * The construct's logic (outputs, marker, annotations, findings, drift, props and settings), tested without a
 * server or the worker: every app answers from results built from the test seed (OriginCloudRegions.useResolver).
 * The worker and emulator path is tested in construct.e2e.test.ts.
 */

const EMPTY_ZONE = 'c'.repeat(32);

function props(extra: Partial<OriginCloudRegionsProps> & { zoneId?: string } = {}): OriginCloudRegionsProps {
  return { zoneId: DEMO_ZONE, client: { apiToken: TEST_TOKEN }, ...extra };
}

function newStack(context: Record<string, unknown> = {}): { app: App; stack: TerraformStack } {
  const app = Testing.app({ context });
  useSeedResults(app, [
    lookupResultOf({ zoneId: EMPTY_ZONE, mappings: [], supportedRegions: seedSupportedRegions(testSeed()) }),
  ]);
  return { app, stack: new TerraformStack(app, 'stack') };
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

  test('ORIGIN_CLOUD_REGIONS_DEBUG keeps the stack traces when set in client.env, as every other setting is read', () => {
    const { stack } = newStack();
    const env = { ORIGIN_CLOUD_REGIONS_DEBUG: '1' };
    const debug = new OriginCloudRegions(stack, 'debug', props({ client: { apiToken: TEST_TOKEN, env } }));
    assert.throws(
      () => debug.find('not-an-ip'),
      (e: unknown) => e instanceof InvalidInputError && e.stack !== `${e.name} [${e.code}]: ${e.message}`,
    );
    assert.throws(
      () => new OriginCloudRegions(stack, 'bad', props({ zoneId: 'ABC', client: { env } })),
      (e: unknown) => e instanceof InvalidInputError && /\n\s+at /.test(e.stack ?? ''),
      'an error in the constructor keeps its trace too',
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

  test('a client option beside zoneId (the 0.1 shape) is refused, naming the client prop, not ignored', () => {
    const { stack } = newStack();
    const legacy = { zoneId: DEMO_ZONE, apiToken: 'x'.repeat(40) } as unknown as OriginCloudRegionsProps;
    assert.throws(
      () => new OriginCloudRegions(stack, 'legacy', legacy),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.field === 'apiToken' &&
        /go under `client`/.test(e.message) &&
        !e.message.includes('x'.repeat(40)),
    );
    assert.throws(
      () => new OriginCloudRegions(stack, 'c', props({ client: 'token' as never })),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'client',
    );
  });
});

describe('marker kinds', () => {
  test('both marker shapes change with a region, and not with a modified_on-only change', () => {
    const supportedRegions = seedSupportedRegions(testSeed());
    type Triggers = Record<string, string>;
    const triggersOf = (mappings: ReturnType<typeof demoMappings>): { digest: Triggers; pairs: Triggers } => {
      const app = Testing.app();
      const mapped = mappings.map(toMapping);
      OriginCloudRegions.useResolver(
        app,
        resolverFromResults([lookupResultOf({ zoneId: DEMO_ZONE, mappings: mapped, supportedRegions })]),
      );
      const full = new TerraformStack(app, 'full');
      new OriginCloudRegions(full, 'a', props());
      const summary = new TerraformStack(app, 'summary');
      new OriginCloudRegions(summary, 'a', props({ outputs: 'summary' }));
      const triggers = (stack: TerraformStack): Triggers =>
        synth(stack).json.resource!.null_resource[`ocr_${DEMO_ZONE}_marker`].triggers as Triggers;
      return { digest: triggers(full), pairs: triggers(summary) };
    };
    const original = demoMappings();
    const first = triggersOf(original);
    assert.deepEqual(Object.keys(first.digest), ['mappings', 'mappings_sha256']);
    assert.equal(first.pairs['192.0.2.20'], 'aws/eu-west-1');
    assert.deepEqual(triggersOf(original.map((m) => ({ ...m, modified_on: '2030-01-01T00:00:00Z' }))), first);
    const moved = triggersOf(original.map((m) => (m.origin_ip === '192.0.2.20' ? { ...m, region: 'eu-west-2' } : m)));
    assert.notEqual(moved.digest.mappings_sha256, first.digest.mappings_sha256);
    assert.equal(moved.digest.mappings, first.digest.mappings, 'a move keeps the count');
    assert.notDeepEqual(moved.pairs, first.pairs);
    assert.equal(moved.pairs['192.0.2.20'], 'aws/eu-west-2');
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

  test('ORIGIN_CLOUD_REGIONS_STRICT and context originCloudRegions:strict switch it on in any app; the prop wins', () => {
    const levels = (extra: Partial<OriginCloudRegionsProps>, context: Record<string, unknown> = {}): string[] => {
      const { stack } = newStack(context);
      const lookup = new OriginCloudRegions(stack, 'a', props(extra));
      Testing.synth(stack);
      return annotations(lookup).map((n) => n.type);
    };
    const strictEnv = { client: { apiToken: TEST_TOKEN, env: { ORIGIN_CLOUD_REGIONS_STRICT: '1' } } };
    assert.deepEqual(levels(strictEnv), ['@cdktf/error']);
    assert.deepEqual(levels({}, { 'originCloudRegions:strict': true }), ['@cdktf/error']);
    assert.deepEqual(levels({ ...strictEnv, strict: false }), ['@cdktf/warn'], 'the prop wins over the environment');
    assert.deepEqual(levels({}), ['@cdktf/warn']);
  });
});

describe('what a synth prints', () => {
  /** Runs `synthesize` with CDKTF_OUTDIR set as the cdktf CLI sets it (or unset), and returns what it printed. */
  function printed(underCli: boolean, synthesize: () => void): { stdout: string; stderr: string } {
    const out = { stdout: '', stderr: '' };
    const outdir = process.env.CDKTF_OUTDIR;
    if (underCli) process.env.CDKTF_OUTDIR = 'cdktf.out';
    else delete process.env.CDKTF_OUTDIR;
    const capture = (stream: 'stdout' | 'stderr') =>
      mock.method(process[stream], 'write', (chunk: string) => {
        out[stream] += chunk;
        return true;
      });
    const writes = [capture('stdout'), capture('stderr')];
    try {
      synthesize();
    } finally {
      for (const write of writes) write.mock.restore();
      if (outdir === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = outdir;
    }
    return out;
  }

  const finding = `WARN [stack/a]: zone ${DEMO_ZONE}: origin 192.0.2.99: region "us-east-3" is not a supported aws region; did you mean "us-east-1"?\n`;

  test('an app run directly (npx tsx main.ts) prints its findings after the summary line, as the CLI would', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props());
    const { stdout, stderr } = printed(false, () => Testing.synth(stack));
    assert.match(
      stdout,
      /: 12 mappings from the API, validated against supported_regions, 1 finding \(see the warnings\)\n$/,
    );
    assert.equal(stderr, finding);
  });

  test('under the cdktf or cdktn CLI (CDKTF_OUTDIR set) the CLI prints the annotations: the app does not', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props());
    const { stdout, stderr } = printed(true, () => Testing.synth(stack));
    assert.match(stdout, /1 finding \(see the warnings\)\n$/);
    assert.equal(stderr, '');
  });

  test('with strict the line says errors, and the findings print as errors', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props({ strict: true }));
    const { stdout, stderr } = printed(false, () => Testing.synth(stack));
    assert.match(stdout, /1 finding \(see the errors\)\n$/);
    assert.equal(stderr, finding.replace(/^WARN/, 'ERROR'));
  });

  test('quiet silences the summary line, not the findings', () => {
    const { stack } = newStack();
    new OriginCloudRegions(stack, 'a', props({ quiet: true }));
    assert.deepEqual(
      printed(false, () => Testing.synth(stack)),
      { stdout: '', stderr: finding },
    );
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

describe('a value that cannot be written', () => {
  test('is reported at the first output that holds it, whatever was built ahead (both output shapes)', () => {
    const hostile = 'r${TfToken[TOKEN.9]}';
    for (const [outputs, field] of [
      ['full', `output ocr_${DEMO_ZONE}_mappings["192.0.2.1"]`],
      ['summary', `output ocr_${DEMO_ZONE}_validation`],
    ] as const) {
      const app = Testing.app();
      useSeedResults(app, [
        lookupResultOf({ zoneId: DEMO_ZONE, mappings: [{ originIp: '192.0.2.1', vendor: 'aws', region: hostile }] }),
      ]);
      const stack = new TerraformStack(app, 'stack');
      new OriginCloudRegions(stack, 'a', props({ outputs }));
      assert.throws(
        () => synth(stack),
        (e: unknown) => e instanceof UntrustedValueError && e.field.startsWith(field),
        outputs,
      );
    }
  });
});

describe('the injectable resolver', () => {
  test('receives one request per zone, with the client options and the resolved settings, in one batch', () => {
    const app = Testing.app({
      context: {
        'originCloudRegions:offline': true,
        'originCloudRegions:snapshotDir': 'snaps',
        'originCloudRegions:perPage': 50,
      },
    });
    const batches: ZoneLookupRequest[][] = [];
    const answer = resolverFromResults([seedResult(DEMO_ZONE), seedResult(NO_TIERED_CACHE_ZONE)]);
    OriginCloudRegions.useResolver(app, (requests) => {
      batches.push([...requests]);
      return answer(requests);
    });
    const stack = new TerraformStack(app, 'stack');
    const a = new OriginCloudRegions(
      stack,
      'a',
      props({ label: 'shop', client: { apiToken: TEST_TOKEN, maxRetries: 1 } }),
    );
    new OriginCloudRegions(stack, 'b', { zoneId: NO_TIERED_CACHE_ZONE });
    assert.equal(a.mappings.length, 12);
    assert.equal(batches.length, 1, 'both zones resolved in one batch');
    assert.deepEqual(batches[0], [
      {
        zoneId: DEMO_ZONE,
        client: { apiToken: TEST_TOKEN, maxRetries: 1, perPage: 50 },
        offline: true,
        snapshotDir: 'snaps',
        label: 'shop',
        verifyIpRanges: false,
        coverage: false,
      },
      {
        zoneId: NO_TIERED_CACHE_ZONE,
        client: { perPage: 50 },
        offline: true,
        snapshotDir: 'snaps',
        verifyIpRanges: false,
        coverage: false,
      },
    ]);
    synth(stack);
    assert.equal(batches.length, 1, 'the synth resolves nothing again');
  });

  test('a failed outcome reaches the caller as the same error; a zone without a result fails clearly', () => {
    const app = Testing.app();
    const refused = new CloudflareApiError(
      403,
      [{ code: 10000, message: 'Authentication error' }],
      'Refused. Fix the token.',
    );
    OriginCloudRegions.useResolver(app, (requests) =>
      requests.map((r) => (r.zoneId === DEMO_ZONE ? { ok: false, error: refused } : resolverFromResults([])([r])[0])),
    );
    const stack = new TerraformStack(app, 'stack');
    const a = new OriginCloudRegions(stack, 'a', props());
    const b = new OriginCloudRegions(stack, 'b', props({ zoneId: EMPTY_ZONE }));
    assert.throws(
      () => a.mappings,
      (e: unknown) => e === refused,
    );
    assert.throws(
      () => b.mappings,
      (e: unknown) => e instanceof InvalidInputError && /no result for zone c{32}/.test(e.message),
    );
  });

  test('an outcome handed over early (onSettled) is kept even when the resolver then fails', () => {
    const app = Testing.app();
    const broken = new Error('the resolver broke after the first zone');
    OriginCloudRegions.useResolver(app, (requests, onSettled) => {
      onSettled?.(1, { ok: true, result: seedResult(DEMO_ZONE) });
      onSettled?.(1, { ok: false, error: new Error('a second outcome for one zone is ignored') });
      assert.equal(requests.length, 2);
      throw broken;
    });
    const stack = new TerraformStack(app, 'stack');
    const a = new OriginCloudRegions(stack, 'a', props({ zoneId: EMPTY_ZONE }));
    const b = new OriginCloudRegions(stack, 'b', props());
    assert.equal(b.mappings.length, 12, 'the zone handed over early has its data');
    assert.throws(
      () => a.mappings,
      (e: unknown) => e === broken,
    );
  });

  test('is set before the data is read: a late useResolver is refused', () => {
    const { app, stack } = newStack();
    const lookup = new OriginCloudRegions(stack, 'a', props());
    assert.equal(lookup.mappings.length, 12);
    assert.throws(
      () => OriginCloudRegions.useResolver(app, resolverFromResults([])),
      (e: unknown) => e instanceof InvalidInputError && /already been resolved/.test(e.message),
    );
  });
});
