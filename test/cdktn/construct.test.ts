import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { App, LocalBackend, TerraformStack, Testing } from 'cdktn';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { canonicalIp } from '../../lib/model/ip';
import { cdktnEntryFromSource } from '../support/cdktn';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { demoMappings } from '../support/seed';
import { hasTerraform, terraformOk } from '../support/terraform';

/**
 * The `./cdktn` entry point in a CDK Terrain 0.24 app, from source: `App.synth()` of a stack with the default
 * `null_resource` marker and one with `terraform_data`, `Testing.synth`, a strict lookup that fails the synth,
 * and `terraform init`/`apply` of the `terraform_data` stack. Assertions read what a user gets (cdk.tf.json,
 * manifest annotations, Terraform's outputs) and hold for either output shape of `ocr_<zone>_mappings`.
 */

const { OriginCloudRegions } = cdktnEntryFromSource();
type Props = ConstructorParameters<typeof OriginCloudRegions>[2];

const seededIps = demoMappings().map((m) => canonicalIp(m.origin_ip, 'seed'));
const STALE_IP = '192.0.2.99'; // aws/us-east-3: a region that does not exist (did-you-mean us-east-1)
const names = {
  mappings: `ocr_${DEMO_ZONE}_mappings`,
  marker: `ocr_${DEMO_ZONE}_marker`,
};

interface StackJson {
  output?: Record<string, { value: unknown }>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
  terraform?: { required_providers?: Record<string, unknown> };
}

let emulator: EmulatorProcess;
let work: string;
function props(extra: Partial<Props> = {}): Props {
  return { zoneId: DEMO_ZONE, client: { apiToken: TEST_TOKEN, baseUrl: emulator.baseUrl, maxRetries: 0 }, ...extra };
}

