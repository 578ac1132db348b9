import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { canonicalIp, compareIps, isIp } from '../../lib/model/ip';
import { compareCodeUnits, sortMappings, sortMappingsByKeys } from '../../lib/model/order';
import { ipSortKey } from '../../lib/model/ip';
import { InvalidInputError } from '../../lib/errors';

describe('canonicalIp', () => {
  test('writes IPv6 in RFC 5952 form', () => {
    assert.equal(canonicalIp('2001:DB8:0::1'), '2001:db8::1');
    assert.equal(canonicalIp('2001:0db8:0000:0000:0001:0000:0000:0001'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIp('2001:db8:0:0:1:0:0:0'), '2001:db8:0:0:1::');
    assert.equal(canonicalIp('::ffff:192.0.2.1'), '::ffff:192.0.2.1');
    assert.equal(canonicalIp('::FFFF:C000:0201'), '::ffff:192.0.2.1');
  });

  test('keeps IPv4 dotted quads and rejects other IPv4 notations', () => {
    assert.equal(canonicalIp('192.0.2.1'), '192.0.2.1');
    for (const bad of [
      '192.0.2',
      '0xc0.0.2.1',
      '3221225985',
      '192.0.2.256',
      'origin.example.com',
      '',
      '2001:db8::1%eth0',
    ]) {
      assert.throws(
        () => canonicalIp(bad, 'expect[0].originIp'),
        (e: unknown) => {
          assert.ok(e instanceof InvalidInputError);
          assert.equal(e.field, 'expect[0].originIp');
          assert.match(e.message, /not an IPv4 or IPv6 address/);
          return true;
        },
      );
    }
  });

  test('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const c = canonicalIp(ip);
        assert.equal(canonicalIp(c), c);
        assert.ok(isIp(ip));
      }),
    );
  });
});

describe('compareIps / sortMappings', () => {
  test('orders IPv4 numerically before IPv6 numerically', () => {
    const ips = ['2001:db8::10', '192.0.2.10', '2001:db8::9', '10.0.0.1', '192.0.2.9', '::1'];
    const sorted = sortMappings(ips.map((originIp) => ({ originIp }))).map((m) => m.originIp);
    assert.deepEqual(sorted, ['10.0.0.1', '192.0.2.9', '192.0.2.10', '::1', '2001:db8::9', '2001:db8::10']);
  });

  test('the sort key orders addresses by numeric value, every IPv4 before every IPv6 (property)', () => {
    // The value as ipaddr.js reads it, IPv6 offset past every IPv4: the key's code units must agree with it,
    // groups at and above 0xd800 (lone surrogates in the key) included.
    const value = (ip: string): bigint => {
      const bytes = ipaddr.parse(ip).toByteArray();
      const n = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
      return bytes.length === 4 ? n : n + (1n << 32n);
    };
    // Canonical text: ipaddr.js reads embedded IPv4 (`::1.2.3.4`) differently (see ip-guard.test.ts).
    const address = fc
      .oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('d800::', 'dfff::ffff', 'ffff::', '255.255.255.255'))
      .map((ip) => canonicalIp(ip));
    fc.assert(
      fc.property(address, address, (a, b) => {
        const byKey = compareCodeUnits(ipSortKey(a), ipSortKey(b));
        const byValue = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0;
        assert.equal(Math.sign(byKey), byValue, `${a} vs ${b}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('is a total order independent of input order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.ipV4(), fc.ipV6()).map((ip) => canonicalIp(ip))), (ips) => {
        const forward = sortMappings(ips.map((originIp) => ({ originIp })));
        const backward = sortMappings([...ips].reverse().map((originIp) => ({ originIp })));
        assert.deepEqual(forward, backward);
        for (let i = 1; i < forward.length; i++)
          assert.ok(compareIps(forward[i - 1].originIp, forward[i].originIp) < 0);
        // The keyed sort agrees with sorting by the pairwise comparator.
        assert.deepEqual(
          forward.map((m) => m.originIp),
          [...ips].sort(compareIps),
        );
      }),
    );
  });

  test('sortMappingsByKeys is a stable sort by key, for address keys, repeated keys and keys of non-addresses (property)', () => {
    const item = fc.oneof(
      fc.oneof(fc.ipV4(), fc.ipV6()).map((ip) => canonicalIp(ip)),
      fc.constantFrom('192.0.2.1', '2001:db8::1'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (texts) => {
        const items = texts.map((text, position) => ({ text, position }));
        const keys = texts.map((text) => ipSortKey(text));
        const expected = items
          .map((it, i) => ({ it, key: keys[i] }))
          .sort((a, b) => compareCodeUnits(a.key, b.key) || a.it.position - b.it.position)
          .map((x) => x.it);
        assert.deepEqual(sortMappingsByKeys(items, keys), expected);
      }),
    );
  });
});
