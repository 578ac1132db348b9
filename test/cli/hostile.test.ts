/**
 * Hostile strings from every file `diff` and `check` read — snapshots, cdk.tf.json, plan JSON and
 * expectations — driven through the real CLI in-process (`runCli`). Each run either refuses with a typed
 * error on one stderr line without raw control characters, or renders the value inertly: the Markdown has
 * no mention, link or HTML outside code spans and no raw control or bidi character, and the JSON report
 * carries the exact value.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { Command } from 'commander';
import { runCli } from '../../lib/cli/run';
import type { CliIo } from '../../lib/cli/io';
import { textProblem } from '../../lib/files/values';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';
import { terraformLiteral } from '../../lib/sinks/terraform';
import { assertInertMarkdown } from '../reports/markdown-inert';
import { outputs02, planOf, stack02 } from '../readers/contract';
import { ZONE } from '../support/generate-zones';

const FIXTURES = path.join(__dirname, '..', 'readers', 'fixtures');
const TOKEN = 'hostile-test-token-7c1d9e3f5a';
const RUNS = 30;

/** How many runs were accepted and refused per test, so a test whose generator only hits one branch fails. */
class Outcomes {
  accepted = 0;
  refused = 0;
  count(report: unknown): void {
    if (report === undefined) this.refused += 1;
    else this.accepted += 1;
  }
  assertBoth(): void {
    assert.ok(this.accepted > 0 && this.refused > 0, `accepted ${this.accepted}, refused ${this.refused}`);
  }
}

/** Pieces of hostile text: templates, terminal escapes, bidi, Markdown and HTML, mentions, links, built-in names. */
const PIECES = [
  '${file("/etc/hostname")}',
  '%{if true}x%{endif}',
  '$${x}',
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u001b]8;;https://x\u0007link\u001b]8;;\u0007',
  '\u0007',
  '\r',
  '\n',
  '\u0000',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200b',
  '@user',
  '@org/team',
  'https://x',
  'www.x',
  ':smile:',
  '~~s~~',
  '$x$',
  '<b>x</b>',
  '<details>',
  '<!-- c -->',
  '&amp;',
  '`',
  '``',
  '|',
  '\\|',
  '\\',
  '*_#[]()',
  '__proto__',
  'constructor',
  'toString',
  'us-east-1',
  ' ',
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PIECES),
  fc.array(fc.constantFrom(...PIECES), { minLength: 2, maxLength: 5 }).map((p) => p.join('')),
  fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 150, max: 400 })).map(([p, n]) => p + 'x'.repeat(n)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

let tmp: string;
let emulator: CloudflareApiEmulator;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-hostile-'));
  emulator = await CloudflareApiEmulator.start({
    seed: {
      zones: { [ZONE]: { mappings: [{ origin_ip: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }] } },
      credentials: { tokens: [TOKEN] },
    },
  });
});
after(async () => {
  await emulator.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
function write(content: unknown, name: string): string {
  n += 1;
  const file = path.join(tmp, String(n), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false } as unknown as CliIo['stderr'],
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.baseUrl },
  };
  const code = await runCli(['node', 'origin-cloud-regions', ...args], new Command(), io);
  process.exitCode = 0;
  return { code, stdout, stderr };
}

/** A refusal: exit 1, nothing on stdout, one stderr line with an error code and no raw control character. */
function assertRefusal(run: Run): void {
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^origin-cloud-regions: [^\n]* \[OCR_[A-Z_]+\]\n$/);
  assert.ok(!hasUnsafeCharacters(run.stderr.slice(0, -1)), JSON.stringify(run.stderr));
}

/** Diffs base → head in both formats; returns the JSON report when the value was accepted. */
async function diffBoth(base: string, head: string | undefined): Promise<Record<string, unknown> | undefined> {
  const sides = head === undefined ? [base] : [base, head];
  const md = await cli(['diff', ...sides]);
  const json = await cli(['diff', ...sides, '--format', 'json']);
  if (md.code === 1) {
    assertRefusal(md);
    assertRefusal(json);
    assert.equal(json.stderr, md.stderr);
    return undefined;
  }
  assert.ok(md.code === 0 || md.code === 2, md.stderr);
  assert.equal(md.stderr, '');
  assertInertMarkdown(md.stdout);
  assert.equal(json.code, md.code);
  return JSON.parse(json.stdout) as Record<string, unknown>;
}

type JsonZone = {
  label: string | null;
  added: { origin_ip: string; vendor: string; region: string; upper_tier_colos: string[] | null }[];
};

function snapshotText(edit: (s: Record<string, unknown>) => void): string {
  const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'snapshot-head.json'), 'utf8'));
  edit(data);
  return JSON.stringify(data, null, 2);
}

