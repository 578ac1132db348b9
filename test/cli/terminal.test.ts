/**
 * What reaches the terminal: error lines (whole, one line, control characters escaped), commander's usage
 * errors, the list table, and the messages for two common mistakes (a YAML expectations file, a
 * `cdktf synth --hcl` output) — through `runCli`, in-process.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baseEnv, runCli, type CliRun } from '../support/cli';
import { renderMappingTable } from '../../lib/cli/list';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';
import { ZONE } from '../support/generate-zones';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-cli-terminal-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { ...baseEnv(), CLOUDFLARE_API_TOKEN: 'unused-token-0123456789', NO_COLOR: '1' });
}

function assertOneSafeLine(run: CliRun): void {
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n');
  assert.equal(lines.length, 2, `one line: ${JSON.stringify(run.stderr)}`);
  assert.ok(!hasUnsafeCharacters(lines[0]), JSON.stringify(lines[0]));
}

describe('the terminal sink', () => {
  test('a path with terminal escapes and a line break is shown escaped, on one line, with the whole message', async () => {
    const name = path.join(tmp, 'a\u001b]0;pwned\u0007\nb.json');
    const run = await cli('diff', name, name);
    assertOneSafeLine(run);
    assert.match(
      run.stderr,
      /a\\x1b\]0;pwned\\x07\\x0ab\.json does not exist\. Give a snapshot file .*\[OCR_SOURCE_NOT_FOUND\]\n$/,
    );
  });

  test("commander's usage errors quote what was typed, escaped", async () => {
    const run = await cli('diff', '--bogus\u001b[2J');
    assert.equal(run.code, 1);
    assert.ok(!hasUnsafeCharacters(run.stderr.replace(/\n/g, '')), JSON.stringify(run.stderr));
    assert.match(run.stderr, /unknown option '--bogus\\x1b\[2J'/);
  });

  test('the list table shows bidi and invisible characters as escapes, keeping its columns', () => {
    const table = renderMappingTable({
      zoneId: ZONE,
      mappings: [
        { originIp: '192.0.2.1', vendor: 'aws', region: 'us-\u202eeast-1', modifiedOn: '2026-01-01T00:00:00Z' },
        { originIp: '192.0.2.2', vendor: 'gcp\u200b', region: 'us-central1' },
      ],
      pages: 1,
      requests: 1,
    });
    assert.ok(!hasUnsafeCharacters(table.replace(/\n/g, '')));
    const lines = table.split('\n');
    assert.equal(lines[1], '192.0.2.1  aws          us-\\u{202e}east-1  2026-01-01T00:00:00Z');
    assert.equal(lines[2], '192.0.2.2  gcp\\u{200b}  us-central1        -');
  });
});

describe('messages for common mistakes', () => {
  test('check --expect with a one-line YAML file keeps the whole message and the YAML hint', async () => {
    const file = path.join(tmp, 'e.yaml');
    fs.writeFileSync(file, `zoneId: ${ZONE}\n`);
    const run = await cli('check', '--expect', file);
    assertOneSafeLine(run);
    assert.match(
      run.stderr,
      /e\.yaml is not valid JSON at line 1 column 1 \(unexpected "z"\)\. It looks like YAML, which is not accepted: convert it to JSON \(for example with yq -o json\)\. Write \[\{ "originIp": "192\.0\.2\.1", "vendor": "aws", "region": "us-east-1" \}\]\. \[OCR_INVALID_INPUT\]\n$/,
    );
  });

  test('diff of a cdktf synth --hcl output says to synthesize without --hcl', async () => {
    const out = path.join(tmp, 'cdktf.out');
    fs.mkdirSync(path.join(out, 'stacks', 'main'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'main', 'cdk.tf'), 'terraform {\n}\n');
    const run = await cli('diff', out, out);
    assertOneSafeLine(run);
    assert.match(
      run.stderr,
      /cdktf\.out is a cdktf\.out folder synthesized with --hcl \(.*cdk\.tf\)\. diff reads the JSON form of a synthesized stack: synthesize without --hcl \(cdktf synth\)/,
    );
    const one = await cli('diff', path.join(out, 'stacks', 'main', 'cdk.tf'));
    assertOneSafeLine(one);
    assert.match(one.stderr, /is Terraform HCL \(cdktf synth --hcl\), not JSON\. diff reads the JSON form/);
  });

  test('--comment-id is checked', async () => {
    const fixtures = path.join(__dirname, '..', 'readers', 'fixtures');
    const bad = await cli('diff', path.join(fixtures, 'plan-outputs.json'), '--comment-id', 'a--b');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /option '--comment-id <id>' argument 'a--b' is invalid\. use letters, digits/);
    const good = await cli('diff', path.join(fixtures, 'plan-outputs.json'), '--comment-id', 'origins/pr-7');
    assert.equal(good.code, 2, good.stderr);
    assert.equal(good.stdout.split('\n')[0], '<!-- origin-cloud-regions:origins/pr-7 -->');
  });
});
