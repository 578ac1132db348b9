import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConstructSettings } from '../../lib/construct/settings';
import { InvalidInputError } from '../../lib/errors';

const ZONE = { zoneId: '023e105f4ecef8ad9ca31a8372d0c353' };
const noContext = (): undefined => undefined;
const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

test('defaults: online, no snapshot, null_resource marker, full outputs, not quiet', () => {
  assert.deepEqual(resolveConstructSettings(ZONE, {}, noContext), {
    offline: false,
    snapshot: undefined,
    snapshotDir: undefined,
    marker: 'null_resource',
    strict: false,
    outputs: 'full',
    quiet: false,
    verifyIpRanges: false,
    coverage: false,
    perPage: undefined,
  });
});

test('every documented environment variable works in any app', () => {
  const env = {
    ORIGIN_CLOUD_REGIONS_OFFLINE: '1',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT: 'true',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: 'snaps',
    ORIGIN_CLOUD_REGIONS_MARKER: 'terraform_data',
    ORIGIN_CLOUD_REGIONS_QUIET: '1',
    ORIGIN_CLOUD_REGIONS_STRICT: 'true',
  };
  const s = resolveConstructSettings(ZONE, env, noContext);
  assert.deepEqual(
    [s.offline, s.snapshot, s.snapshotDir, s.marker, s.quiet, s.strict],
    [true, true, 'snaps', 'terraform_data', true, true],
  );
});

test('precedence: prop > environment > cdktf context > default, for each setting', () => {
  const context = contextOf({
    'originCloudRegions:offline': true,
    'originCloudRegions:snapshot': true,
    'originCloudRegions:snapshotDir': 'from-context',
    'originCloudRegions:marker': 'none',
    'originCloudRegions:strict': true,
  });
  const fromContext = resolveConstructSettings(ZONE, {}, context);
  assert.deepEqual(
    [fromContext.offline, fromContext.snapshot, fromContext.snapshotDir, fromContext.marker, fromContext.strict],
    [true, true, 'from-context', 'none', true],
  );
  const env = {
    ORIGIN_CLOUD_REGIONS_OFFLINE: '0',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT: '0',
    ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: 'from-env',
    ORIGIN_CLOUD_REGIONS_MARKER: 'terraform_data',
    ORIGIN_CLOUD_REGIONS_STRICT: '0',
  };
  const fromEnv = resolveConstructSettings(ZONE, env, context);
  assert.deepEqual(
    [fromEnv.offline, fromEnv.snapshot, fromEnv.snapshotDir, fromEnv.marker, fromEnv.strict],
    [false, undefined, 'from-env', 'terraform_data', false],
  );
  const props = {
    ...ZONE,
    offline: true,
    snapshot: 'my.json',
    snapshotDir: 'from-props',
    marker: 'none' as const,
    strict: true,
  };
  const fromProps = resolveConstructSettings(props, env, context);
  assert.deepEqual(
    [fromProps.offline, fromProps.snapshot, fromProps.snapshotDir, fromProps.marker, fromProps.strict],
    [true, 'my.json', 'from-props', 'none', true],
  );
});

test('a bad value names the prop, variable or context key that holds it, and the fix', () => {
  const cases: [Parameters<typeof resolveConstructSettings>, string, RegExp][] = [
    [[ZONE, { ORIGIN_CLOUD_REGIONS_MARKER: 'null' }, noContext], 'ORIGIN_CLOUD_REGIONS_MARKER', /not one of/],
    [
      [ZONE, { ORIGIN_CLOUD_REGIONS_SNAPSHOT: 'yes please' }, noContext],
      'ORIGIN_CLOUD_REGIONS_SNAPSHOT',
      /use 1 or true/,
    ],
    [
      [ZONE, {}, contextOf({ 'originCloudRegions:offline': 'maybe' })],
      'context originCloudRegions:offline',
      /use 1 or true/,
    ],
    [
      [ZONE, {}, contextOf({ 'originCloudRegions:snapshotDir': 7 })],
      'context originCloudRegions:snapshotDir',
      /folder path/,
    ],
    [[{ ...ZONE, outputs: 'some' as never }, {}, noContext], 'outputs', /full, summary/],
    [[{ ...ZONE, snapshot: '  ' }, {}, noContext], 'snapshot', /file path/],
    [[{ ...ZONE, quiet: 'yes' as never }, {}, noContext], 'quiet', /true or false/],
    [[{ ...ZONE, strict: 'yes' as never }, {}, noContext], 'strict', /true or false/],
    [[ZONE, { ORIGIN_CLOUD_REGIONS_STRICT: 'on' }, noContext], 'ORIGIN_CLOUD_REGIONS_STRICT', /use 1 or true/],
    [
      [ZONE, {}, contextOf({ 'originCloudRegions:strict': 'always' })],
      'context originCloudRegions:strict',
      /use 1 or true/,
    ],
    [[{ ...ZONE, snapshotDir: 7 as never }, {}, noContext], 'snapshotDir', /folder path/],
  ];
  for (const [args, field, message] of cases) {
    assert.throws(
      () => resolveConstructSettings(...args),
      (e: unknown) => e instanceof InvalidInputError && e.field === field && message.test(e.message),
      field,
    );
  }
});

