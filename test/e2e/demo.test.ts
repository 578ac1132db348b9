import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from '../support/constants';
import { synthEnv } from '../support/synth';

const outdir = mkdtempSync(path.join(tmpdir(), 'ocr-demo-'));
after(() => rmSync(outdir, { recursive: true, force: true }));

test('npm run demo: emulator + real cdktf synth of main.ts + a short summary', async () => {
  // `npm run demo` is `tsx scripts/demo.ts`; run it the same way, into a temporary output folder.
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts', '--output', outdir], {
      cwd: REPO_ROOT,
      env: synthEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, output: text }));
  });
  assert.equal(code, 0, output);
  assert.match(output, /12 mappings \(9 IPv4, 3 IPv6\), validated against supported_regions/);
  assert.match(output, /aws +5\n +azure +2\n +gcp +3\n +oci +2/);
  // The demo checks the mappings against the emulator's sample IP range feeds, which contradict one of them.
  assert.match(
    output,
    /Published IP ranges \(the emulator's sample feeds\): 9 confirmed, 1 anycast, 1 unpublished, 1 region_mismatch\n/,
  );
  assert.match(
    output,
    /Warnings \(2\):\n +- origin 192\.0\.2\.20: aws publishes it in region "eu-west-2" \(prefix 192\.0\.2\.16\/28\), not "eu-west-1"; did you mean "eu-west-2"\?\n +- origin 192\.0\.2\.99: region "us-east-3" .*did you mean "us-east-1"\?/,
  );
  assert.ok(output.includes(`Synthesized stack: ${path.join(outdir, 'stacks', 'origins', 'cdk.tf.json')}`), output);
});
