import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SnapshotInvalidError } from '../../lib/errors';
import { readMappingSource, readPlanSides } from '../../lib/readers/mapping-source';
import {
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../../lib/errors/mapping-source';
import { ZONE, ZONE_B } from '../support/generate-zones';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string): string => path.join(FIXTURES, name);
// fixtures/synth-out is a hand-made cdktf.out folder (named otherwise so that no cdktf.out is committed).

const HEAD_IPS = ['192.0.2.10', '192.0.2.20', '203.0.113.7', '2001:db8::1', '2001:db8::20', '2001:db8::abcd'];
const BASE_IPS = ['192.0.2.10', '192.0.2.20', '198.51.100.5', '2001:db8::1', '2001:db8::20'];

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-sources-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('readMappingSource', () => {
  test('reads a snapshot, canonicalizing IPs and taking colos from its supported regions', () => {
    const source = readMappingSource(fixture('snapshot-base.json'));
    assert.equal(source.kind, 'snapshot');
    assert.equal(source.zones.length, 1);
    const zone = source.zones[0];
    assert.equal(zone.zoneId, ZONE);
    assert.deepEqual(
      zone.mappings.map((m) => m.originIp),
      BASE_IPS,
    );
    assert.deepEqual(zone.mappings[0], {
      originIp: '192.0.2.10',
      vendor: 'aws',
      region: 'us-east-1',
      upperTierColos: ['IAD', 'EWR'],
    });
  });

  test('reads a snapshot without supported regions with colos unknown', () => {
    const snap = JSON.parse(fs.readFileSync(fixture('snapshot-base.json'), 'utf8'));
    snap.supportedRegions = null;
    const zone = readMappingSource(write('no-sr.json', snap)).zones[0];
    assert.equal(zone.mappings[0].upperTierColos, undefined);
  });

  test('reads every stack of a cdktf.out folder, skipping stacks without the construct', () => {
    const source = readMappingSource(fixture('synth-out'));
    assert.equal(source.kind, 'cdktf-out');
    assert.deepEqual(
      source.zones.map((z) => z.zoneId),
      [ZONE],
    );
    assert.deepEqual(
      source.zones[0].mappings.map((m) => m.originIp),
      HEAD_IPS,
    );
    assert.match(source.zones[0].label, /stacks[/\\]main[/\\]cdk\.tf\.json$/);
  });

  test('reads a single cdk.tf.json, and a project folder holding cdktf.out', () => {
    const single = readMappingSource(fixture('synth-out/stacks/main/cdk.tf.json'));
    assert.equal(single.kind, 'stack');
    assert.deepEqual(single.zones[0].mappings[1], {
      originIp: '192.0.2.20',
      vendor: 'aws',
      region: 'eu-west-1',
      upperTierColos: ['DUB'],
    });
    fs.cpSync(fixture('synth-out'), path.join(tmp, 'project', 'cdktf.out'), { recursive: true });
    assert.equal(readMappingSource(path.join(tmp, 'project')).zones[0].mappings.length, 6);
  });

  test('reads a folder of snapshots, one zone per file', () => {
    const dir = path.join(tmp, 'snapshots');
    fs.mkdirSync(dir);
    fs.copyFileSync(fixture('snapshot-base.json'), path.join(dir, `${ZONE}.json`));
    const other = JSON.parse(fs.readFileSync(fixture('snapshot-head.json'), 'utf8'));
    other.zoneId = ZONE_B;
    fs.writeFileSync(path.join(dir, `${ZONE_B}.json`), JSON.stringify(other));
    fs.writeFileSync(path.join(dir, `.${ZONE}.json.123.abc.tmp`), '{"format": "origin-cloud');
    const source = readMappingSource(dir);
    assert.equal(source.kind, 'snapshot-folder');
    assert.deepEqual(
      source.zones.map((z) => z.zoneId),
      [ZONE, ZONE_B],
    );
  });

  test('a plan as a source stands for its planned (after) side', () => {
    const source = readMappingSource(fixture('plan-outputs.json'));
    assert.equal(source.kind, 'plan');
    assert.deepEqual(
      source.zones[0].mappings.map((m) => m.originIp),
      HEAD_IPS,
    );
  });

  test('rejects what it cannot read with typed errors naming the path and accepted kinds', () => {
    assert.throws(
      () => readMappingSource(path.join(tmp, 'nope.json')),
      (e: unknown) => e instanceof MappingSourceNotFoundError && /nope\.json does not exist/.test(e.message),
    );
    const notJson = write('notes.txt', 'hello');
    assert.throws(
      () => readMappingSource(notJson),
      (e: unknown) =>
        e instanceof UnknownMappingSourceError &&
        e.message.includes(notJson) &&
        /is not valid JSON at line 1 column 1 \(unexpected "h"\).*cdktf\.out folder/.test(e.message),
    );
    assert.throws(
      () => readMappingSource(write('plan.out', 'PK\u0003\u0004binary')),
      /binary Terraform plan.*terraform show -json plan\.out/,
    );
    assert.throws(() => readMappingSource(fixture('state.json')), /Terraform state in JSON, not a plan/);
    assert.throws(() => readMappingSource(write('other.json', { hello: 1 })), /of no known kind/);
    assert.throws(
      () => readMappingSource(fixture('synth-out/stacks/network/cdk.tf.json')),
      /without any ocr_<zone>_mappings output/,
    );
    fs.mkdirSync(path.join(tmp, 'empty'));
    assert.throws(() => readMappingSource(path.join(tmp, 'empty')), UnknownMappingSourceError);
  });

  test('rejects malformed outputs and corrupt snapshots', () => {
    const stack = JSON.parse(fs.readFileSync(fixture('synth-out/stacks/main/cdk.tf.json'), 'utf8'));
    stack.output[`ocr_${ZONE}_mappings`].value = '${null_resource.x.id}';
    assert.throws(
      () => readMappingSource(write('bad-stack/cdk.tf.json', stack)),
      (e: unknown) => e instanceof InvalidMappingSourceError && /unresolved Terraform expression/.test(e.message),
    );
    stack.output[`ocr_${ZONE}_mappings`].value = [{ origin_ip: 'x', vendor: 'aws', region: 'r' }];
    assert.throws(
      () => readMappingSource(write('bad-stack2/cdk.tf.json', stack)),
      /output ocr_[0-9a-f]{32}_mappings\[0\]\.origin_ip is not an IPv4 or IPv6 address/,
    );
    assert.throws(
      () =>
        readMappingSource(
          write(
            'corrupt.json',
            '{"format": "origin-cloud-regions-snapshot", "version": 1, "zoneId": "z", "mappings": 3}',
          ),
        ),
      SnapshotInvalidError,
    );
  });

  test('rejects a folder where one zone appears in two stacks', () => {
    const dir = path.join(tmp, 'dup-out');
    fs.cpSync(fixture('synth-out'), dir, { recursive: true });
    fs.cpSync(path.join(dir, 'stacks', 'main'), path.join(dir, 'stacks', 'copy'), { recursive: true });
    assert.throws(
      () => readMappingSource(dir),
      (e: unknown) =>
        e instanceof InvalidMappingSourceError && new RegExp(`zone ${ZONE} appears twice`).test(e.message),
    );
  });
});

