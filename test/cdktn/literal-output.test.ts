import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import * as cdktf from 'cdktf';
import * as cdktn from 'cdktn';
import * as cdktfLiteralOutput from '../../lib/construct/literal-output';
import { cdktnConstructModule } from '../support/cdktn';

/**
 * `LiteralOutput` writes its value past the engine's token resolution: the stack JSON must be exactly what a
 * plain `TerraformOutput` of the same value writes, on cdktf and on cdktn, through `app.synth()` (the file),
 * `Testing.synth` and `synth --hcl`.
 */

const scratch = mkdtempSync(path.join(tmpdir(), 'ocr-literal-output-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let apps = 0;
const outdir = (): string => path.join(scratch, `app${apps++}`);

const cdktnLiteralOutput = cdktnConstructModule<typeof cdktfLiteralOutput>('literal-output');
// Already Terraform-literal, as the construct hands it over; keys in no particular order.
const value = {
  '2001:db8::1': 'gcp/us-central1',
  '192.0.2.99': 'aws/r$${x}',
  '192.0.2.10': 'aws/us-east-1',
  constructor: 'a key like any other',
};
const colos = { 'aws/us-east-1': ['IAD', 'EWR'], 'gcp/us-central1': [] };

type Engine = typeof cdktf | typeof cdktn;

/** The stack file of an app with one output of `value` and one of `colos`, plain or literal. */
function stackFile(engine: Engine, module: typeof cdktfLiteralOutput, literal: boolean): string {
  const dir = outdir();
  const app = new engine.App({ outdir: dir, stackTraces: false });
  const stack = new engine.TerraformStack(app, 'edge');
  new engine.LocalBackend(stack, { path: 'terraform.tfstate' });
  for (const [name, data] of [
    ['ocr_mappings', value],
    ['ocr_colos', colos],
  ] as const) {
    if (literal) new module.LiteralOutput(stack, name, { value: data, description: 'd $${x}' });
    else new engine.TerraformOutput(stack, name, { value: data, description: 'd $${x}', staticId: true });
  }
  app.synth();
  return readFileSync(path.join(dir, 'stacks', 'edge', 'cdk.tf.json'), 'utf8');
}

for (const [name, engine, module] of [
  ['cdktf', cdktf, cdktfLiteralOutput],
  ['cdktn', cdktn, cdktnLiteralOutput],
] as const) {
  test(`${name}: app.synth() writes the same cdk.tf.json as a plain TerraformOutput`, () => {
    const plain = stackFile(engine, module, false);
    const literal = stackFile(engine, module, true);
    assert.equal(literal, plain);
    const json = JSON.parse(literal) as { output: Record<string, { value: unknown }> };
    assert.deepEqual(json.output.ocr_mappings.value, value);
    assert.deepEqual(json.output.ocr_colos.value, colos);
  });

  test(`${name}: Testing.synth and synth --hcl see the data`, () => {
    const stack = new engine.TerraformStack(engine.Testing.app({ outdir: outdir() }), 'edge');
    new module.LiteralOutput(stack, 'ocr_mappings', { value, description: 'd' });
    // Each engine's Testing takes its own stack class; the union of both is typed apart here.
    const testing = engine.Testing as unknown as {
      synth(stack: unknown): string;
      synthHcl(stack: unknown): unknown;
    };
    const json = JSON.parse(testing.synth(stack)) as { output: Record<string, { value: unknown }> };
    assert.deepEqual(json.output.ocr_mappings.value, value);
    const hclStack = new engine.TerraformStack(engine.Testing.app({ outdir: outdir() }), 'edge');
    new module.LiteralOutput(hclStack, 'ocr_mappings', { value, description: 'd' });
    const hcl = String(testing.synthHcl(hclStack));
    assert.match(hcl, /output "ocr_mappings" \{/);
    assert.match(hcl, /"192\.0\.2\.10"\s*= "aws\/us-east-1"/);
  });
}

test('a key that would shadow one of the wrapper methods is refused', () => {
  for (const key of ['toJSON', 'resolve', 'valueOf', 'toISOString', '__proto__']) {
    const data = Object.fromEntries([[key, 'x']]) as Record<string, unknown>;
    assert.throws(() => new cdktfLiteralOutput.PassThroughValue(data), /would shadow a method/, key);
  }
  assert.doesNotThrow(() => new cdktfLiteralOutput.PassThroughValue({ constructor: 'data', '192.0.2.1': 'aws/x' }));
});
