/**
 * The readers of the 0.2 output contract (maps keyed by IP, colos per region, label, validation), the 0.1
 * list still being read, and the value rules every string read from a file passes.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMappingSource, readPlanSides } from '../../lib/readers/mapping-source';
import { buildDiffReport, reportHasDrift } from '../../lib/reports/report';
import { InvalidMappingSourceError } from '../../lib/errors/mapping-source';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';
import { digestTriggers, list01, outputs02, planOf, stack02, triggers, type ContractMapping } from './contract';
import { ZONE, ZONE_B } from '../support/generate-zones';

const FIXTURES = path.join(__dirname, 'fixtures');
const MAPPINGS: ContractMapping[] = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
  { originIp: '2001:db8::1', vendor: 'azure', region: 'eastus' },
];
const COLOS = { 'aws/us-east-1': ['IAD', 'EWR'], 'aws/eu-west-1': ['DUB'] };

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-contract-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function write(content: unknown, name = 'cdk.tf.json'): string {
  n += 1;
  const file = path.join(tmp, String(n), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Asserts a typed error naming the file and the field, whose message has no raw control character. */
function assertRefused(fn: () => unknown, field: RegExp, problem: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidMappingSourceError, String(e));
    assert.equal(e.code, 'OCR_SOURCE_INVALID');
    assert.match(e.field ?? '', field);
    assert.match(e.message, problem);
    assert.ok(e.message.includes(e.path), 'the message names the file');
    assert.ok(!hasUnsafeCharacters(e.message), `no raw control character in ${JSON.stringify(e.message)}`);
    assert.ok(e.message.length < 1_000, `a short message (${e.message.length} characters)`);
    return true;
  });
}

