import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zonesFromPlan } from '../../lib/readers/plan';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const triggers = { '192.0.2.1': 'aws/us-east-1', '192.0.2.2': 'gcp/us-central1' };

/** A plan that switches the marker kind: the null_resource is deleted and a terraform_data created. */
function switchPlan(order: 'delete-first' | 'create-first'): unknown {
  const remove = {
    address: `null_resource.ocr_${ZONE}_marker`,
    mode: 'managed',
    type: 'null_resource',
    name: `ocr_${ZONE}_marker`,
    change: { actions: ['delete'], before: { triggers }, after: null, after_unknown: {} },
  };
  const add = {
    address: `terraform_data.ocr_${ZONE}_marker`,
    mode: 'managed',
    type: 'terraform_data',
    name: `ocr_${ZONE}_marker`,
    change: { actions: ['create'], before: null, after: { triggers_replace: triggers }, after_unknown: {} },
  };
  return {
    format_version: '1.2',
    resource_changes: order === 'delete-first' ? [remove, add] : [add, remove],
  };
}

test('a marker-kind switch reads as no change, whichever change the plan lists first', () => {
  for (const order of ['delete-first', 'create-first'] as const) {
    const [zone] = zonesFromPlan(switchPlan(order), 'plan.json');
    assert.equal(zone.zoneId, ZONE);
    assert.deepEqual(
      zone.before?.mappings.map((m) => m.originIp),
      ['192.0.2.1', '192.0.2.2'],
      `${order}: before comes from the deleted null_resource`,
    );
    assert.deepEqual(zone.after?.mappings, zone.before?.mappings, `${order}: after equals before`);
  }
});
