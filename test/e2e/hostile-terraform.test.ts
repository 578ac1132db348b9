import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { offlineStack } from '../support/offline-stack';
import { OriginCloudRegionsError } from '../../lib/errors';
import { DEMO_ZONE } from '../support/constants';
import { hostileString, mustBeRefused } from '../support/hostile';
import { hasTerraform, terraformOk } from '../support/terraform';

/**
 * Generated hostile values in a snapshot (the offline-CI flow: a snapshot edited in a pull request), through a
 * synth and the real `terraform` (init, apply, `output -json`): each run either refuses cleanly with a typed
 * error, when a value breaks the value rules, or Terraform reads every value back literally and no local file
 * is ever read. Each run holds one template that reads a local file, so every accepted run proves it stays inert.
 */

const work = mkdtempSync(path.join(tmpdir(), 'ocr-hostile-tf-'));
const SECRET_FILE = path.join(work, 'secret.txt');
const SECRET_CONTENT = 'local-file-content-3b9d';
writeFileSync(SECRET_FILE, SECRET_CONTENT);

after(() => rmSync(work, { recursive: true, force: true }));

function snapshot(regions: readonly string[]): unknown {
  return {
    format: 'origin-cloud-regions-snapshot',
    version: 1,
    zoneId: DEMO_ZONE,
    fetchedAt: '2026-01-01T00:00:00Z',
    mappings: regions.map((region, i) => ({ origin_ip: `192.0.2.${i + 1}`, vendor: 'aws', region })),
    supportedRegions: {
      obtained_codes: true,
      vendors: { aws: regions.map((name) => ({ name, upper_tier_colos: [name] })) },
    },
  };
}

let run = 0;
test(
  'hostile snapshot values: a typed refusal, or a literal round trip through terraform apply and output -json',
  { skip: hasTerraform ? false : 'terraform is not on PATH' },
  () => {
    const template = `r\${file("${SECRET_FILE}")}`;
    fc.assert(
      fc.property(fc.uniqueArray(hostileString, { minLength: 1, maxLength: 8 }), (generated) => {
        const regions = [template, ...generated.filter((g) => g !== template)];
        const dir = path.join(work, `run-${run++}`);
        const app = offlineStack(dir, 'hostile', snapshot(regions));
        const refusable = regions.filter((r) => mustBeRefused(r, 'region'));
        let refused: unknown;
        let stackDir = '';
        try {
          stackDir = app.synth();
        } catch (error) {
          refused = error;
        }
        if (refused !== undefined) {
          assert.ok(
            refused instanceof OriginCloudRegionsError,
            `not a typed refusal: ${refused instanceof Error ? refused.stack : typeof refused}`,
          );
          assert.ok(refusable.length > 0, `refused values the rules allow: ${JSON.stringify(regions)}`);
          return;
        }
        assert.deepEqual(refusable, [], 'values the rules refuse were carried into the stack');
        terraformOk(stackDir, 'init', '-input=false', '-no-color');
        const applied = terraformOk(stackDir, 'apply', '-auto-approve', '-input=false', '-no-color');
        const outputs = JSON.parse(terraformOk(stackDir, 'output', '-json')) as Record<string, { value: unknown }>;
        const mappings = outputs[`ocr_${DEMO_ZONE}_mappings`].value as Record<string, string>;
        // Terraform reads every string of a configuration in Unicode normalization form C (NFC); apart from
        // that, the text comes back exactly as written.
        const nfc = (text: string): string => text.normalize('NFC');
        regions.forEach((region, i) => assert.equal(mappings[`192.0.2.${i + 1}`], nfc(`aws/${region}`)));
        const colos = outputs[`ocr_${DEMO_ZONE}_upper_tier_colos`].value as Record<string, string[]>;
        for (const region of regions) assert.deepEqual(colos[nfc(`aws/${region}`)], [nfc(region)]);
        const state = readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8');
        for (const text of [applied, JSON.stringify(outputs), state]) assert.ok(!text.includes(SECRET_CONTENT));
      }),
      { numRuns: 4, seed: 20261130 },
    );
  },
);
