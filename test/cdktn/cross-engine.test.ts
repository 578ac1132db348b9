import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import * as cdktf from 'cdktf';
import * as cdktn from 'cdktn';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { OriginCloudRegions as CdktfOriginCloudRegions } from '../../lib/construct';
import * as cdktfGuard from '../../lib/construct/engine-guard';
import type * as cdktfMarker from '../../lib/construct/marker-resource';
import { InvalidInputError } from '../../lib/errors';
import { cdktnConstructModule, cdktnEntryFromSource } from '../support/cdktn';
import { DEMO_ZONE } from '../support/constants';

/**
 * The wrong entry point fails loudly, in both directions, before any lookup is sent; and a construct the
 * synth never visited fails the synth at its end. No emulator is needed: the guard throws in the
 * constructor, before the lookup is registered.
 */

const { OriginCloudRegions: CdktnOriginCloudRegions } = cdktnEntryFromSource();
const cdktnGuard = cdktnConstructModule<typeof cdktfGuard>('engine-guard');
const cdktnMarker = cdktnConstructModule<typeof cdktfMarker>('marker-resource');

const outdirs: string[] = [];
function outdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-cross-engine-'));
  outdirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function thrown(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, `expected an InvalidInputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the construct to throw');
}

describe('the wrong entry point fails loudly', () => {
  test('the cdktf entry point in a cdktn stack names the /cdktn import', () => {
    const app = cdktn.Testing.app({ outdir: outdir() });
    const stack = new cdktn.TerraformStack(app, 'edge');
    const error = thrown(() => new CdktfOriginCloudRegions(stack, 'origins', { zoneId: DEMO_ZONE }));
    assert.equal(error.code, 'OCR_INVALID_INPUT');
    assert.equal(error.field, 'scope');
    assert.match(error.message, /bound to cdktf .*its stack "edge" is a cdktn 0\.24\.0 stack/);
    assert.match(error.message, /Import OriginCloudRegions from 'cdktf-origin-cloud-regions\/cdktn' instead\.$/);
    assert.equal(stack.node.tryFindChild('origins')?.node.children.length ?? 0, 0, 'nothing was emitted');
  });

  test('the cdktn entry point in a cdktf stack names the root import', () => {
    const app = cdktf.Testing.app({ outdir: outdir() });
    const stack = new cdktf.TerraformStack(app, 'edge');
    const error = thrown(() => new CdktnOriginCloudRegions(stack, 'origins', { zoneId: DEMO_ZONE }));
    assert.match(error.message, /bound to cdktn .*its stack "edge" is a cdktf 0\.21\.0 stack/);
    assert.match(error.message, /Import OriginCloudRegions from 'cdktf-origin-cloud-regions' instead\.$/);
  });

  test("a stack of this engine under the other engine's App asks for one engine", () => {
    const app = cdktf.Testing.app({ outdir: outdir() });
    const stack = new cdktn.TerraformStack(app, 'edge');
    const error = thrown(() => new CdktnOriginCloudRegions(stack, 'origins', { zoneId: DEMO_ZONE }));
    assert.match(error.message, /its App \(the app root\) is a cdktf 0\.21\.0 App/);
    assert.match(error.message, /Build the app with one engine/);
  });

  test('a stack from another copy of the same engine names the copies and the fix', () => {
    // What a second cdktf package in node_modules looks like: the shared marker, another class.
    class OtherCopyStack extends Construct {
      public constructor(scope: Construct, id: string) {
        super(scope, id);
        Object.defineProperty(this, Symbol.for('cdktf/TerraformStack'), { value: true });
      }
    }
    Object.defineProperty(OtherCopyStack, Symbol.for('jsii.rtti'), {
      value: { fqn: 'cdktf.TerraformStack', version: '0.20.0' },
    });
    const stack = new OtherCopyStack(cdktf.Testing.app({ outdir: outdir() }), 'edge');
    assert.ok(cdktf.TerraformStack.isStack(stack));
    const error = thrown(() => new CdktfOriginCloudRegions(stack, 'origins', { zoneId: DEMO_ZONE }));
    assert.match(error.message, /another copy of cdktf 0\.20\.0 than the cdktf 0\.21\.0 this package loads/);
    assert.match(error.message, /npm ls cdktf/);
  });
});

describe('a construct the synth never visited fails the synth (validations run after aspects)', () => {
  function appWith(
    engine: typeof cdktf | typeof cdktn,
    guard: typeof cdktfGuard,
  ): { app: InstanceType<typeof cdktf.App> | InstanceType<typeof cdktn.App> } {
    const app = new engine.App({ outdir: outdir(), stackTraces: false });
    const stack = new engine.TerraformStack(app, 'edge');
    // A plain construct: past the constructor-time check, so only the end-of-synth check can catch it.
    guard.failSynthUnlessVisited(new Construct(stack, 'origins'));
    return { app };
  }

  test('cdktf synth: a cdktf-bound construct passes, a cdktn-bound one fails naming both imports', () => {
    assert.doesNotThrow(() => appWith(cdktf, cdktfGuard).app.synth());
    const { app } = appWith(cdktf, cdktnGuard);
    assert.throws(
      () => app.synth(),
      (error: Error) =>
        /OriginCloudRegions "edge\/origins" is bound to cdktn, but the synth never ran its emit step/.test(
          error.message,
        ) &&
        error.message.includes("import OriginCloudRegions from 'cdktf-origin-cloud-regions/cdktn'") &&
        error.message.includes("from 'cdktf-origin-cloud-regions'"),
    );
  });

  test('cdktn synth: a cdktn-bound construct passes, a cdktf-bound one fails', () => {
    assert.doesNotThrow(() => appWith(cdktn, cdktnGuard).app.synth());
    const { app } = appWith(cdktn, cdktfGuard);
    assert.throws(() => app.synth(), /"edge\/origins" is bound to cdktf, but the synth never ran its emit step/);
  });
});

describe('cross-engine type checks use the shared markers', () => {
  test("a null provider built on the other engine's classes is found; instanceof would miss it", () => {
    const stack = new cdktn.TerraformStack(cdktn.Testing.app({ outdir: outdir() }), 'edge');
    const provider = new NullProvider(stack, 'null'); // @cdktf/provider-null: cdktf's classes
    assert.equal(provider instanceof cdktn.TerraformProvider, false);
    assert.equal(cdktnMarker.hasNullProvider(stack), true);
    assert.equal(
      cdktnMarker.hasNullProvider(new cdktn.TerraformStack(cdktn.Testing.app({ outdir: outdir() }), 'empty')),
      false,
    );
  });

  test('engineClassOf reads the engine and version of a (sub)class from its jsii type information', () => {
    class MyStack extends cdktn.TerraformStack {}
    const stack = new MyStack(cdktn.Testing.app({ outdir: outdir() }), 'edge');
    assert.deepEqual(cdktfGuard.engineClassOf(stack, 'TerraformStack'), { engine: 'cdktn', version: '0.24.0' });
    assert.deepEqual(cdktfGuard.engineClassOf(new Construct(stack, 'plain'), 'TerraformStack'), {
      engine: undefined,
      version: undefined,
    });
  });
});
