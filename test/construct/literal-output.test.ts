import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as cdktf from 'cdktf';
import * as cdktfLiteralOutput from '../../lib/construct/literal-output';
import { cdktnConstructModule } from '../support/cdktn';

/*
 * What LiteralOutput relies on, in each engine's own token resolution (in-process, no CLI): the value reaches
 * the stack's Terraform JSON as the same PassThroughValue, unwalked, and is written as its data. Should an engine
 * start walking it (resolving a `Date`, or merging a resolvable), the output would stay right but the synth would
 * lose what docs/performance.md measures: these tests fail then. test/cdktn/literal-output.test.ts compares whole
 * files through `app.synth()` and `synth --hcl`.
 */

const value = { '192.0.2.10': 'aws/us-east-1', '2001:db8::1': 'gcp/us-central1', constructor: 'data' };

type Engine = Pick<
  typeof cdktf,
  'Testing' | 'TerraformStack' | 'Tokenization' | 'DefaultTokenResolver' | 'StringConcat'
>;

function engines(): [string, Engine, typeof cdktfLiteralOutput][] {
  const all: [string, Engine, typeof cdktfLiteralOutput][] = [['cdktf', cdktf, cdktfLiteralOutput]];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer: tested when installed
    const cdktn = require('cdktn') as Engine;
    all.push(['cdktn', cdktn, cdktnConstructModule<typeof cdktfLiteralOutput>('literal-output')]);
  } catch {
    // cdktn is not installed: only cdktf is tested.
  }
  return all;
}

for (const [name, engine, module] of engines()) {
  test(`${name}: token resolution returns the PassThroughValue itself`, () => {
    const stack = new engine.TerraformStack(engine.Testing.app(), 'edge');
    const wrapped = new module.PassThroughValue(value);
    const options = {
      scope: stack,
      preparing: false,
      resolver: new engine.DefaultTokenResolver(new engine.StringConcat()),
    };
    assert.equal(engine.Tokenization.resolve(wrapped, options), wrapped);
    assert.equal(engine.Tokenization.resolve({ a: { b: wrapped } }, options).a.b, wrapped);
  });

  test(`${name}: the stack's Terraform JSON holds the value unwalked, and Testing.synth writes its data`, () => {
    const stack = new engine.TerraformStack(engine.Testing.app(), 'edge');
    const wrapped = new module.PassThroughValue(value);
    new module.LiteralOutput(stack, 'ocr_mappings', { value: wrapped, description: 'd' });
    const terraform = stack.toTerraform() as { output: Record<string, { value: unknown }> };
    assert.equal(terraform.output.ocr_mappings.value, wrapped, 'the same object, not a resolved copy');
    const json = JSON.parse(engine.Testing.synth(stack)) as { output: Record<string, { value: unknown }> };
    assert.deepEqual(json.output.ocr_mappings.value, value);
  });
}
