import assert from 'node:assert/strict';
import { describe, before, test } from 'node:test';
import { Testing, TerraformStack } from 'cdktf';
import { lookupResultOf, OriginCloudRegions, resolverFromResults } from '../../lib/construct';
import type { PlacementLookup, ZoneOrigins } from '../../lib/coverage/types';
import type { ZoneLookupRequest } from '../../lib/lookup/types';
import { annotations, synth, type Synthesized } from '../support/construct';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { seedSupportedRegions, toMapping } from '../support/results';
import { testSeed } from '../support/seed';

/*
 * Coverage in the construct (output, findings, annotations, strict), from results built without a server
 * (OriginCloudRegions.useResolver); the worker, emulator and snapshot path is tested in test/e2e/synth.test.ts.
 */

const HOSTILE_NAME = 'x${file("/etc/hostname")}%{ if true }y%{ endif }.example.com';

/** The demo zone's origins: one mapped IP, one the feeds place and no mapping names, one no feed places, two hostnames. */
const ORIGINS: ZoneOrigins = {
  zoneId: DEMO_ZONE,
  origins: [
    { kind: 'ip', address: '192.0.2.10', sources: ['dns:A api.example.com'] },
    { kind: 'ip', address: '198.51.100.200', sources: ['dns:A legacy.example.com'] },
    { kind: 'ip', address: '203.0.113.50', sources: [`dns:A ${HOSTILE_NAME}`, 'pool:pool-phx/o1'] },
    { kind: 'hostname', address: 'lb-1.us-east-1.elb.amazonaws.com', sources: ['dns:CNAME www.example.com'] },
    { kind: 'hostname', address: HOSTILE_NAME, sources: ['pool:**pool**/`o2`'] },
  ],
  pools: [{ name: 'pool-phx', addresses: ['203.0.113.50'] }],
  read: ['dns_records', 'zone', 'load_balancers'],
  missing: [{ source: 'pools', permission: 'Load Balancing: Monitors and Pools Read', reason: '403 Forbidden' }],
};

const PLACE: PlacementLookup = (ip) =>
  ip === '203.0.113.50' ? [{ vendor: 'aws', region: 'us-west-2', prefix: '203.0.113.0/24' }] : [];

/** The demo zone's mappings, but 192.0.2.10 and 198.51.100.5 (the rest point at no origin of ORIGINS). */
function mappings(): ReturnType<typeof toMapping>[] {
  const kept = new Set(['192.0.2.10', '198.51.100.5']);
  return testSeed()
    .zones[DEMO_ZONE].mappings.map(toMapping)
    .filter((m) => kept.has(m.originIp));
}

function build(extra: { strict?: boolean; coverage?: boolean } = {}): {
  lookup: OriginCloudRegions;
  json: Synthesized;
  text: string;
  requests: ZoneLookupRequest[];
} {
  const app = Testing.app();
  const requests: ZoneLookupRequest[] = [];
  const result = lookupResultOf({
    zoneId: DEMO_ZONE,
    mappings: mappings(),
    supportedRegions: seedSupportedRegions(testSeed()),
    coverage: { origins: ORIGINS, place: PLACE },
  });
  const answer = resolverFromResults([result]);
  OriginCloudRegions.useResolver(app, (batch) => {
    requests.push(...batch);
    return answer(batch);
  });
  const stack = new TerraformStack(app, 'stack');
  const lookup = new OriginCloudRegions(stack, 'origins', {
    zoneId: DEMO_ZONE,
    client: { apiToken: TEST_TOKEN },
    coverage: true,
    quiet: true,
    ...extra,
  });
  return { lookup, requests, ...synth(stack) };
}

