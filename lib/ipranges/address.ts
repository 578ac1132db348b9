import * as ipaddr from 'ipaddr.js';
import { parseIpv4, rfc5952 } from '../model/ip';

// For bulk work (feeds hold tens of thousands of prefixes), where ipaddr.js costs tens of microseconds per address:
// the plain spellings (dotted quad; colon-hex IPv6 without an embedded IPv4 or zone) are parsed here, the rest by
// ipaddr.js, so what is accepted is exactly what ipaddr.js accepts (test/ipranges/address.test.ts compares them).

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

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
  if (!text.includes(':')) return parseIpv4(text);
  const fast = parsePlainIpv6(text);
  if (fast || text.includes('%')) return fast;
  try {
    return ipaddr.IPv6.parse(text).toByteArray();
  } catch {
    return undefined;
  }
}

/** RFC 5952 text of 4 or 16 address bytes (an IPv4-mapped address in hex, as ipaddr.js writes it). */
export function formatAddress(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return rfc5952(groups);
}
