import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { offlineStack } from '../support/offline-stack';
import { zonesFromStack } from '../../lib/drift';
import { OriginCloudRegionsError } from '../../lib/errors';
import { nfcCollisions } from '../../lib/validate/key-collisions';
import { DEMO_ZONE } from '../support/constants';
import { hostileString, mustBeRefused } from '../support/hostile';
import { assertTerraformValidates, hasTerraform } from '../support/terraform';

/**
 * Keys Terraform merges: it reads every string in Unicode NFC, so vendors (or regions) spelled two ways that NFC
 * makes one (`café` as U+00E9 and as `e` + U+0301) used to synthesize fine and then fail `terraform validate` with
 * "Duplicate object attribute" in `ocr_<zone>_vendor_counts` and `ocr_<zone>_upper_tier_colos`. Now such keys are
 * written once, each origin concerned has a `colliding-key` finding (an error under `strict`), and the real
 * `terraform validate` passes on the written stack.
 */

const work = mkdtempSync(path.join(tmpdir(), 'ocr-nfc-keys-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Pairs of spellings that differ in code points and that NFC makes one. */
const NFC_EQUAL: readonly (readonly [string, string])[] = [
  ['caf\u00e9', 'cafe\u0301'],
  ['\u212a', 'K'], // KELVIN SIGN → LATIN CAPITAL LETTER K
  ['\u212b', 'A\u030a'], // ANGSTROM SIGN → A + COMBINING RING ABOVE (NFC: U+00C5)
  ['\u1e69', 's\u0323\u0307'], // ṩ: the two orders of its marks are one in NFC
  ['s\u0307\u0323', 's\u0323\u0307'],
];

interface Mapping {
  readonly vendor: string;
  readonly region: string;
}

interface Synthesized {
  readonly stackText: string;
  readonly outputs: Record<string, { value: unknown }>;
}

let run = 0;
/** Writes the mappings (and supported regions listing each placement, colos `colos(m)`) and synthesizes offline. */
function synth(mappings: readonly Mapping[], colos: (m: Mapping, i: number) => string[], strict = false): Synthesized {
  const dir = path.join(work, `run-${run++}`);
  // A Map, so that a vendor named `toString` or `constructor` is a key like any other.
  const vendors = new Map<string, { name: string; upper_tier_colos: string[] }[]>();
  mappings.forEach((m, i) => {
    const list = vendors.get(m.vendor) ?? [];
    vendors.set(m.vendor, list);
    if (!list.some((r) => r.name === m.region)) list.push({ name: m.region, upper_tier_colos: colos(m, i) });
  });
  const snapshot = {
    format: 'origin-cloud-regions-snapshot',
    version: 1,
    zoneId: DEMO_ZONE,
    fetchedAt: '2026-01-01T00:00:00Z',
    mappings: mappings.map((m, i) => ({ origin_ip: `192.0.2.${i + 1}`, vendor: m.vendor, region: m.region })),
    supportedRegions: { obtained_codes: true, vendors: Object.fromEntries(vendors) },
  };
  const stackDir = offlineStack(dir, 'nfc', snapshot, { strict }).synth();
  const stackText = readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
  return { stackText, outputs: JSON.parse(stackText).output };
}

type Finding = { origin_ip: string; kind: string; value: string; suggestion?: string; message: string };

function findings(s: Synthesized): Finding[] {
  return (s.outputs[`ocr_${DEMO_ZONE}_validation`].value as { findings: Finding[] }).findings;
}

test(
  'café written two ways: one vendor_counts key, one upper_tier_colos key, a finding per rewritten origin, and terraform validate passes',
  { skip: hasTerraform ? false : 'terraform is not on PATH' },
  () => {
    const mappings = [
      { vendor: 'caf\u00e9', region: 'r1' },
      { vendor: 'cafe\u0301', region: 'r1' },
      { vendor: 'cafe\u0301', region: 'r2' },
      { vendor: 'aws', region: 'z\u00fcrich' },
      { vendor: 'aws', region: 'zu\u0308rich' },
    ];
    const colos = [['AAA'], ['BBB'], ['CCC'], ['ZRH'], ['ZRH']];
    const s = synth(mappings, (_, i) => colos[i]);
    assert.deepEqual(s.outputs[`ocr_${DEMO_ZONE}_vendor_counts`].value, {
      aws: 2,
      azure: 0,
      'caf\u00e9': 3,
      gcp: 0,
      oci: 0,
    });
    assert.deepEqual(s.outputs[`ocr_${DEMO_ZONE}_upper_tier_colos`].value, {
      'aws/z\u00fcrich': ['ZRH'],
      'caf\u00e9/r1': ['AAA'],
      // Alone in its NFC form: written as it is (Terraform reads it in NFC, as it reads the mapping's value).
      'cafe\u0301/r2': ['CCC'],
    });
    const colliding = findings(s).filter((f) => f.kind === 'colliding-key');
    // The origins whose key was written under its NFC spelling: the NFD café (twice) and the NFD zürich.
    assert.deepEqual(
      colliding.map((f) => [f.origin_ip, f.value, f.suggestion]),
      [
        ['192.0.2.2', 'cafe\u0301', 'caf\u00e9'],
        ['192.0.2.3', 'cafe\u0301', 'caf\u00e9'],
        ['192.0.2.5', 'aws/zu\u0308rich', 'aws/z\u00fcrich'],
      ],
    );
    assert.match(
      colliding[0].message,
      /^origin 192\.0\.2\.2: vendor "cafe\\u\{301\}" and "caf\\u\{e9\}" differ only in Unicode normalization, and Terraform reads them as one \(NFC "caf\\u\{e9\}"\): the vendor_counts output counts them together under "caf\\u\{e9\}"; so are its "vendor\/region" keys: the upper_tier_colos output has one entry for them under "caf\\u\{e9\}\/r1", with the colos of "caf\\u\{e9\}\/r1" \(AAA\); those of "cafe\\u\{301\}\/r1" \(BBB\) are dropped\. Spell each value one way \(NFC\)/,
    );
    assert.match(
      colliding[2].message,
      /upper_tier_colos output has one entry for them under "aws\/z\\u\{fc\}rich", with the same colos\./,
    );
    // The drift readers join each origin with the colos entry Terraform would give it.
    const read = zonesFromStack(JSON.parse(s.stackText), 'cdk.tf.json').get(DEMO_ZONE)!.mappings;
    assert.deepEqual(
      read.map((m) => m.upperTierColos),
      [['AAA'], ['AAA'], ['CCC'], ['ZRH'], ['ZRH']],
    );
    assertTerraformValidates(s.stackText);
    // strict: each is an error, and the synth fails.
    assert.throws(
      () => synth(mappings, (_, i) => colos[i], true),
      (error: Error) => colliding.every((f) => error.message.includes(f.message)),
    );
  },
);

test(
  'generated hostile keys with NFC-equal spellings: a typed refusal, or every collision is a finding and terraform validate passes',
  { skip: hasTerraform ? false : 'terraform is not on PATH' },
  () => {
    const key = fc
      // Values the rules accept, so that most runs reach terraform; the third region may be refused.
      .tuple(
        hostileString.filter((h) => !mustBeRefused(h, 'vendor')),
        fc.constantFrom(...NFC_EQUAL),
        fc.boolean(),
      )
      .map(([h, pair, before]) => pair.map((p) => (before ? `${h}${p}` : `${p}${h}`)) as [string, string]);
    const runs = { total: 0, refused: 0 };
    fc.assert(
      fc.property(key, key, hostileString, (vendors, regions, other) => {
        const mappings = [
          { vendor: vendors[0], region: regions[0] },
          { vendor: vendors[1], region: regions[0] },
          { vendor: vendors[0], region: regions[1] },
          { vendor: 'aws', region: regions[0] },
          { vendor: 'aws', region: regions[1] },
          { vendor: 'aws', region: other },
        ];
        let s: Synthesized;
        runs.total += 1;
        try {
          s = synth(mappings, (_, i) => [`C${i}`]);
        } catch (error) {
          assert.ok(error instanceof OriginCloudRegionsError, `not a typed refusal: ${String(error)}`);
          assert.ok(
            mappings.some((m) => mustBeRefused(m.vendor, 'vendor') || mustBeRefused(m.region, 'region')),
            `refused values the rules allow: ${JSON.stringify(mappings)}`,
          );
          runs.refused += 1;
          return;
        }
        for (const name of ['vendor_counts', 'upper_tier_colos']) {
          const keys = Object.keys(s.outputs[`ocr_${DEMO_ZONE}_${name}`].value as object);
          assert.deepEqual([...nfcCollisions(keys)], [], `${name} holds NFC-equal keys`);
        }
        // Every origin whose vendor has another spelling NFC makes one, other than the NFC one, has a finding.
        const colliding = new Set(
          findings(s)
            .filter((f) => f.kind === 'colliding-key')
            .map((f) => f.origin_ip),
        );
        mappings.forEach((m, i) => {
          const rewritten =
            (m.vendor !== m.vendor.normalize('NFC') &&
              mappings.some((o) => o.vendor !== m.vendor && o.vendor.normalize('NFC') === m.vendor.normalize('NFC'))) ||
            (`${m.vendor}/${m.region}` !== `${m.vendor}/${m.region}`.normalize('NFC') &&
              mappings.some(
                (o) =>
                  `${o.vendor}/${o.region}` !== `${m.vendor}/${m.region}` &&
                  `${o.vendor}/${o.region}`.normalize('NFC') === `${m.vendor}/${m.region}`.normalize('NFC'),
              ));
          assert.equal(colliding.has(`192.0.2.${i + 1}`), rewritten, JSON.stringify(m));
        });
        assertTerraformValidates(s.stackText);
      }),
      { numRuns: 8, seed: 20261206 },
    );
    assert.ok(
      runs.total - runs.refused >= 3,
      `only ${runs.total - runs.refused} of ${runs.total} runs reached terraform`,
    );
  },
);
