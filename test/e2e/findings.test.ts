import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import { hasTerraform, terraformOk } from '../support/terraform';
import {
  makeCheckout,
  manifestAnnotations,
  runCdktfSynth,
  stackJson,
  stackText,
  type SynthRun,
} from '../support/synth';

/**
 * Every kind of finding, through real `cdktf synth` runs, with each marker kind, default and `strict`:
 * the default synth succeeds with warnings, `strict` fails with the findings' messages, and never a
 * TypeError (cdktf 0.21 cannot synthesize `null` inside an output, so a finding without a did-you-mean
 * once crashed the synth). The API's answers are served whole by the emulator's envelope fault, so the
 * zone holds what no seed would: a non-canonical IP and a `supported_regions` that lists a region holding
 * a Terraform template.
 *
 * Two synths (default and strict), each with one stack per marker kind, share every assertion.
 */

const MARKERS = ['null_resource', 'terraform_data', 'none'] as const;
const work = mkdtempSync(path.join(tmpdir(), 'ocr-findings-'));
// A file the template would read if Terraform evaluated it; its content must never show up anywhere.
const SECRET_FILE = path.join(work, 'secret.txt');
const SECRET_CONTENT = 'content-of-a-local-file-7c1f';
const TEMPLATE_REGION = `r\${file("${SECRET_FILE}")}`;

const MAPPINGS = [
  { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }, // fine
  { origin_ip: '192.0.2.2', vendor: 'alibaba', region: 'cn-hangzhou' }, // unknown vendor, nothing close
  { origin_ip: '192.0.2.3', vendor: 'aws', region: 'us-east-3' }, // unknown region, did you mean us-east-1
  { origin_ip: '192.0.2.4', vendor: 'aws', region: 'eu-north-1' }, // real region the zone does not list
  { origin_ip: '2001:DB8:0:0::5', vendor: 'aws', region: 'us-east-1' }, // non-canonical IP
  { origin_ip: '192.0.2.6', vendor: 'aws', region: TEMPLATE_REGION }, // implausible, listed by supported_regions
];
const SUPPORTED = {
  obtained_codes: true,
  vendors: {
    aws: [
      { name: 'us-east-1', upper_tier_colos: ['IAD', 'EWR'] },
      { name: 'us-east-2', upper_tier_colos: ['CMH'] },
      { name: TEMPLATE_REGION, upper_tier_colos: [`\${file("${SECRET_FILE}")}`] },
    ],
    gcp: [{ name: 'us-central1', upper_tier_colos: ['ORD'] }],
  },
};

const APP = `
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { OriginCloudRegions } from './lib';
const app = new App({ stackTraces: false });
for (const marker of ${JSON.stringify(MARKERS)}) {
  const stack = new TerraformStack(app, marker);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new OriginCloudRegions(stack, 'origins', {
    zoneId: '${DEMO_ZONE}',
    marker,
    strict: process.env.STRICT === '1',
    expect: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-2' }],
  });
}
// Without the mappings output, the marker carries the pairs themselves.
const summary = new TerraformStack(app, 'summary');
new LocalBackend(summary, { path: 'terraform.tfstate' });
new OriginCloudRegions(summary, 'origins', { zoneId: '${DEMO_ZONE}', marker: 'terraform_data', outputs: 'summary' });
app.synth();
`;

let emulator: EmulatorProcess;
let checkout: string;
let lenient: SynthRun;
let strict: SynthRun;