describe('readPlanSides', () => {
  test('reads before and after from output_changes, with colos', () => {
    const sides = readPlanSides(fixture('plan-outputs.json'));
    assert.deepEqual(
      sides.before[0].mappings.map((m) => m.originIp),
      BASE_IPS,
    );
    assert.deepEqual(
      sides.after[0].mappings.map((m) => m.originIp),
      HEAD_IPS,
    );
    assert.deepEqual(sides.before[0].mappings[2].upperTierColos, ['ORD']);
    assert.match(sides.after[0].label, /after, from the output/);
  });

  test('falls back to the terraform_data marker triggers_replace; a created zone has no before side', () => {
    const sides = readPlanSides(fixture('plan-marker-only.json'));
    assert.deepEqual(
      sides.before.map((z) => z.zoneId),
      [ZONE],
    );
    assert.deepEqual(
      sides.after.map((z) => z.zoneId),
      [ZONE, ZONE_B],
    );
    assert.deepEqual(
      sides.before[0].mappings.map((m) => m.originIp),
      BASE_IPS,
    );
    assert.deepEqual(sides.after[0].mappings[4], { originIp: '2001:db8::20', vendor: 'aws', region: 'us-east-1' });
  });

  test('falls back to the null_resource marker triggers when the outputs are absent', () => {
    const plan = JSON.parse(fs.readFileSync(fixture('plan-outputs.json'), 'utf8'));
    plan.output_changes = {};
    const sides = readPlanSides(write('null-marker-plan.json', plan));
    assert.deepEqual(
      sides.before[0].mappings.map((m) => m.originIp),
      BASE_IPS,
    );
    assert.deepEqual(
      sides.after[0].mappings.map((m) => m.originIp),
      HEAD_IPS,
    );
    assert.match(sides.after[0].label, /from the marker/);
  });

  test('a destroy plan has no after side', () => {
    const plan = JSON.parse(fs.readFileSync(fixture('plan-outputs.json'), 'utf8'));
    const change = plan.output_changes[`ocr_${ZONE}_mappings`];
    change.actions = ['delete'];
    change.after = null;
    plan.resource_changes[0].change.after = null;
    const sides = readPlanSides(write('destroy-plan.json', plan));
    assert.equal(sides.before.length, 1);
    assert.equal(sides.after.length, 0);
  });

  test('rejects unknown values, non-plans and plans without the construct', () => {
    const plan = JSON.parse(fs.readFileSync(fixture('plan-outputs.json'), 'utf8'));
    plan.output_changes[`ocr_${ZONE}_mappings`].after_unknown = true;
    assert.throws(() => readPlanSides(write('unknown-plan.json', plan)), /unknown until apply/);
    assert.throws(() => readPlanSides(fixture('snapshot-base.json')), /not a Terraform plan in JSON/);
    assert.throws(() => readPlanSides(FIXTURES), /a folder, not a plan/);
    assert.throws(
      () =>
        readPlanSides(
          write('no-lookup-plan.json', { format_version: '1.2', resource_changes: [], output_changes: {} }),
        ),
      /without any ocr_<zone>_mappings output or ocr_<zone>_marker resource/,
    );
    const badMarker = JSON.parse(fs.readFileSync(fixture('plan-marker-only.json'), 'utf8'));
    badMarker.resource_changes[0].change.after.triggers_replace = { '192.0.2.1': 'no-slash' };
    assert.throws(
      () => readPlanSides(write('bad-marker-plan.json', badMarker)),
      /marker\["192\.0\.2\.1"\] \(after\) is not "<vendor>\/<region>"/,
    );
  });
});