describe('hostile strings through diff and check', () => {
  test('in a snapshot (region, vendor, colo, supported-regions key)', async () => {
    const outcomes = new Outcomes();
    const base = path.join(FIXTURES, 'snapshot-base.json');
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('region', 'vendor', 'colo', 'key'), async (value, where) => {
        const head = write(
          snapshotText((s) => {
            const added = (s.mappings as Record<string, string>[]).find((m) => m.origin_ip === '203.0.113.7')!;
            const sr = s.supportedRegions as {
              vendors: Record<string, { name: string; upper_tier_colos: string[] }[]>;
            };
            if (where === 'region') added.region = value;
            if (where === 'vendor') added.vendor = value;
            if (where === 'colo') sr.vendors.gcp.find((r) => r.name === 'europe-west1')!.upper_tier_colos = [value];
            if (where === 'key') Object.defineProperty(sr.vendors, value, { value: [], enumerable: true });
          }),
          'head.json',
        );
        const report = await diffBoth(base, head);
        outcomes.count(report);
        // A vendor never contains `/` (the separator of "vendor/region"), in mappings and supported_regions alike.
        const accepted =
          textProblem(value) === undefined && !((where === 'vendor' || where === 'key') && value.includes('/'));
        assert.equal(
          report !== undefined,
          accepted,
          `accepted exactly when printable, at most 200 characters, no / in a vendor`,
        );
        if (report === undefined || where === 'key') return;
        const m = (report.zones as JsonZone[])[0].added.find((a) => a.origin_ip === '203.0.113.7')!;
        if (where === 'region') assert.equal(m.region, value);
        if (where === 'vendor') assert.equal(m.vendor, value);
        if (where === 'colo') assert.deepEqual(m.upper_tier_colos, [value]);
      }),
      { numRuns: RUNS, seed: 11 },
    );
    outcomes.assertBoth();
  });

  test('in a cdk.tf.json (region, vendor, colo, label, origin key), Terraform-escaped as synth writes it', async () => {
    const outcomes = new Outcomes();
    const base = path.join(FIXTURES, 'synth-out', 'stacks', 'main', 'cdk.tf.json');
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => !v.includes('/')),
        fc.constantFrom('region', 'vendor', 'colo', 'label', 'ip'),
        async (value, where) => {
          const mapping = {
            originIp: where === 'ip' ? value : '198.51.100.77',
            vendor: where === 'vendor' ? value : 'aws',
            region: where === 'region' ? value : 'us-east-1',
          };
          const colos = { [`${mapping.vendor}/${mapping.region}`]: [where === 'colo' ? value : 'IAD'] };
          const stack = stack02(ZONE, [mapping], { colos, ...(where === 'label' ? { label: value } : {}) });
          const report = await diffBoth(base, write(stack, 'cdk.tf.json'));
          outcomes.count(report);
          const accepted = where === 'ip' ? false : textProblem(value) === undefined;
          assert.equal(report !== undefined, accepted);
          if (report === undefined) return;
          const zone = (report.zones as JsonZone[])[0];
          const m = zone.added.find((a) => a.origin_ip === '198.51.100.77')!;
          if (where === 'label') assert.equal(zone.label, value);
          else {
            assert.equal(m.vendor, mapping.vendor);
            assert.equal(m.region, mapping.region);
            assert.deepEqual(m.upper_tier_colos, colos[`${mapping.vendor}/${mapping.region}`]);
          }
        },
      ),
      { numRuns: RUNS, seed: 12 },
    );
    outcomes.assertBoth();
  });

  test('in a cdk.tf.json written without escaping: a template sequence is refused, never read as data', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        const stack = stack02(ZONE, [{ originIp: '198.51.100.77', vendor: 'aws', region: 'us-east-1' }]);
        const output = stack.output as Record<string, { value: Record<string, string> }>;
        output[`ocr_${ZONE}_mappings`].value['198.51.100.77'] = `aws/${value}`; // as is: not escaped
        const run = await cli(['diff', path.join(FIXTURES, 'snapshot-base.json'), write(stack, 'cdk.tf.json')]);
        const escapedAlready = terraformLiteral(value) === value;
        if (!escapedAlready) {
          assertRefusal(run);
          assert.match(run.stderr, /Terraform template sequence|control character|characters long/);
        } else if (run.code === 1) assertRefusal(run);
        else assertInertMarkdown(run.stdout);
      }),
      { numRuns: RUNS, seed: 13 },
    );
  });

  test('in plan JSON (region, label), read as evaluated values', async () => {
    const outcomes = new Outcomes();
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => !v.includes('/')),
        fc.boolean(),
        async (value, inLabel) => {
          const before = outputs02(ZONE, [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }]);
          const after = outputs02(
            ZONE,
            [
              { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
              { originIp: '192.0.2.11', vendor: 'aws', region: inLabel ? 'eu-west-1' : value },
            ],
            inLabel ? { label: value } : {},
          );
          const report = await diffBoth(write(planOf(before, after), 'plan.json'), undefined);
          outcomes.count(report);
          assert.equal(report !== undefined, textProblem(value) === undefined);
          if (report === undefined) return;
          const zone = (report.zones as JsonZone[])[0];
          if (inLabel) assert.equal(zone.label, value);
          else assert.equal(zone.added[0].region, value);
        },
      ),
      { numRuns: RUNS, seed: 14 },
    );
    outcomes.assertBoth();
  });

  test('in an expectations file (origin IP, vendor, region, and as the file itself)', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('originIp', 'vendor', 'region', 'file'), async (value, where) => {
        const entry: Record<string, string> = { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' };
        if (where !== 'file') entry[where] = value;
        const file = write(where === 'file' ? value : { zoneId: ZONE, expect: [entry] }, 'e.json');
        for (const format of ['markdown', 'json']) {
          const run = await cli(['check', '--zone', ZONE, '--expect', file, '--format', format]);
          // No hostile value is a real vendor, region or IP of the zone: every run is refused.
          assertRefusal(run);
          if (where === 'file') assert.doesNotMatch(run.stderr, /is not valid JSON \(/, "never V8's message");
        }
      }),
      { numRuns: RUNS, seed: 15 },
    );
  });
});
