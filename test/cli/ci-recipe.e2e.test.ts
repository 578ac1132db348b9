/**
 * The CI recipe in docs/ci.md: its one `sh` block is run with bash exactly as GitHub Actions runs a
 * `run:` step (`bash --noprofile --norc -eo pipefail`), against a stand-in `origin-cloud-regions` that
 * exits 0, 1, 2 and 3. Errors must fail the job, drift must not.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { runCli } from '../../lib/cli/run';
import { isValidCommentId } from '../../lib/reports/markdown';

const ROOT = path.join(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');

/** Every fenced block of the given language in the document. */
function fenced(language: string): string[] {
  const out: string[] = [];
  const re = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm');
  for (let m = re.exec(DOC); m !== null; m = re.exec(DOC)) out.push(m[1]);
  return out;
}

const blocks = fenced('sh');
const SCRIPT = blocks[0];

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-ci-recipe-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the block in a fresh job folder whose installed command exits with `code`. */
function runJob(code: number): { status: number | null; output: string; summary: string; args: string; log: string } {
  const job = fs.mkdtempSync(path.join(tmp, `job-${code}-`));
  const bin = path.join(job, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'origin-cloud-regions'),
    [
      '#!/bin/sh',
      'printf "%s\\n" "$*" > "$JOB_DIR/args"',
      'if [ "$FAKE_EXIT" = 1 ]; then echo "origin-cloud-regions: base/cdktf.out does not exist [OCR_SOURCE_NOT_FOUND]" >&2; exit 1; fi',
      'printf "<!-- origin-cloud-regions:origin-cloud-regions/pr -->\\n\\nreport body\\n"',
      'exit "$FAKE_EXIT"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(job, 'step.sh'), SCRIPT);
  const outputFile = path.join(job, 'github-output');
  const summaryFile = path.join(job, 'step-summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'step.sh'], {
    cwd: job,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      FAKE_EXIT: String(code),
      JOB_DIR: job,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    },
    timeout: 20_000,
  });
  return {
    status: run.status,
    output: fs.readFileSync(outputFile, 'utf8'),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    args: fs.existsSync(path.join(job, 'args')) ? fs.readFileSync(path.join(job, 'args'), 'utf8') : '',
    log: run.stdout + run.stderr,
  };
}

describe('docs/ci.md', () => {
  test('holds exactly one sh block, and the workflow step runs that very block', () => {
    assert.equal(blocks.length, 1);
    const yaml = fenced('yaml')[0];
    const step = yaml.split('      - name: Diff\n')[1];
    assert.ok(step !== undefined, 'the workflow has a Diff step');
    const run = step.split('        run: |\n')[1].split('\n      - name:')[0];
    const dedented = run
      .split('\n')
      .map((l) => l.replace(/^ {10}/, ''))
      .join('\n');
    assert.equal(dedented.trimEnd(), SCRIPT.trimEnd());
  });

  for (const [code, jobStatus, drift] of [
    [0, 0, 'false'],
    [1, 1, undefined],
    [2, 0, 'true'],
    [3, 1, undefined],
  ] as const) {
    test(`the command exits ${code}: the job ${jobStatus === 0 ? 'passes' : 'fails'}`, () => {
      const job = runJob(code);
      assert.equal(job.status, jobStatus, job.log);
      assert.equal(job.args.trim(), 'diff ../base/cdktf.out cdktf.out --comment-id origin-cloud-regions/pr');
      if (drift === undefined) {
        assert.equal(job.output, '', 'no drift output: the comment step does not run');
        assert.match(job.log, /::error title=origin-cloud-regions diff::/);
      } else {
        assert.equal(job.output, `drift=${drift}\n`);
        assert.match(job.summary, /^<!-- origin-cloud-regions:origin-cloud-regions\/pr -->\n/);
      }
    });
  }

  test("the recipe's comment id is valid and is the first line of the real report, as the comment step reads it", async () => {
    assert.ok(isValidCommentId('origin-cloud-regions/pr'));
    let stdout = '';
    const io = {
      stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      env: {},
    };
    const fixtures = path.join(ROOT, 'test', 'readers', 'fixtures');
    const code = await runCli(
      [
        'node',
        'origin-cloud-regions',
        'diff',
        path.join(fixtures, 'snapshot-base.json'),
        path.join(fixtures, 'snapshot-head.json'),
        '--comment-id',
        'origin-cloud-regions/pr',
      ],
      new Command(),
      io,
    );
    process.exitCode = 0;
    assert.equal(code, 2);
    assert.equal(stdout.split('\n')[0], '<!-- origin-cloud-regions:origin-cloud-regions/pr -->');
    assert.match(DOC, /head -n 1 report\.md\)\s+# <!-- origin-cloud-regions:origin-cloud-regions\/pr -->/);
  });
});
