import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { offlineStack } from '../support/offline-stack';
import { SnapshotInvalidError } from '../../lib/errors/snapshot';
import { DEMO_ZONE } from '../support/constants';
import { hasTerraform, terraformOk } from '../support/terraform';

/**
 * Hostile record, pool and host names in a snapshot's coverage (the offline-CI flow: a snapshot edited in a pull
 * request) through an offline synth and the real `terraform` (init, apply, `output -json`): Terraform reads every
 * name back as the text it is, and no template is ever evaluated (one reads a local file). A name with a control
 * character breaks the snapshot rules and is refused with a typed error naming the field.
 */

const work = mkdtempSync(path.join(tmpdir(), 'ocr-coverage-tf-'));
const SECRET_FILE = path.join(work, 'secret.txt');
const SECRET_CONTENT = 'local-file-content-81c4';
writeFileSync(SECRET_FILE, SECRET_CONTENT);
after(() => rmSync(work, { recursive: true, force: true }));

const TEMPLATE = `\${file("${SECRET_FILE}")}`;
const RECORD = `${TEMPLATE}.example.com`;
const POOL = '%{ if true }**pool**%{ endif } [x](https://evil.example) @org/team';
const HOSTNAME = `cdn-${TEMPLATE}.example.net`;

function snapshot(recordName: string): unknown {
  return {
    format: 'origin-cloud-regions-snapshot',
    version: 2,
    zoneId: DEMO_ZONE,
    changedAt: '2026-12-01T00:00:00.000Z',
    mappings: [{ origin_ip: '192.0.2.99', vendor: 'aws', region: 'us-east-1' }],
    supportedRegions: null,
    coverage: {
      feeds: { aws: 'v1', gcp: null, oci: null, azure: null },
      read: ['dns_records', 'zone', 'load_balancers', 'pools'],
      missing: [],
      origins: [
        { kind: 'ip', address: '192.0.2.10', sources: [`dns:A ${recordName}`, `pool:${POOL}/o1`] },
        { kind: 'hostname', address: HOSTNAME, sources: [`dns:CNAME ${recordName}`] },
      ],
      pools: [{ name: POOL, addresses: ['192.0.2.10'] }],
      placements: [{ ip: '192.0.2.10', published: [{ vendor: 'aws', region: 'us-east-1', prefix: '192.0.2.0/24' }] }],
    },
  };
}

function synthOffline(name: string, recordName: string): string {
  return offlineStack(path.join(work, name), 'hostile', snapshot(recordName), { coverage: true }).synth();
}

test(
  'hostile names in coverage reach Terraform as text: apply and output -json read them back, no file is read',
  { skip: hasTerraform ? false : 'terraform is not on PATH' },
  () => {
    const stackDir = synthOffline('printable', RECORD);
    terraformOk(stackDir, 'init', '-input=false', '-no-color');
    const applied = terraformOk(stackDir, 'apply', '-auto-approve', '-input=false', '-no-color');
    const outputs = JSON.parse(terraformOk(stackDir, 'output', '-json')) as Record<string, { value: unknown }>;
    assert.deepEqual(outputs[`ocr_${DEMO_ZONE}_coverage`].value, {
      unmapped: { '192.0.2.10': 'aws/us-east-1' },
      orphaned: { '192.0.2.99': 'aws/us-east-1' },
      hostnames: [HOSTNAME],
      missing: {},
    });
    const findings = (outputs[`ocr_${DEMO_ZONE}_validation`].value as { findings: { kind: string; value: string }[] })
      .findings;
    const unmapped = findings.find((f) => f.kind === 'unmapped-origin');
    assert.equal(unmapped?.value, `dns:A ${RECORD}, pool:${POOL}/o1`);
    const state = readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8');
    for (const text of [applied, JSON.stringify(outputs), state]) assert.ok(!text.includes(SECRET_CONTENT));
  },
);

test('a record name with a control character is refused, naming the field', () => {
  assert.throws(
    () => synthOffline('control', 'evil\u001b]0;title\u0007.example.com'),
    (e: unknown) =>
      e instanceof SnapshotInvalidError &&
      e.message.includes('coverage.origins[0].sources[0]') &&
      !e.message.includes('\u001b'),
  );
});
