import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEMO_ZONE, REPO_ROOT } from '../support/constants';
import { synthEnv } from '../support/synth';

/** main.ts run directly (what `cdktf synth` runs), for the cases that stop before any lookup. */
function runMain(env: Record<string, string>): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'ocr-main-'));
  const r = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
    cwd: REPO_ROOT,
    env: synthEnv({ CDKTF_OUTDIR: outdir, ...env }),
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, outdir };
}

test('main.ts without credentials fails with a clear message and writes no stack', () => {
  const r = runMain({ CLOUDFLARE_ZONE_ID: DEMO_ZONE });
  const written = existsSync(path.join(r.outdir, 'stacks', 'origins', 'cdk.tf.json'));
  rmSync(r.outdir, { recursive: true, force: true });
  assert.equal(written, false, 'no stack is written');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /No Cloudflare credentials found\. Set CLOUDFLARE_API_TOKEN/);
});

test('main.ts without a zone, or with an unknown marker kind, fails with a clear message', () => {
  const noZone = runMain({ CLOUDFLARE_API_TOKEN: 'x-token-1234' });
  assert.equal(noZone.status, 1);
  assert.match(noZone.stderr, /CLOUDFLARE_ZONE_ID is not set/);
  const badMarker = runMain({
    CLOUDFLARE_API_TOKEN: 'x-token-1234',
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
    ORIGIN_CLOUD_REGIONS_MARKER: 'null',
  });
  assert.equal(badMarker.status, 1);
  assert.match(
    badMarker.stderr,
    /ORIGIN_CLOUD_REGIONS_MARKER is "null", not one of null_resource, terraform_data, none\. Pick one of them\./,
  );
  for (const r of [noZone, badMarker]) rmSync(r.outdir, { recursive: true, force: true });
});

test('main.ts benchmark baseline: the same stack without the lookup, no credentials needed', () => {
  const r = runMain({ ORIGIN_CLOUD_REGIONS_BENCH_BASELINE: '1', CLOUDFLARE_ZONE_ID: DEMO_ZONE });
  try {
    assert.equal(r.status, 0, r.stderr);
    const stack = JSON.parse(readFileSync(path.join(r.outdir, 'stacks', 'origins', 'cdk.tf.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(stack.output, undefined);
    assert.deepEqual((stack.terraform as { backend: unknown }).backend, {
      local: { path: 'terraform.origins.tfstate' },
    });
  } finally {
    rmSync(r.outdir, { recursive: true, force: true });
  }
});
