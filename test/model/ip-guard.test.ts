import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { canonicalIp, canonicalIpAndKey, ipSortKey, isIp } from '../../lib/model/ip';

// ipaddr.js read through the strict entry points (IPv4 only as a four-part decimal): lib/model/ip.ts's
// strictness guard must give exactly these answers, for valid and invalid text alike, except for
// embedded IPv4, which it reads differently on purpose (see the last test).
const reference = {
  isIp: (t: string) => ipaddr.IPv4.isValidFourPartDecimal(t) || ipaddr.IPv6.isValid(t),
  canonicalIp: (t: string): string | undefined => {
    if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t).toString();
    if (ipaddr.IPv6.isValid(t) && !t.includes('%')) {
      const v6 = ipaddr.IPv6.parse(t);
      if (v6.isIPv4MappedAddress()) return `::ffff:${v6.toIPv4Address().toString()}`;
      return v6.toRFC5952String();
    }
    return undefined;
  },
  ipSortKey: (t: string): string => {
    // Each pair of bytes as one UTF-16 code unit, after the family's digit.
    const units = (bytes: number[]) =>
      String.fromCharCode(...bytes.flatMap((b, i) => (i % 2 === 0 ? [(b << 8) | bytes[i + 1]] : [])));
    if (ipaddr.IPv4.isValidFourPartDecimal(t)) return '4' + units(ipaddr.IPv4.parse(t).toByteArray());
    if (ipaddr.IPv6.isValid(t)) return '6' + units(ipaddr.IPv6.parse(t).toByteArray());
    return '9' + t;
  },
};

function agrees(text: string): void {
  // Embedded IPv4 in IPv6 is deliberately not ipaddr.js's reading (see the table test below).
  if (text.includes(':') && text.includes('.')) return;
  const canonical = reference.canonicalIp(text);
  assert.equal(isIp(text), reference.isIp(text), `isIp(${JSON.stringify(text)})`);
  assert.equal(ipSortKey(text), reference.ipSortKey(text), `ipSortKey(${JSON.stringify(text)})`);
  if (canonical === undefined) {
    assert.throws(() => canonicalIp(text), /not an IPv4 or IPv6 address/);
    assert.equal(canonicalIpAndKey(text), undefined);
  } else {
    assert.equal(canonicalIp(text), canonical, `canonicalIp(${JSON.stringify(text)})`);
    assert.deepEqual(canonicalIpAndKey(text), { canonical, key: reference.ipSortKey(text) });
  }
}

// Eight groups written in any of the ways RFC 4291 allows (and some it does not): leading zeros,
// upper case, a `::` over any run (even one of non-zero groups, which must then be refused).
const group = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
const spelledIpv6 = fc
  .tuple(
    fc.array(group, { minLength: 8, maxLength: 8 }),
    fc.integer({ min: -1, max: 7 }),
    fc.integer({ min: 0, max: 8 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([groups, from, length, upper, padded]) => {
    const text = groups.map((g) => {
      const h = g.toString(16);
      return (padded ? h.padStart(4, '0') : h)[upper ? 'toUpperCase' : 'toLowerCase']();
    });
    if (from < 0) return text.join(':');
    return `${text.slice(0, from).join(':')}::${text.slice(Math.min(8, from + length)).join(':')}`;
  });

const noise = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFx:.%-/ g'.split('')), maxLength: 45 });

describe('the strictness guard agrees with strict ipaddr.js', () => {
  test('on tricky literals', () => {
    for (const text of [
      '',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.4.',
      '.1.2.3.4',
      '1..2.3',
      '0x1.2.3.4',
      '1.2.3.04',
      '1.2.3.4 ',
      ' 1.2.3.4',
      '1.2.3.4\n',
      '::',
      '::1',
      '1::',
      ':::',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '1::3:4:5:6:7:8',
      '1:2:3:4::5:6:7:8',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:',
      '00000::1',
      '0000::0001',
      '2001:DB8::1',
      '::ffff:192.0.2.1',
      '::FFFF:C000:0201',
      '::192.0.2.1',
      '::ffff:1.2.3',
      '64:ff9b::1.2.3.4',
      'fe80::1%eth0',
      'fe80::1%',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '2001:db8::',
      '2001:db8:0:0:1::',
      '0:0:1:0:0:0:0:1',
      '1:0:0:2:0:0:0:3',
      '1:0:0:2:0:0:3:4',
      'g::1',
      '1:2:3:4:5:6:7:8%1',
      '2001:db8::1 ',
      ' ::1',
      '::1\n',
      '2001:db8:: 1',
      '2001:db8::1%',
      '1.2.3.4\t',
      '１.2.3.4',
    ]) {
      agrees(text);
    }
  });

  test('on generated addresses in every spelling (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), spelledIpv6), agrees), {
      numRuns: 5000,
    });
  });

  test('on near-miss strings (property)', () => {
    fc.assert(fc.property(noise, agrees), { numRuns: 5000 });
  });
});

test('embedded IPv4 in IPv6: strict dotted quad, the last 32 bits, never confused with IPv4-mapped', () => {
  const cases: [string, string | undefined][] = [
    ['::1.2.3.4', '::102:304'], // IPv4-compatible: NOT the same address as ::ffff:1.2.3.4 (ipaddr.js 2.5 merges them)
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::FFFF:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::ffff:01.2.3.4', undefined], // leading zero, refused as in a plain dotted quad
    ['::ffff:1.2.3.0x4', undefined],
    ['1:2:3:4:5:6:7:1.2.3.4', undefined], // nine groups' worth
    [':1.2.3.4', undefined],
    ['::ffff:1.2.3.4%eth0', undefined], // ipaddr.js takes a zone after embedded IPv4; no origin IP has one
    ['::ffff:1.2.3', undefined], // IPv4 shorthand
    [' ::ffff:1.2.3.4', undefined], // whitespace
    ['::ffff: 1.2.3.4', undefined],
  ];
  for (const [text, canonical] of cases) {
    if (canonical === undefined) {
      assert.equal(isIp(text), false, text);
      assert.throws(() => canonicalIp(text), /not an IPv4 or IPv6 address/, text);
    } else {
      assert.equal(canonicalIp(text), canonical, text);
      assert.equal(ipSortKey(text), ipSortKey(canonical), text);
    }
  }
});
