import * as ipaddr from 'ipaddr.js';

/**
 * Address parsing for bulk work. Feeds hold tens of thousands of prefixes and a zone thousands of origins;
 * ipaddr.js (the reference) costs tens of microseconds per address through its regular expressions. The plain
 * spellings (dotted quad; colon-hex IPv6 without an embedded IPv4 or zone) are parsed here directly, everything
 * else goes to ipaddr.js, so what is accepted is exactly what ipaddr.js accepts (test/ipranges/address.test.ts
 * compares the two).
 */

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseDottedQuad(text: string): number[] | undefined {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a virtual '.' ends the last part
    if (c === 46) {
      if (digits === 0 || value > 255 || out.length === 4) return undefined;
      out.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // Leading zeros are refused (octal in some parsers), as ipaddr.js's four-part decimal form does.
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return out.length === 4 ? out : undefined;
}

// Top-level functions, not closures: the hot paths create no function objects per call.
function hexGroups(s: string): string[] | undefined {
  if (s === '') return [];
  const g = s.split(':');
  for (const x of g) if (!HEX_GROUP.test(x)) return undefined;
  return g;
}

function parsePlainIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]);
  const tail = halves.length === 2 ? hexGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...Array<string>(fill).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const g of all) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  return bytes;
}

/**
 * The bytes of an address (4 for IPv4, 16 for IPv6), or `undefined` when ipaddr.js would not parse it either.
 * An IPv6 zone (`%eth0`) is refused; an IPv4-mapped IPv6 address stays 16 bytes.
 */
export function addressBytes(text: string): number[] | undefined {
  if (text.length > 45) return undefined;
  const fast = text.includes(':') ? parsePlainIpv6(text) : parseDottedQuad(text);
  if (fast) return fast;
  if (text.includes('%')) return undefined;
  try {
    if (text.includes(':')) return ipaddr.IPv6.parse(text).toByteArray();
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text).toByteArray() : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 5952 text of 4 or 16 address bytes: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatAddress(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  return bestStart < 0 ? hex(0, 8) : `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