test('control characters in a bad value are shown escaped', () => {
  assert.throws(
    () => resolveConstructSettings(ZONE, { ORIGIN_CLOUD_REGIONS_MARKER: '\u001b[2Jx' }, noContext),
    (e: unknown) => e instanceof InvalidInputError && !e.message.includes('\u001b') && e.message.includes('\\x1b'),
  );
});

test('a blank snapshotDir prop counts as unset, as a blank variable does: the environment, then the default, apply', () => {
  const env = { ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR: 'from-env' };
  assert.equal(resolveConstructSettings({ ...ZONE, snapshotDir: '  ' }, env, noContext).snapshotDir, 'from-env');
  assert.equal(resolveConstructSettings({ ...ZONE, snapshotDir: '' }, {}, noContext).snapshotDir, undefined);
});

test('the page size: client.perPage > ORIGIN_CLOUD_REGIONS_PER_PAGE > originCloudRegions:perPage > the client default', () => {
  const context = contextOf({ 'originCloudRegions:perPage': 20 });
  assert.equal(resolveConstructSettings(ZONE, {}, context).perPage, 20);
  assert.equal(resolveConstructSettings(ZONE, {}, contextOf({ 'originCloudRegions:perPage': '30' })).perPage, 30);
  const env = { ORIGIN_CLOUD_REGIONS_PER_PAGE: '50' };
  assert.equal(resolveConstructSettings(ZONE, env, context).perPage, 50);
  assert.equal(resolveConstructSettings({ ...ZONE, client: { perPage: 10 } }, env, context).perPage, 10);
  assert.equal(resolveConstructSettings(ZONE, { ORIGIN_CLOUD_REGIONS_PER_PAGE: ' ' }, noContext).perPage, undefined);
  const refused: [Parameters<typeof resolveConstructSettings>, string][] = [
    [[ZONE, { ORIGIN_CLOUD_REGIONS_PER_PAGE: '0' }, noContext], 'ORIGIN_CLOUD_REGIONS_PER_PAGE'],
    [[ZONE, {}, contextOf({ 'originCloudRegions:perPage': 101 })], 'context originCloudRegions:perPage'],
    [[ZONE, {}, contextOf({ 'originCloudRegions:perPage': 'all' })], 'context originCloudRegions:perPage'],
    [[{ ...ZONE, client: { perPage: 2.5 } }, {}, noContext], 'client.perPage'],
  ];
  for (const [args, field] of refused) {
    assert.throws(
      () => resolveConstructSettings(...args),
      (e: unknown) => e instanceof InvalidInputError && e.field === field && /from 1 to 100/.test(e.message),
      field,
    );
  }
});

test('coverage: prop > ORIGIN_CLOUD_REGIONS_COVERAGE > originCloudRegions:coverage > off, each source named when bad', () => {
  const context = contextOf({ 'originCloudRegions:coverage': true });
  assert.equal(resolveConstructSettings(ZONE, {}, context).coverage, true);
  assert.equal(resolveConstructSettings(ZONE, { ORIGIN_CLOUD_REGIONS_COVERAGE: '0' }, context).coverage, false);
  assert.equal(resolveConstructSettings(ZONE, { ORIGIN_CLOUD_REGIONS_COVERAGE: 'true' }, noContext).coverage, true);
  const fromProp = resolveConstructSettings(
    { ...ZONE, coverage: false },
    { ORIGIN_CLOUD_REGIONS_COVERAGE: '1' },
    context,
  );
  assert.equal(fromProp.coverage, false);
  const refused: [Parameters<typeof resolveConstructSettings>, string][] = [
    [[{ ...ZONE, coverage: 'yes' as never }, {}, noContext], 'coverage'],
    [[ZONE, { ORIGIN_CLOUD_REGIONS_COVERAGE: 'on' }, noContext], 'ORIGIN_CLOUD_REGIONS_COVERAGE'],
    [[ZONE, {}, contextOf({ 'originCloudRegions:coverage': 'always' })], 'context originCloudRegions:coverage'],
  ];
  for (const [args, field] of refused) {
    assert.throws(
      () => resolveConstructSettings(...args),
      (e: unknown) => e instanceof InvalidInputError && e.field === field,
      field,
    );
  }
});