before(async () => {
  emulator = await startTestEmulator({ order: 'insertion' });
  work = mkdtempSync(path.join(tmpdir(), 'ocr-cdktn-'));
});
after(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The digest marker's triggers for a mappings output value, by the documented rule. */
function digestOf(mappings: unknown): Record<string, string> {
  const entries = Object.entries(mappings as Record<string, string>);
  const lines = entries.map(([ip, placement]) => `${ip}=${placement}\n`).sort();
  return {
    mappings_sha256: createHash('sha256').update(lines.join('')).digest('hex'),
    mappings: String(entries.length),
  };
}

/** Asserts that `value` holds every seeded IP somewhere (keys or values, at any depth). */
function assertHoldsEverySeededIp(value: unknown, what: string): void {
  const text = JSON.stringify(value);
  for (const ip of seededIps) assert.ok(text.includes(`"${ip}"`), `${what} holds ${ip}`);
}

describe('App.synth() of a cdktn app', () => {
  let outdir: string;
  let nulls: StackJson;
  let data: StackJson;
  let manifest: {
    stacks: Record<string, { annotations: { level: string; message: string; constructPath: string }[] }>;
  };

  before(() => {
    outdir = path.join(work, 'app.out');
    const app = new App({ outdir, stackTraces: false });
    const nullStack = new TerraformStack(app, 'nulls');
    new OriginCloudRegions(nullStack, 'origins', props());
    const dataStack = new TerraformStack(app, 'data');
    new LocalBackend(dataStack, { path: 'terraform.tfstate' });
    new OriginCloudRegions(dataStack, 'origins', props({ marker: 'terraform_data' }));
    app.synth();
    const read = (stack: string): StackJson =>
      JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
    nulls = read('nulls');
    data = read('data');
    manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as typeof manifest;
  });

  test('outputs hold every mapping of the zone', () => {
    for (const stack of [nulls, data]) {
      assert.ok(stack.output?.[names.mappings], `output ${names.mappings} exists`);
      assertHoldsEverySeededIp(stack.output[names.mappings].value, names.mappings);
    }
  });

  test('the default marker is a null_resource with the hashicorp/null provider, emitted without a provider package', () => {
    const triggers = nulls.resource?.null_resource?.[names.marker]?.triggers as Record<string, string>;
    assert.deepEqual(triggers, digestOf(nulls.output?.[names.mappings]?.value), 'the digest of the mappings output');
    assert.equal(triggers.mappings, String(seededIps.length));
    assert.equal((nulls.output?.[names.mappings]?.value as Record<string, string>)[STALE_IP], 'aws/us-east-3');
    assert.equal(nulls.provider?.null?.length, 1);
    assert.deepEqual(nulls.terraform?.required_providers?.null, { source: 'null', version: '3.2.4' });
  });

  test('marker terraform_data carries triggers_replace and needs no provider', () => {
    const triggers = data.resource?.terraform_data?.[names.marker]?.triggers_replace as Record<string, string>;
    assert.deepEqual(triggers, digestOf(data.output?.[names.mappings]?.value));
    assert.equal(data.provider, undefined);
    assert.equal(data.resource?.null_resource, undefined);
  });

  test('the stale region is a warning annotation in the manifest', () => {
    const warnings = manifest.stacks.nulls?.annotations.filter((a) => a.level === '@cdktf/warn') ?? [];
    const stale = warnings.find((a) => a.message.includes(STALE_IP));
    assert.ok(stale, `a warning names ${STALE_IP}: ${JSON.stringify(manifest.stacks.nulls?.annotations)}`);
    assert.match(stale.message, /us-east-3/);
    assert.equal(stale.constructPath, 'nulls/origins');
    assert.ok(!manifest.stacks.nulls?.annotations.some((a) => a.level === '@cdktf/error'));
  });

  test(
    'terraform init and apply the terraform_data stack; its outputs hold every mapping',
    { skip: !hasTerraform },
    () => {
      const tfDir = path.join(work, 'tf');
      rmSync(tfDir, { recursive: true, force: true });
      mkdirSync(tfDir);
      writeFileSync(path.join(tfDir, 'cdk.tf.json'), readFileSync(path.join(outdir, 'stacks', 'data', 'cdk.tf.json')));
      const terraform = (args: string[]): string => terraformOk(tfDir, ...args);
      terraform(['init', '-input=false', '-no-color']);
      terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
      const outputs = JSON.parse(terraform(['output', '-json'])) as Record<string, { value: unknown }>;
      assertHoldsEverySeededIp(outputs[names.mappings]?.value, `applied output ${names.mappings}`);
      const state = JSON.parse(terraform(['show', '-json'])) as {
        values: { root_module: { resources: { address: string }[] } };
      };
      assert.deepEqual(
        state.values.root_module.resources.map((r) => r.address),
        [`terraform_data.${names.marker}`],
      );
    },
  );
});

describe('Testing of a cdktn stack', () => {
  test('Testing.synth with validations: outputs and the null_resource marker', () => {
    const app = Testing.app({ outdir: path.join(work, 'testing.out') });
    const stack = new TerraformStack(app, 'edge');
    const lookup = new OriginCloudRegions(stack, 'origins', props());
    assert.equal(lookup.mappings.length, seededIps.length, 'plain values at synth time');
    const synthesized = Testing.synth(stack, true);
    assert.ok(Testing.toHaveResource(synthesized, 'null_resource'));
    assert.ok(Testing.toHaveProvider(synthesized, 'null'));
    const json = JSON.parse(synthesized) as StackJson;
    assertHoldsEverySeededIp(json.output?.[names.mappings]?.value, names.mappings);
  });

  test('strict: the stale region is an error annotation and the synth fails, naming it', () => {
    const app = new App({ outdir: path.join(work, 'strict.out'), stackTraces: false });
    const stack = new TerraformStack(app, 'strict');
    new OriginCloudRegions(stack, 'origins', props({ strict: true }));
    assert.throws(
      () => app.synth(),
      (error: Error) => error.message.includes(STALE_IP) && error.message.includes('us-east-3'),
    );
  });
});
