import * as ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors';

/**
 * IP parsing and canonical form.
 *
 * ipaddr.js (the parser behind Express's proxy-addr) does the parsing and RFC 5952 output, so
 * zero compression, lower case and embedded IPv4 are handled by a library made for it.
 */

/** Whether `text` is a valid IPv4 address (strict dotted quad) or IPv6 address. */
export function isIp(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/**
 * The canonical text of an IP address: dotted quad for IPv4, RFC 5952 for IPv6
 * (lower case, longest zero run compressed, no leading zeros; IPv4-mapped addresses as
 * `::ffff:192.0.2.1`, as section 5 recommends).
 *
 * @throws {@link InvalidInputError} when `text` is not an IP address
 */
export function canonicalIp(text: string, field = 'originIp'): string {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toString();
  if (ipaddr.IPv6.isValid(text) && !text.includes('%')) {
    const v6 = ipaddr.IPv6.parse(text);
    // RFC 5952 section 5 recommends mixed notation for IPv4-mapped addresses (Go's netip does the same).
    if (v6.isIPv4MappedAddress()) return `::ffff:${v6.toIPv4Address().toString()}`;
    return v6.toRFC5952String();
  }
  throw new InvalidInputError(
    field,
    `${field} "${text}" is not an IPv4 or IPv6 address. Give a literal address such as 192.0.2.1 or 2001:db8::1.`,
  );
}

/** Whether `text` is an IP address already written in canonical form. */
export function isCanonicalIp(text: string): boolean {
  return isIp(text) && canonicalIp(text) === text;
}

/** The address family of a valid IP address. */
export function ipFamily(text: string): 'ipv4' | 'ipv6' {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? 'ipv4' : 'ipv6';
}

/**
 * Total order on IP addresses: every IPv4 address before every IPv6 address, then by numeric
 * value (so 192.0.2.9 sorts before 192.0.2.10). Invalid addresses sort last, by text.
 */
export function compareIps(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  if (ka < kb) return -1;
  if (ka > kb) return 1;
  return 0;
}

/**
 * A string key whose lexicographic order is {@link compareIps}'s order. Sorting large lists by
 * precomputed keys parses each address once instead of once per comparison.
 */
export function ipSortKey(text: string): string {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return '4' + ipaddr.IPv4.parse(text).toByteArray().map(hex2).join('');
  }
  if (ipaddr.IPv6.isValid(text)) {
    return '6' + ipaddr.IPv6.parse(text).toByteArray().map(hex2).join('');
  }
  return '9' + text;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