describe('coverage on', () => {
  let built: ReturnType<typeof build>;
  before(() => {
    built = build();
  });

  test('the request asks for coverage', () => {
    assert.equal(built.requests[0].coverage, true);
  });

  test('ocr_Z_coverage: unmapped and orphaned keyed by IP, hostnames sorted, the sources not read', () => {
    assert.deepEqual(built.json.output[`ocr_${DEMO_ZONE}_coverage`].value, {
      unmapped: { '203.0.113.50': 'aws/us-west-2' },
      orphaned: { '198.51.100.5': 'gcp/us-central1' },
      // Terraform reads `$${` and `%%{` back as the literal text.
      hostnames: [
        'lb-1.us-east-1.elb.amazonaws.com',
        'x$${file("/etc/hostname")}%%{ if true }y%%{ endif }.example.com',
      ],
      missing: { pools: 'Load Balancing: Monitors and Pools Read' },
    });
  });

  test('findings unmapped-origin and orphaned-mapping, with the suggestion and the sources', () => {
    const found = built.lookup.findings.filter((f) => f.kind === 'unmapped-origin' || f.kind === 'orphaned-mapping');
    assert.deepEqual(
      found.map((f) => [f.kind, f.originIp, f.suggestion]),
      [
        ['orphaned-mapping', '198.51.100.5', undefined],
        ['unmapped-origin', '203.0.113.50', 'aws/us-west-2'],
      ],
    );
    const unmapped = found.find((f) => f.kind === 'unmapped-origin')!;
    assert.match(unmapped.message, /origin 203\.0\.113\.50 \(dns:A x\$\{file.*pool:pool-phx\/o1\) has no mapping/);
    assert.match(unmapped.message, /aws\/us-west-2: create that mapping/);
    const orphaned = found.find((f) => f.kind === 'orphaned-mapping')!;
    assert.match(orphaned.message, /pools could not be read, so it may be an origin there/);
    assert.equal(built.lookup.coverage?.report.mapped, 1);
    assert.deepEqual(
      built.lookup.coverage?.report.unknown.map((u) => u.ip),
      ['198.51.100.200'],
    );
  });

  test('the findings are warnings; the missing source is a warning naming the permission', () => {
    const notes = annotations(built.lookup);
    const warnings = notes.filter((n) => n.type === '@cdktf/warn').map((n) => n.data);
    assert.ok(warnings.some((w) => /203\.0\.113\.50 .* has no mapping/.test(w)));
    assert.ok(warnings.some((w) => /mapping 198\.51\.100\.5 → gcp\/us-central1 points at no origin/.test(w)));
    assert.ok(
      warnings.some((w) => /could not read pools .*"Load Balancing: Monitors and Pools Read" permission/.test(w)),
    );
    assert.ok(!notes.some((n) => n.type === '@cdktf/error'));
  });

  test('the validation output lists the coverage findings, every string literal for Terraform', () => {
    const validation = built.json.output[`ocr_${DEMO_ZONE}_validation`].value as {
      findings: { kind: string; value: string }[];
    };
    const unmapped = validation.findings.find((f) => f.kind === 'unmapped-origin')!;
    assert.equal(
      unmapped.value,
      'dns:A x$${file("/etc/hostname")}%%{ if true }y%%{ endif }.example.com, pool:pool-phx/o1',
    );
    assert.ok(!/[^$]\$\{file/.test(built.text), 'no live template in cdk.tf.json');
  });
});

test('strict: the coverage findings are errors; the missing source stays a warning', () => {
  const { lookup } = build({ strict: true });
  const notes = annotations(lookup);
  const errors = notes.filter((n) => n.type === '@cdktf/error').map((n) => n.data);
  assert.ok(errors.some((e) => /has no mapping/.test(e)));
  assert.ok(errors.some((e) => /points at no origin/.test(e)));
  assert.ok(notes.some((n) => n.type === '@cdktf/warn' && /could not read pools/.test(n.data)));
});

test('coverage off: no coverage output, and the request does not ask for it', () => {
  const app = Testing.app();
  const requests: ZoneLookupRequest[] = [];
  const answer = resolverFromResults([lookupResultOf({ zoneId: DEMO_ZONE, mappings: mappings() })]);
  OriginCloudRegions.useResolver(app, (batch) => {
    requests.push(...batch);
    return answer(batch);
  });
  const stack = new TerraformStack(app, 'stack');
  new OriginCloudRegions(stack, 'origins', { zoneId: DEMO_ZONE, client: { apiToken: TEST_TOKEN }, quiet: true });
  const { json } = synth(stack);
  assert.equal(requests[0].coverage, false);
  assert.equal(json.output[`ocr_${DEMO_ZONE}_coverage`], undefined);
});
