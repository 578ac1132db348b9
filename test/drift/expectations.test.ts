import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithExpectations, normalizeExpectations } from '../../lib/drift/expectations';
import { parseExpectationsFile } from '../../lib/drift/expectations-file';
import { InvalidInputError } from '../../lib/errors';

const live = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1', modifiedOn: '2026-01-01T00:00:00Z' },
  { originIp: '192.0.2.20', vendor: 'aws', region: 'us-west-2' },
  { originIp: '2001:db8::1', vendor: 'azure', region: 'eastus' },
  { originIp: '2001:db8::20', vendor: 'oci', region: 'us-ashburn-1' },
];

describe('normalizeExpectations', () => {
  test('writes IPs in canonical form and sorts IPv4 before IPv6', () => {
    const out = normalizeExpectations([
      { originIp: '2001:DB8:0:0::1', vendor: 'azure', region: 'eastus' },
      { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    ]);
    assert.deepEqual(
      out.map((e) => e.originIp),
      ['192.0.2.10', '2001:db8::1'],
    );
  });

  test('rejects one origin listed twice in different notations, naming it', () => {
    assert.throws(
      () =>
        normalizeExpectations([
          { originIp: '2001:db8::1', vendor: 'aws', region: 'us-east-1' },
          { originIp: '2001:DB8:0::1', vendor: 'gcp', region: 'us-central1' },
        ]),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.field === 'expect[1].originIp' &&
        /2001:db8::1 is expected twice/.test(e.message),
    );
  });

  test('rejects bad IPs and empty fields with the entry named', () => {
    assert.throws(
      () => normalizeExpectations([{ originIp: 'origin.example.com', vendor: 'aws', region: 'x' }]),
      /expect\[0\]\.originIp/,
    );
    assert.throws(
      () => normalizeExpectations([{ originIp: '192.0.2.1', vendor: '', region: 'x' }]),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'expect[0].vendor',
    );
  });
});

describe('compareWithExpectations', () => {
  test('finds missing, mismatched (vendor or region) and, when asked, unexpected', () => {
    const drift = compareWithExpectations(
      live,
      [
        { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
        { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
        { originIp: '2001:DB8::20', vendor: 'aws', region: 'us-ashburn-1' },
        { originIp: '198.51.100.1', vendor: 'gcp', region: 'us-central1' },
      ],
      { reportUnexpected: true },
    );
    assert.equal(drift.inSync, false);
    assert.deepEqual(drift.missing, [{ originIp: '198.51.100.1', vendor: 'gcp', region: 'us-central1' }]);
    assert.deepEqual(drift.mismatched, [
      {
        originIp: '192.0.2.20',
        expected: { vendor: 'aws', region: 'eu-west-1' },
        actual: { vendor: 'aws', region: 'us-west-2' },
      },
      {
        originIp: '2001:db8::20',
        expected: { vendor: 'aws', region: 'us-ashburn-1' },
        actual: { vendor: 'oci', region: 'us-ashburn-1' },
      },
    ]);
    assert.deepEqual(
      drift.unexpected.map((m) => m.originIp),
      ['2001:db8::1'],
    );
  });

  test('leaves unexpected mappings out unless asked, and is in sync then', () => {
    const expected = [{ originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' }];
    assert.deepEqual(compareWithExpectations(live, expected, { reportUnexpected: false }), {
      inSync: true,
      missing: [],
      mismatched: [],
      unexpected: [],
    });
    assert.equal(compareWithExpectations(live, expected, { reportUnexpected: true }).inSync, false);
  });

  test('an empty zone makes every expectation missing', () => {
    const drift = compareWithExpectations([], [{ originIp: '2001:db8::1', vendor: 'aws', region: 'us-east-1' }], {
      reportUnexpected: true,
    });
    assert.equal(drift.missing.length, 1);
    assert.equal(drift.inSync, false);
  });
});

describe('parseExpectationsFile', () => {
  test('accepts a list or an object with zoneId', () => {
    const list = parseExpectationsFile(
      '[{"originIp":"2001:DB8::1","vendor":"aws","region":"us-east-1"},{"originIp":"192.0.2.1","vendor":"gcp","region":"us-central1"}]',
      'e.json',
    );
    assert.deepEqual(list.expect, [
      { originIp: '192.0.2.1', vendor: 'gcp', region: 'us-central1' },
      { originIp: '2001:db8::1', vendor: 'aws', region: 'us-east-1' },
    ]);
    assert.equal(list.entries[0].originIp, '2001:DB8::1');
    const withZone = parseExpectationsFile('{"zoneId":"z1","expect":[]}', 'e.json');
    assert.deepEqual(withZone, { zoneId: 'z1', expect: [], entries: [] });
  });

  test('says YAML is not accepted', () => {
    assert.throws(
      () => parseExpectationsFile('- originIp: 192.0.2.1\n  vendor: aws\n', 'e.yaml'),
      /looks like YAML, which is not accepted/,
    );
  });

  test('names the file and entry on a bad entry', () => {
    assert.throws(
      () => parseExpectationsFile('{"expect":[{"originIp":"nope","vendor":"aws","region":"x"}]}', 'e.json'),
      /e\.json: expect\[0\]\.originIp/,
    );
    assert.throws(() => parseExpectationsFile('{"expected":[]}', 'e.json'), /e\.json must hold a JSON list/);
  });
});