describe('cdk.tf.json, 0.2 contract', () => {
  test('reads the map, joins the colos per region, and takes the label from the summary', () => {
    const zone = readMappingSource(write(stack02(ZONE, MAPPINGS, { label: 'prod-eu', colos: COLOS }))).zones[0];
    assert.equal(zone.zoneLabel, 'prod-eu');
    assert.deepEqual(zone.mappings, [
      { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD', 'EWR'] },
      { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1', upperTierColos: ['DUB'] },
      { originIp: '2001:db8::1', vendor: 'azure', region: 'eastus' },
    ]);
    assert.deepEqual(zone.validation, { authority: 'catalog', findings: [] });
  });

  test('un-escapes strings: a region written as r$${x} in cdk.tf.json is the data r${x}', () => {
    const data = [{ originIp: '192.0.2.1', vendor: 'aws', region: 'r${file("/etc/hostname")}%{if}' }];
    const file = write(stack02(ZONE, data, { label: '${label}' }));
    assert.match(fs.readFileSync(file, 'utf8'), /"aws\/r\$\$\{file\(\\"\/etc\/hostname\\"\)\}%%\{if\}"/);
    const zone = readMappingSource(file).zones[0];
    assert.equal(zone.mappings[0].region, 'r${file("/etc/hostname")}%{if}');
    assert.equal(zone.zoneLabel, '${label}');
  });

  test('refuses a string Terraform would evaluate (an unescaped ${ or %{)', () => {
    const stack = stack02(ZONE, MAPPINGS);
    (stack.output as Record<string, { value: Record<string, string> }>)[`ocr_${ZONE}_mappings`].value['192.0.2.10'] =
      'aws/${file("/etc/passwd")}';
    assertRefused(
      () => readMappingSource(write(stack)),
      new RegExp(`^output ocr_${ZONE}_mappings\\["192\\.0\\.2\\.10"\\]$`),
      /holds a Terraform template sequence .* Synthesize the stack again/,
    );
  });

  test("a stack built with outputs: 'summary' is read from its marker (null_resource or terraform_data)", () => {
    for (const marker of ['null_resource', 'terraform_data'] as const) {
      const zone = readMappingSource(write(stack02(ZONE, MAPPINGS, { label: 'edge', summaryOnly: true, marker })))
        .zones[0];
      assert.deepEqual(
        zone.mappings.map((m) => [m.originIp, m.vendor, m.region, m.upperTierColos]),
        MAPPINGS.map((m) => [m.originIp, m.vendor, m.region, undefined]),
      );
      assert.equal(zone.zoneLabel, 'edge');
    }
  });

  test('beside the mappings output the marker holds a digest; the pairs are read from the output', () => {
    const stack = stack02(ZONE, MAPPINGS, { colos: COLOS }) as {
      resource: { terraform_data: Record<string, { triggers_replace: Record<string, string> }> };
    };
    assert.deepEqual(Object.keys(stack.resource.terraform_data[`ocr_${ZONE}_marker`].triggers_replace).sort(), [
      'mappings',
      'mappings_sha256',
    ]);
    const digest = readMappingSource(write(stack)).zones[0];
    const earlier = readMappingSource(write(stack02(ZONE, MAPPINGS, { colos: COLOS, markerShape: 'pairs' }))).zones[0];
    assert.equal(digest.mappings.length, 3);
    assert.deepEqual(digest.mappings, earlier.mappings, 'a digest marker and an earlier 0.2 pairs marker read alike');
    assert.equal(digest.mappings[0].upperTierColos?.[0], 'IAD');
  });

  test('a digest marker without the mappings output is refused, naming the fix', () => {
    const stack = stack02(ZONE, MAPPINGS, { summaryOnly: true, markerShape: 'digest' });
    assertRefused(
      () => readMappingSource(write(stack)),
      new RegExp(`^the triggers of terraform_data\\.ocr_${ZONE}_marker$`),
      new RegExp(
        `hold only a digest of the mappings \\(mappings_sha256\\), and output ocr_${ZONE}_mappings that carries them is missing.*outputs: 'full'.*outputs: 'summary'`,
      ),
    );
  });

  test('a digest marker that does not match the mappings output beside it is refused', () => {
    const stack = stack02(ZONE, MAPPINGS, { marker: 'null_resource' }) as {
      output: Record<string, { value: Record<string, string> }>;
    };
    stack.output[`ocr_${ZONE}_mappings`].value['192.0.2.10'] = 'aws/us-west-2';
    assertRefused(
      () => readMappingSource(write(stack)),
      new RegExp(`^the triggers of null_resource\\.ocr_${ZONE}_marker$`),
      new RegExp(
        `\\(3 mappings, mappings_sha256 [0-9a-f]{12}…\\) do not match output ocr_${ZONE}_mappings .*synthesize`,
      ),
    );
  });

  test('a malformed digest marker is refused, naming the key', () => {
    const bad: [Record<string, string>, RegExp, RegExp][] = [
      [{ mappings_sha256: 'XYZ', mappings: '3' }, /\["mappings_sha256"\]$/, /64 lowercase hex digits/],
      [{ mappings_sha256: 'a'.repeat(64), mappings: '-1' }, /\["mappings"\]$/, /not a count of mappings/],
      [
        { mappings_sha256: 'a'.repeat(64), mappings: '3', '192.0.2.1': 'aws/x' },
        /\["192\.0\.2\.1"\]$/,
        /not expected beside/,
      ],
    ];
    for (const [triggersValue, field, problem] of bad) {
      const stack = stack02(ZONE, MAPPINGS, { summaryOnly: true }) as {
        resource: { terraform_data: Record<string, { triggers_replace: unknown }> };
      };
      stack.resource.terraform_data[`ocr_${ZONE}_marker`].triggers_replace = triggersValue;
      assertRefused(() => readMappingSource(write(stack)), field, problem);
    }
  });

  test('a 0.1 base and a 0.2 head with the same mappings show no drift; one move shows one change', () => {
    const base = readMappingSource(path.join(FIXTURES, 'synth-out'));
    const sameAsBase = base.zones[0].mappings.map((m) => ({
      originIp: m.originIp,
      vendor: m.vendor,
      region: m.region,
    }));
    const head = readMappingSource(write(stack02(ZONE, sameAsBase)));
    assert.equal(
      reportHasDrift(buildDiffReport({ label: 'b', zones: base.zones }, { label: 'h', zones: head.zones })),
      false,
    );
    const moved = sameAsBase.map((m) => (m.originIp === '192.0.2.10' ? { ...m, region: 'us-west-2' } : m));
    const report = buildDiffReport(
      { label: 'b', zones: base.zones },
      { label: 'h', zones: readMappingSource(write(stack02(ZONE, moved))).zones },
    );
    assert.deepEqual(
      report.zones[0].diff.changed.map((c) => c.originIp),
      ['192.0.2.10'],
    );
  });
});

describe('plan JSON', () => {
  test('reads output_changes of the map outputs; a 0.1 list before and a 0.2 map after diff cleanly', () => {
    const moved = MAPPINGS.map((m) => (m.originIp === '192.0.2.20' ? { ...m, region: 'eu-central-1' } : m));
    const beforeOutputs = { [`ocr_${ZONE}_mappings`]: list01(MAPPINGS, COLOS) };
    const afterOutputs = outputs02(ZONE, moved, { label: 'prod', colos: { ...COLOS, 'aws/eu-central-1': ['FRA'] } });
    const sides = readPlanSides(write(planOf(beforeOutputs, afterOutputs), 'plan.json'));
    assert.equal(sides.after[0].zoneLabel, 'prod');
    assert.equal(sides.before[0].zoneLabel, undefined);
    const report = buildDiffReport({ label: 'b', zones: sides.before }, { label: 'a', zones: sides.after });
    const zone = report.zones[0];
    assert.equal(zone.label, 'prod');
    assert.deepEqual(zone.diff.changed, [
      {
        originIp: '192.0.2.20',
        before: { vendor: 'aws', region: 'eu-west-1', upperTierColos: ['DUB'] },
        after: { vendor: 'aws', region: 'eu-central-1', upperTierColos: ['FRA'] },
      },
    ]);
    assert.equal(zone.diff.unchangedCount, 2);
  });

  test('plan values are not un-escaped: $${ in a plan is data', () => {
    const data = [{ originIp: '192.0.2.1', vendor: 'aws', region: 'a$${b}' }];
    const sides = readPlanSides(write(planOf({}, outputs02(ZONE, data)), 'plan.json'));
    assert.equal(sides.after[0].mappings[0].region, 'a$${b}');
  });

  test('a partly unknown map output is refused, naming the output', () => {
    const plan = planOf({}, outputs02(ZONE, MAPPINGS)) as {
      output_changes: Record<string, { after_unknown: unknown }>;
    };
    plan.output_changes[`ocr_${ZONE}_mappings`].after_unknown = { '192.0.2.10': true };
    assertRefused(
      () => readPlanSides(write(plan, 'plan.json')),
      new RegExp(`^output ocr_${ZONE}_mappings \\(after\\)$`),
      /unknown until apply/,
    );
  });

  test('without the map outputs, the marker triggers are read, with the label from the summary', () => {
    const plan = planOf({}, outputs02(ZONE_B, MAPPINGS, { label: 'eu', summaryOnly: true }));
    plan.resource_changes = [
      {
        address: `terraform_data.ocr_${ZONE_B}_marker`,
        mode: 'managed',
        type: 'terraform_data',
        name: `ocr_${ZONE_B}_marker`,
        change: {
          actions: ['create'],
          before: null,
          after: { triggers_replace: triggers(MAPPINGS) },
          after_unknown: {},
        },
      },
    ];
    const sides = readPlanSides(write(plan, 'plan.json'));
    assert.equal(sides.before.length, 0);
    assert.equal(sides.after[0].zoneLabel, 'eu');
    assert.match(sides.after[0].label, /after, from the marker/);
    assert.equal(sides.after[0].mappings.length, 3);
  });
});

describe('plan JSON, the marker switch (pairs → digest)', () => {
  const markerChange = (zone: string, before: unknown, after: unknown): Record<string, unknown> => ({
    address: `null_resource.ocr_${zone}_marker`,
    mode: 'managed',
    type: 'null_resource',
    name: `ocr_${zone}_marker`,
    change: {
      actions: before === null ? ['create'] : ['delete', 'create'],
      before: before === null ? null : { triggers: before },
      after: { triggers: after },
      after_unknown: {},
    },
  });

  test('an earlier 0.2 base (pairs marker) and a digest head read the pairs from the outputs, one move', () => {
    const moved = MAPPINGS.map((m) => (m.originIp === '192.0.2.20' ? { ...m, region: 'eu-central-1' } : m));
    const plan = planOf(outputs02(ZONE, MAPPINGS), outputs02(ZONE, moved));
    plan.resource_changes = [markerChange(ZONE, triggers(MAPPINGS), digestTriggers(moved))];
    const sides = readPlanSides(write(plan, 'plan.json'));
    const report = buildDiffReport({ label: 'b', zones: sides.before }, { label: 'a', zones: sides.after });
    assert.deepEqual(
      report.zones[0].diff.changed.map((c) => [c.originIp, c.after?.region]),
      [['192.0.2.20', 'eu-central-1']],
    );
  });

  test('a digest marker without the mappings output on that side is refused; one not matching it too', () => {
    const summaryOnly = planOf({}, outputs02(ZONE_B, MAPPINGS, { summaryOnly: true }));
    summaryOnly.resource_changes = [markerChange(ZONE_B, null, digestTriggers(MAPPINGS))];
    assertRefused(
      () => readPlanSides(write(summaryOnly, 'plan.json')),
      new RegExp(`^the triggers of null_resource\\.ocr_${ZONE_B}_marker \\(after\\)$`),
      /hold only a digest of the mappings .* is missing\. Read the stack or plan that has output/,
    );
    const stale = planOf({}, outputs02(ZONE_B, MAPPINGS));
    stale.resource_changes = [markerChange(ZONE_B, null, digestTriggers(MAPPINGS.slice(1)))];
    assertRefused(
      () => readPlanSides(write(stale, 'plan.json')),
      /marker \(after\)$/,
      /\(2 mappings, .*\) do not match output .*\(3 mappings/,
    );
  });
});

describe('value rules for every string read from a stack or plan', () => {
  const cases: { name: string; edit: (outputs: Record<string, unknown>) => void; field: RegExp; problem: RegExp }[] = [
    {
      name: 'ESC in a vendor/region',
      edit: (o) => ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['192.0.2.10'] = 'aws/us-east-1\u001b[2J'),
      field: /^output ocr_[0-9a-f]{32}_mappings\["192\.0\.2\.10"\] \(after\)$/,
      problem: /control character \(\\x1b at position 14\)/,
    },
    {
      name: 'a 300,000-character cell',
      edit: (o) => ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['192.0.2.10'] = `aws/${'x'.repeat(300_000)}`),
      field: /mappings\["192\.0\.2\.10"\]/,
      problem: /300,004 characters long, over the limit of 401/,
    },
    {
      name: 'a value that is not vendor/region',
      edit: (o) => ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['192.0.2.10'] = 'aws'),
      field: /mappings\["192\.0\.2\.10"\]/,
      problem: /is not "<vendor>\/<region>"/,
    },
    {
      name: 'a key that is not an IP, with an OSC 8 link in it',
      edit: (o) =>
        ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['\u001b]8;;https://x\u0007click'] = 'aws/us-east-1'),
      field: /mappings\["\\x1b\]8;;https:\/\/x\\x07click"\]/,
      problem: /control character/,
    },
    {
      name: 'a zoned IPv6 key',
      edit: (o) => ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['fe80::1%eth0'] = 'aws/us-east-1'),
      field: /mappings\["fe80::1%eth0"\]/,
      problem: /is not an IPv4 or IPv6 address/,
    },
    {
      name: 'one origin twice, in two notations',
      edit: (o) => ((o[`ocr_${ZONE}_mappings`] as Record<string, string>)['2001:DB8:0::1'] = 'aws/us-east-1'),
      field: /mappings\["2001:DB8:0::1"\]/,
      problem: /repeats origin 2001:db8::1/,
    },
    {
      name: 'a colo with a NUL',
      edit: (o) => (o[`ocr_${ZONE}_upper_tier_colos`] = { 'aws/us-east-1': ['IAD\u0000'] }),
      field: /upper_tier_colos\["aws\/us-east-1"\]\[0\]/,
      problem: /control character \(\\x00/,
    },
    {
      name: 'a label with a bell',
      edit: (o) => ((o[`ocr_${ZONE}_summary`] as Record<string, unknown>).label = 'prod\u0007'),
      field: /^output ocr_[0-9a-f]{32}_summary\.label \(after\)$/,
      problem: /control character/,
    },
    {
      name: 'a finding message of 3,000 characters',
      edit: (o) =>
        (o[`ocr_${ZONE}_validation`] = {
          authority: 'catalog',
          findings: [{ origin_ip: '192.0.2.10', kind: 'unknown-region', value: 'x', message: 'm'.repeat(3000) }],
        }),
      field: /validation\.findings\[0\]\.message/,
      problem: /over the limit of 2000/,
    },
  ];
  for (const c of cases) {
    test(`refuses ${c.name}`, () => {
      const outputs = outputs02(ZONE, MAPPINGS, { label: 'prod' });
      c.edit(outputs);
      assertRefused(() => readPlanSides(write(planOf({}, outputs), 'plan.json')), c.field, c.problem);
    });
  }

  test('the same rules hold in cdk.tf.json, where the field names the output without a side', () => {
    const stack = stack02(ZONE, MAPPINGS) as { output: Record<string, { value: Record<string, string> }> };
    stack.output[`ocr_${ZONE}_mappings`].value['192.0.2.10'] = 'aws/\u202eus-east-1\u0085';
    assertRefused(
      () => readMappingSource(write(stack)),
      new RegExp(`^output ocr_${ZONE}_mappings\\["192\\.0\\.2\\.10"\\]$`),
      /control character \(\\x85 at position 15\)/,
    );
  });

  test('vendors and regions named like built-ins are data', () => {
    const data = [
      { originIp: '192.0.2.1', vendor: 'constructor', region: '__proto__' },
      { originIp: '192.0.2.2', vendor: '__proto__', region: 'toString' },
    ];
    const zone = readMappingSource(
      write(stack02(ZONE, data, { colos: { '__proto__/toString': ['IAD'], 'constructor/__proto__': ['EWR'] } })),
    ).zones[0];
    assert.deepEqual(zone.mappings, [
      { originIp: '192.0.2.1', vendor: 'constructor', region: '__proto__', upperTierColos: ['EWR'] },
      { originIp: '192.0.2.2', vendor: '__proto__', region: 'toString', upperTierColos: ['IAD'] },
    ]);
  });
});

describe('the validation output', () => {
  test('0.1 recorded findings without a message (suggestion null): read, with the message in words', () => {
    const outputs = outputs02(ZONE, MAPPINGS);
    outputs[`ocr_${ZONE}_validation`] = {
      authority: 'supported_regions',
      findings: [{ origin_ip: '192.0.2.20', kind: 'unknown-region', value: 'eu-west-1', suggestion: null }],
    };
    const zone = readPlanSides(write(planOf({}, outputs), 'plan.json')).after[0];
    assert.deepEqual(zone.validation, {
      authority: 'supported_regions',
      findings: [
        {
          originIp: '192.0.2.20',
          kind: 'unknown-region',
          value: 'eu-west-1',
          message: 'origin 192.0.2.20: unknown-region "eu-west-1"',
        },
      ],
    });
  });
});
