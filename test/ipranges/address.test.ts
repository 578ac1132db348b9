import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { addressBytes, formatAddress } from '../../lib/ipranges/address';
import { parsePrefix } from '../../lib/ipranges/prefix';

const bytes4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
// Sparse IPv6 bytes, so runs of zero groups (and thus `::`) are common.
const bytes16 = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 255 })), {
  minLength: 16,
  maxLength: 16,
});

test('formatAddress equals ipaddr.js (RFC 5952) and addressBytes reads it back', () => {
  fc.assert(
    fc.property(fc.oneof(bytes4, bytes16), (bytes) => {
      const reference = ipaddr.fromByteArray(bytes).toString();
      assert.equal(formatAddress(bytes), reference);
      assert.deepEqual(addressBytes(reference), bytes);
      // Uncompressed and upper-case spellings too.
      if (bytes.length === 16) {
        const long = (ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toNormalizedString().toUpperCase();
        assert.deepEqual(addressBytes(long), bytes);
      }
    }),
    { numRuns: 500 },
  );
});

test('addressBytes accepts exactly what ipaddr.js accepts (four-part decimal IPv4, IPv6 without zone)', () => {
  const text = fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''), '::', '255', 'ffff', '%', 'x'),
    maxLength: 24,
  });
  fc.assert(
    fc.property(text, (s) => {
      const expected = s.includes(':')
        ? !s.includes('%') && ipaddr.IPv6.isValid(s)
        : ipaddr.IPv4.isValidFourPartDecimal(s);
      assert.equal(addressBytes(s) !== undefined, expected, s);
      if (expected) assert.deepEqual(addressBytes(s), ipaddr.parse(s).toByteArray(), s);
    }),
    { numRuns: 3000 },
  );
  for (const bad of [
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'fe80::1%eth0',
    '',
  ]) {
    assert.equal(addressBytes(bad), undefined, bad);
  }
});

test('parsePrefix: canonical text, host bits cleared, lengths bounded', () => {
  assert.deepEqual(parsePrefix('2001:DB8:0:0:1::/64'), {
    family: 'ipv6',
    bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    length: 64,
    canonical: '2001:db8::/64',
  });
  assert.equal(parsePrefix('192.0.2.255/25')?.canonical, '192.0.2.128/25');
  assert.equal(parsePrefix('0.0.0.0/0')?.canonical, '0.0.0.0/0');
  assert.equal(parsePrefix('::ffff:192.0.2.0/120')?.canonical, '::ffff:c000:200/120');
  for (const bad of ['192.0.2.0/33', '192.0.2.0/024', '2001:db8::/129', '192.0.2.0', '/24', '192.0.2.0/24\n']) {
    assert.equal(parsePrefix(bad), undefined, bad);
  }
});
