import { runCli, type CliRun } from '../support/cli';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'readers', 'fixtures');
const fixture = (name: string): string => path.join(FIXTURES, name);

/** Runs the CLI in-process, with a captured stdout and stderr. */
function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { ...process.env, CLOUDFLARE_API_TOKEN: '', NO_COLOR: '1' });
}

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-cli-diff-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('origin-cloud-regions diff', () => {
  test('two snapshots with drift: Markdown report, exit 2', async () => {
    const run = await cli('diff', fixture('snapshot-base.json'), fixture('snapshot-head.json'));
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout.split('\n')[0], /^<!-- origin-cloud-regions:diff:[0-9a-f]{12} -->$/);
    assert.equal(run.stdout.split('\n')[2], '**2 added, 1 removed, 2 changed** across 1 zone (5 → 6 mappings)');
    assert.match(
      run.stdout,
      /\| `2001:db8::20` \| `oci` → `aws` \| `us-ashburn-1` → `us-east-1` \| `IAD` → `IAD`, `EWR` \|/,
    );
    assert.equal(run.stderr, '');
  });

  test('snapshot against a cdk.tf.json that holds the same mappings (in other IPv6 notation): exit 0', async () => {
    // snapshot-head.json and the stack agree; the base snapshot writes 2001:db8::1 as 2001:DB8:0:0::1.
    const same = await cli('diff', fixture('snapshot-head.json'), fixture('synth-out/stacks/main/cdk.tf.json'));
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^No drift: 6 mappings unchanged across 1 zone\./m);
  });

  test('cdktf.out folder against a plan (its after side), JSON format', async () => {
    const run = await cli('diff', fixture('synth-out'), fixture('plan-outputs.json'), '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.drift, false);
    assert.equal(report.summary.unchanged, 6);
  });

  test('one argument: a plan, before → after', async () => {
    const run = await cli('diff', fixture('plan-outputs.json'), '--format', 'json');
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout);
    const zone = report.zones[0];
    assert.deepEqual(
      zone.added.map((m: { origin_ip: string }) => m.origin_ip),
      ['203.0.113.7', '2001:db8::abcd'],
    );
    assert.deepEqual(
      zone.removed.map((m: { origin_ip: string }) => m.origin_ip),
      ['198.51.100.5'],
    );
    assert.deepEqual(
      zone.changed.map((m: { origin_ip: string }) => m.origin_ip),
      ['192.0.2.20', '2001:db8::20'],
    );
    const none = await cli('diff', fixture('plan-no-change.json'));
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^No drift/m);
  });

  test('--limit summarizes long tables', async () => {
    const run = await cli('diff', fixture('plan-marker-only.json'), '--limit', '1');
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /…and 1 more; run with `--format json` for the full list\./);
  });

  test('errors exit 1 with one line on stderr and nothing on stdout', async () => {
    const missing = await cli('diff', path.join(tmp, 'nope.json'), fixture('snapshot-head.json'));
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.match(
      missing.stderr,
      /^origin-cloud-regions: .*nope\.json does not exist\. Give a snapshot file .* \[OCR_SOURCE_NOT_FOUND\]\n$/,
    );
    const notPlan = await cli('diff', fixture('snapshot-base.json'));
    assert.equal(notPlan.code, 1);
    assert.match(notPlan.stderr, /not a Terraform plan in JSON\. With one argument, diff needs a plan/);
    const badLimit = await cli('diff', fixture('plan-outputs.json'), '--limit', 'many');
    assert.equal(badLimit.code, 1);
    assert.match(badLimit.stderr, /whole number of rows/);
  });

  test('--help lists the source kinds, exit codes and examples', async () => {
    const run = await cli('diff', '--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /cdktf\.out folder/);
    assert.match(run.stdout, /0 no drift, 1 error, 2 drift/);
    assert.match(run.stdout, /origin-cloud-regions diff plan\.json/);
  });
});