before(async () => {
  writeFileSync(SECRET_FILE, SECRET_CONTENT);
  emulator = await startTestEmulator();
  const envelope = (result: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    success: true,
    errors: [],
    messages: [],
    result,
    ...extra,
  });
  await emulator.addFaults({
    match: { path: `/zones/${DEMO_ZONE}/origin/cloud_regions$` },
    kind: 'envelope',
    body: envelope(MAPPINGS, {
      result_info: { page: 1, per_page: 100, count: MAPPINGS.length, total_count: MAPPINGS.length, total_pages: 1 },
    }),
  });
  await emulator.addFaults({ match: { path: 'supported_regions' }, kind: 'envelope', body: envelope(SUPPORTED) });
  checkout = makeCheckout('ocr-findings-app-');
  writeFileSync(path.join(checkout, 'main.ts'), APP);
  const env = { CLOUDFLARE_BASE_URL: emulator.baseUrl, CLOUDFLARE_API_TOKEN: TEST_TOKEN };
  lenient = await runCdktfSynth(checkout, path.join(checkout, 'out-default'), env);
  strict = await runCdktfSynth(checkout, path.join(checkout, 'out-strict'), { ...env, STRICT: '1' });
});

after(async () => {
  await emulator?.stop();
  for (const dir of [checkout, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED_FINDINGS: [string, string, string, string | undefined][] = [
  ['192.0.2.2', 'unknown-vendor', 'alibaba', undefined],
  ['192.0.2.3', 'unknown-region', 'us-east-3', 'us-east-1'],
  ['192.0.2.4', 'unknown-region', 'eu-north-1', undefined],
  ['192.0.2.6', 'implausible-value', TEMPLATE_REGION, undefined],
  ['2001:db8::5', 'non-canonical-ip', '2001:DB8:0:0::5', '2001:db8::5'],
];

test('default: the synth succeeds with every finding as a warning, with each marker kind', () => {
  const printed = lenient.stdout + lenient.stderr;
  assert.equal(lenient.code, 0, printed);
  assert.doesNotMatch(printed, /TypeError|Cannot convert undefined or null/);
  for (const marker of MARKERS) {
    const warnings = manifestAnnotations(lenient.outdir, marker)
      .filter((a) => a.level === '@cdktf/warn')
      .map((a) => a.message);
    for (const [ip, , value = ''] of EXPECTED_FINDINGS) {
      assert.ok(
        warnings.some((w) => w.includes(ip) && w.includes(value.slice(0, 20))),
        `${marker}: a warning names ${ip}`,
      );
    }
    assert.ok(
      warnings.some((w) => /differs from its expected mappings: 192\.0\.2\.1 expected in aws\/us-east-2/.test(w)),
    );
    assert.ok(
      warnings.some((w) => /eu-north-1" is an aws region, but not one this zone's supported_regions lists/.test(w)),
    );
    const alibaba = warnings.find((w) => w.includes('vendor "alibaba" is not a supported vendor ('));
    assert.ok(alibaba !== undefined && !alibaba.includes('did you mean'), `${marker}: ${alibaba}`);
  }
});

test('the validation output lists every finding; a finding without a did-you-mean has no suggestion key', () => {
  for (const marker of MARKERS) {
    const validation = stackJson(lenient.outdir, marker).output![`ocr_${DEMO_ZONE}_validation`].value as {
      findings: { origin_ip: string; kind: string; value: string; suggestion?: string; message: string }[];
    };
    // The value as Terraform reads it: the template came out escaped in cdk.tf.json.
    const unescape = (s: string): string => s.replace(/\$\$\{/g, '${');
    assert.deepEqual(
      validation.findings.map((f) => [f.origin_ip, f.kind, unescape(f.value), f.suggestion]),
      EXPECTED_FINDINGS,
    );
    for (const f of validation.findings) assert.equal('suggestion' in f, f.suggestion !== undefined);
  }
});

test('each marker kind is emitted as asked, with the data escaped for Terraform', () => {
  const resources = (marker: string): Record<string, Record<string, Record<string, unknown>>> =>
    stackJson(lenient.outdir, marker).resource ?? {};
  const nullMarker = resources('null_resource').null_resource[`ocr_${DEMO_ZONE}_marker`];
  const dataMarker = resources('terraform_data').terraform_data[`ocr_${DEMO_ZONE}_marker`];
  const pairsMarker = resources('summary').terraform_data[`ocr_${DEMO_ZONE}_marker`];
  // Beside the mappings output, the marker holds only the digest; the escaped pairs are in the output.
  assert.deepEqual(Object.keys(nullMarker.triggers as object).sort(), ['mappings', 'mappings_sha256']);
  assert.deepEqual(Object.keys(dataMarker.triggers_replace as object).sort(), ['mappings', 'mappings_sha256']);
  const mappings = stackJson(lenient.outdir, 'terraform_data').output![`ocr_${DEMO_ZONE}_mappings`].value;
  assert.equal((mappings as Record<string, string>)['192.0.2.6'], `aws/r$\${file("${SECRET_FILE}")}`);
  assert.equal(
    (pairsMarker.triggers_replace as Record<string, string>)['192.0.2.6'],
    `aws/r$\${file("${SECRET_FILE}")}`,
  );
  assert.deepEqual(resources('none'), {});
  for (const marker of [...MARKERS, 'summary']) {
    const text = stackText(lenient.outdir, marker);
    assert.ok(!/[^$]\$\{file/.test(text), `${marker}: an unescaped template reached cdk.tf.json`);
  }
});

test("strict: the synth fails with the findings' messages, never a TypeError", () => {
  const printed = strict.stdout + strict.stderr;
  assert.equal(strict.code, 1, printed);
  assert.doesNotMatch(printed, /TypeError|Cannot convert undefined or null/);
  assert.match(printed, /region "us-east-3" is not a supported aws region; did you mean "us-east-1"\?/);
  assert.match(printed, /vendor "alibaba" is not a supported vendor/);
  assert.match(printed, /the API returned "2001:DB8:0:0::5", not the canonical form/);
  for (const marker of MARKERS) {
    const errors = manifestAnnotations(strict.outdir, marker).filter((a) => a.level === '@cdktf/error');
    assert.equal(errors.length, EXPECTED_FINDINGS.length, `${marker}: one error per finding`);
  }
});

test(
  'terraform applies the terraform_data stack and reads every value back literally; no local file is read',
  {
    skip: hasTerraform ? false : 'terraform is not on PATH',
  },
  () => {
    const dir = path.join(lenient.outdir, 'stacks', 'terraform_data');
    const tf = (...args: string[]): string => terraformOk(dir, ...args);
    tf('init', '-input=false', '-no-color');
    const applied = tf('apply', '-auto-approve', '-input=false', '-no-color');
    const outputs = JSON.parse(tf('output', '-json')) as Record<string, { value: unknown }>;
    const mappings = outputs[`ocr_${DEMO_ZONE}_mappings`].value as Record<string, string>;
    assert.equal(mappings['192.0.2.6'], `aws/${TEMPLATE_REGION}`);
    const colos = outputs[`ocr_${DEMO_ZONE}_upper_tier_colos`].value as Record<string, string[]>;
    assert.deepEqual(colos[`aws/${TEMPLATE_REGION}`], [`\${file("${SECRET_FILE}")}`]);
    const state = readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8');
    for (const text of [applied, JSON.stringify(outputs), state]) assert.ok(!text.includes(SECRET_CONTENT));

    // The marker that carries the pairs (outputs: 'summary') reads back literally too.
    const summaryDir = path.join(lenient.outdir, 'stacks', 'summary');
    terraformOk(summaryDir, 'init', '-input=false', '-no-color');
    const summaryApplied = terraformOk(summaryDir, 'apply', '-auto-approve', '-input=false', '-no-color');
    const shown = JSON.parse(terraformOk(summaryDir, 'show', '-json')) as {
      values: { root_module: { resources: { values: { triggers_replace: Record<string, string> } }[] } };
    };
    const triggers = shown.values.root_module.resources[0].values.triggers_replace;
    assert.equal(triggers['192.0.2.6'], `aws/${TEMPLATE_REGION}`);
    const summaryState = readFileSync(path.join(summaryDir, 'terraform.tfstate'), 'utf8');
    for (const text of [summaryApplied, summaryState]) assert.ok(!text.includes(SECRET_CONTENT));
  },
);
