import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithExpectations, normalizeExpectations } from '../../lib/expectations/compare';
import { parseExpectationsFile } from '../../lib/expectations/file';
import { InvalidInputError } from '../../lib/errors';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';
import { ZONE } from '../support/generate-zones';

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
    const withZone = parseExpectationsFile(`{"zoneId":"${ZONE}","expect":[]}`, 'e.json');
    assert.deepEqual(withZone, { zoneId: ZONE, expect: [], entries: [] });
    assert.throws(
      () => parseExpectationsFile('{"zoneId":"z1","expect":[]}', 'e.json'),
      (e: unknown) =>
        e instanceof InvalidInputError && /zoneId in e\.json "z1" is not a Cloudflare zone id/.test(e.message),
    );
  });

  test('says YAML is not accepted, for any YAML file, and keeps the whole message on one line', () => {
    for (const yaml of [
      '- originIp: 192.0.2.1\n  vendor: aws\n',
      `zoneId: ${ZONE}\n`,
      `zoneId: ${ZONE}`,
      '---\n- originIp: 192.0.2.1\n',
      '# origins\nexpect: []\n',
    ]) {
      assert.throws(
        () => parseExpectationsFile(yaml, 'e.yaml'),
        (e: unknown) =>
          e instanceof InvalidInputError &&
          /^e\.yaml is not valid JSON at line 1 column \d+ \(unexpected "."\)\. It looks like YAML, which is not accepted: convert it to JSON \(for example with yq -o json\)\. Write \[\{ "originIp"/.test(
            e.message,
          ) &&
          !e.message.includes('\n') &&
          // V8's own JSON.parse message quotes the text ("... is not valid JSON"); ours never does.
          !e.message.includes(ZONE),
        JSON.stringify(yaml),
      );
    }
    assert.throws(
      () => parseExpectationsFile('[1, 2', 'e.json'),
      /e\.json is not valid JSON at line 1 column 6 \(the text ends too early\)\. Write/,
    );
  });

  test('values pass the same rules as API values: printable, at most 200 characters, IPs valid', () => {
    const one = (e: Record<string, unknown>): string =>
      JSON.stringify([{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', ...e }]);
    for (const [entry, pattern] of [
      [
        { region: 'us-east-1\u001b]0;pwned\u0007' },
        /e\.json\[0\]\.region holds a control character \(\\x1b at position 10\)/,
      ],
      [{ vendor: 'a'.repeat(201) }, /e\.json\[0\]\.vendor is 201 characters long, over the limit of 200/],
      [{ originIp: 'fe80::1%eth0' }, /e\.json\[0\]\.originIp "fe80::1%eth0" is not an IPv4 or IPv6 address/],
      [{ originIp: `x${'\u202e'.repeat(500)}` }, /is 501 characters long/],
    ] as const) {
      assert.throws(
        () => parseExpectationsFile(one(entry), 'e.json'),
        (e: unknown) => e instanceof InvalidInputError && pattern.test(e.message) && !hasUnsafeCharacters(e.message),
      );
    }
    // Names of built-ins are data like any other.
    const builtins = parseExpectationsFile(
      JSON.stringify([
        { originIp: '192.0.2.1', vendor: 'constructor', region: '__proto__' },
        { originIp: '192.0.2.2', vendor: 'toString', region: 'x', ['__proto__']: 1 },
      ]),
      'e.json',
    );
    assert.deepEqual(
      builtins.expect.map((e) => e.vendor),
      ['constructor', 'toString'],
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
