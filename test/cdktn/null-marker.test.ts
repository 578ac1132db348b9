import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import * as cdktf from 'cdktf';
import * as cdktn from 'cdktn';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import * as cdktfMarker from '../../lib/construct/marker-resource';
import { cdktnConstructModule } from '../support/cdktn';
import { hasTerraform } from '../support/terraform';

/**
 * The `null_resource` marker is emitted on the engine's own base classes (no provider package), and its JSON
 * is the one `@cdktf/provider-null` 11 writes: provider block, `required_providers` entry and resource alike.
 */

const scratch = mkdtempSync(path.join(tmpdir(), 'ocr-null-marker-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let apps = 0;
/** A fresh app folder inside the scratch folder (Testing.app({ outdir: outdir() }) alone leaves one in the temp folder). */
const outdir = (): string => path.join(scratch, `app${apps++}`);

const cdktnMarker = cdktnConstructModule<typeof cdktfMarker>('marker-resource');
const triggers = { '192.0.2.10': 'aws/us-east-1', '2001:db8::1': 'gcp/us-central1', '192.0.2.99': 'aws/${x}' };
const logicalId = `ocr_${'a'.repeat(32)}_marker`;

interface Synthesized {
  provider?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, unknown> };
}

/** The parts of a stack's JSON a marker contributes (the "//" metadata names the engine version). */
function markerParts(text: string): Synthesized {
  const json = JSON.parse(text) as Synthesized;
  return {
    provider: json.provider,
    resource: json.resource,
    terraform: { required_providers: json.terraform?.required_providers },
  };
}

/** The whole stack JSON `@cdktf/provider-null` writes for the marker. */
function withProviderPackage(): string {
  const stack = new cdktf.TerraformStack(cdktf.Testing.app({ outdir: outdir() }), 'edge');
  new NullProvider(stack, 'ocr_null_provider');
  new Resource(stack, 'marker', { triggers }).overrideLogicalId(logicalId);
  return cdktf.Testing.synth(stack);
}

test('the direct null_resource marker synthesizes what @cdktf/provider-null does, on cdktf and on cdktn', () => {
  const expected = withProviderPackage();
  assert.deepEqual(markerParts(expected).terraform?.required_providers, {
    null: { source: 'null', version: '3.2.4' },
  });

  const cdktfStack = new cdktf.TerraformStack(cdktf.Testing.app({ outdir: outdir() }), 'edge');
  cdktfMarker.emitMarker(cdktfStack, 'null_resource', logicalId, triggers);
  assert.equal(cdktf.Testing.synth(cdktfStack, true), expected, 'byte for byte, metadata included');

  const cdktnStack = new cdktn.TerraformStack(cdktn.Testing.app({ outdir: outdir() }), 'edge');
  const marker = cdktnMarker.emitMarker(cdktnStack, 'null_resource', logicalId, triggers);
  assert.ok(marker instanceof cdktn.TerraformResource, 'built on cdktn classes');
  // The "//" metadata names the engine and its version; everything Terraform reads is the same.
  assert.deepEqual(markerParts(cdktn.Testing.synth(cdktnStack, true)), markerParts(expected));
});

test('a second marker in the stack reuses the provider block; an existing null provider of any origin is kept', () => {
  const one = new cdktf.TerraformStack(cdktf.Testing.app({ outdir: outdir() }), 'one');
  cdktfMarker.emitMarker(one, 'null_resource', 'first', triggers);
  cdktfMarker.emitMarker(new Construct(one, 'zone2'), 'null_resource', 'second', triggers);
  const json = JSON.parse(cdktf.Testing.synth(one)) as {
    provider: { null: unknown[] };
    resource: { null_resource: object };
  };
  assert.equal(json.provider.null.length, 1);
  assert.deepEqual(Object.keys(json.resource.null_resource).sort(), ['first', 'second']);

  const own = new cdktf.TerraformStack(cdktf.Testing.app({ outdir: outdir() }), 'own');
  new NullProvider(own, 'users_null');
  cdktfMarker.emitMarker(own, 'null_resource', 'marker', triggers);
  const ownJson = JSON.parse(cdktf.Testing.synth(own)) as { provider: { null: unknown[] } };
  assert.equal(ownJson.provider.null.length, 1, "the user's provider is the only one");
});

test('HCL output renders triggers as a map', () => {
  const stack = new cdktn.TerraformStack(cdktn.Testing.app({ outdir: outdir() }), 'edge');
  cdktnMarker.emitMarker(stack, 'null_resource', logicalId, triggers);
  const hcl = cdktn.Testing.synthHcl(stack);
  assert.match(hcl, new RegExp(`resource "null_resource" "${logicalId}" \\{\\s*triggers = \\{`));
  assert.match(hcl, /"192\.0\.2\.10"\s*= "aws\/us-east-1"/);
});

test('terraform reads the provider source "null" as hashicorp/null 3.2.4', { skip: !hasTerraform }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-null-'));
  try {
    const stack = new cdktn.TerraformStack(cdktn.Testing.app({ outdir: outdir() }), 'edge');
    cdktnMarker.emitMarker(stack, 'null_resource', logicalId, triggers);
    writeFileSync(path.join(dir, 'main.tf.json'), cdktn.Testing.synth(stack));
    writeFileSync(path.join(dir, 'empty.tfrc'), '');
    const r = spawnSync('terraform', ['providers', '-no-color'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: path.join(dir, 'empty.tfrc'),
      },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /provider\[registry\.terraform\.io\/hashicorp\/null\] 3\.2\.4/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
