import * as ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors';

/**
 * IP parsing and canonical form.
 *
 * ipaddr.js (the parser behind Express's proxy-addr) is the reference for what an address is. It is
 * slow for bulk work, though: `IPv4.isValid` throws and catches an exception for every string that is
 * not IPv4 (so every IPv6 address), and a 3,500-mapping listing parses each address several times.
 * So the two spellings that real data uses — a dotted quad and plain colon-hex IPv6 without embedded
 * IPv4 or zone — are parsed here by a strict, allocation-light parser whose answers equal ipaddr.js's
 * (test/model/ip-fast.test.ts checks that against ipaddr.js); every other spelling goes to ipaddr.js.
 */

/** A parsed address: four octets, or eight 16-bit groups (plus ipaddr.js's zone index, if any). */
type Parsed =
  | { readonly v4: true; readonly parts: readonly number[] }
  | { readonly v4: false; readonly parts: readonly number[]; readonly zoned: boolean };

const HEX = /^[0-9a-fA-F:]+$/;

/**
 * Dotted quad without leading zeros, each part 0..255: exactly what `IPv4.isValidFourPartDecimal`
 * accepts (its own regex forbids leading zeros, so octal and hex parts never reach the number check).
 */
function parseDottedQuad(text: string): number[] | undefined {
  const parts: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a virtual '.' ends the last part
    if (c === 46) {
      if (digits === 0 || value > 255 || parts.length === 4) return undefined;
      parts.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined; // leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return parts.length === 4 ? parts : undefined;
}

/** Appends the groups of `a:b:…` (1..4 hex digits each, none empty) to `into`; `false` when any is malformed. */
function hexGroups(text: string, into: number[]): boolean {
  if (text === '') return true;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 58; // a virtual ':' ends the last group
    if (c === 58) {
      if (digits === 0) return false;
      into.push(value);
      value = 0;
      digits = 0;
      continue;
    }
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return false;
    if (++digits > 4) return false;
    value = value * 16 + d;
  }
  return true;
}

/**
 * Plain colon-hex IPv6 (RFC 4291 section 2.2 form 1 and 2): eight groups, or one `::` standing for at
 * least one zero group. `undefined` for anything else, including forms ipaddr.js may still accept.
 */
function parsePlainIpv6(text: string): number[] | undefined {
  if (!HEX.test(text)) return undefined;
  const gap = text.indexOf('::');
  if (gap < 0) {
    const groups: number[] = [];
    return hexGroups(text, groups) && groups.length === 8 ? groups : undefined;
  }
  if (text.indexOf('::', gap + 1) >= 0) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  if (!hexGroups(text.slice(0, gap), head) || !hexGroups(text.slice(gap + 2), tail)) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  for (let i = 0; i < missing; i++) head.push(0);
  for (const g of tail) head.push(g);
  return head;
}

/** `x:x:…:d.d.d.d`: the last 32 bits written as a strict dotted quad; the rest as plain colon-hex. */
function parseEmbeddedIpv4(text: string): Parsed | undefined {
  const cut = text.lastIndexOf(':');
  if (cut < 0) return undefined;
  const quad = parseDottedQuad(text.slice(cut + 1));
  if (quad === undefined) return undefined;
  const hi = ((quad[0] << 8) | quad[1]).toString(16);
  const lo = ((quad[2] << 8) | quad[3]).toString(16);
  const parts = parsePlainIpv6(`${text.slice(0, cut + 1)}${hi}:${lo}`);
  return parts === undefined ? undefined : { v4: false, parts, zoned: false };
}

function parse(text: string): Parsed | undefined {
  if (typeof text !== 'string') return undefined;
  const quad = parseDottedQuad(text);
  if (quad !== undefined) return { v4: true, parts: quad };
  const plain = parsePlainIpv6(text);
  if (plain !== undefined) return { v4: false, parts: plain, zoned: false };
  // Embedded IPv4 (RFC 4291 section 2.2 form 3) is parsed here, not by ipaddr.js: ipaddr.js 2.5 reads
  // `::1.2.3.4` as `::ffff:1.2.3.4` (a different address) and accepts octets with leading zeros.
  if (text.includes('.')) return parseEmbeddedIpv4(text);
  // Every other spelling (zone index, odd forms): ipaddr.js decides.
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { v4: true, parts: ipaddr.IPv4.parse(text).octets };
  if (ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return { v4: false, parts: v6.parts, zoned: text.includes('%') };
  }
  return undefined;
}

/** RFC 5952 text of eight groups: lower case, no leading zeros, the longest (leftmost) run of ≥ 2 zero groups as `::`. */
function rfc5952(parts: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => {
    let out = '';
    for (let i = from; i < to; i++) out += (i > from ? ':' : '') + parts[i].toString(16);
    return out;
  };
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

function canonicalOf(p: Parsed): string {
  if (p.v4) return `${p.parts[0]}.${p.parts[1]}.${p.parts[2]}.${p.parts[3]}`;
  const g = p.parts;
  // RFC 5952 section 5 recommends mixed notation for IPv4-mapped addresses (Go's netip does the same).
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  }
  return rfc5952(g);
}

/** Whether `text` is a valid IPv4 address (strict dotted quad) or IPv6 address. */
export function isIp(text: string): boolean {
  return parse(text) !== undefined;
}

/** An origin IP a mapping may carry: one {@link canonicalIp} accepts (`isIp` alone also takes IPv6 zone indexes). */
export function isMappableIp(text: string): boolean {
  return canonicalIpAndKey(text) !== undefined;
}

/**
 * The canonical text of an IP address: dotted quad for IPv4, RFC 5952 for IPv6
 * (lower case, longest zero run compressed, no leading zeros; IPv4-mapped addresses as
 * `::ffff:192.0.2.1`, as section 5 recommends).
 *
 * @throws {@link InvalidInputError} when `text` is not an IP address
 */
export function canonicalIp(text: string, field = 'originIp'): string {
  const parsed = parse(text);
  if (parsed !== undefined && (parsed.v4 || !parsed.zoned)) return canonicalOf(parsed);
  throw new InvalidInputError(
    field,
    `${field} "${text}" is not an IPv4 or IPv6 address. Give a literal address such as 192.0.2.1 or 2001:db8::1.`,
  );
}

/**
 * {@link canonicalIp} and {@link ipSortKey} of one address from a single parse, or `undefined` when
 * `text` is not an address `canonicalIp` accepts. For bulk work such as validating a listing.
 */
export function canonicalIpAndKey(text: string): { readonly canonical: string; readonly key: string } | undefined {
  const parsed = parse(text);
  if (parsed === undefined || (!parsed.v4 && parsed.zoned)) return undefined;
  return { canonical: canonicalOf(parsed), key: sortKeyOf(parsed) };
}

/** Whether `text` is an IP address already written in canonical form. */
export function isCanonicalIp(text: string): boolean {
  const parsed = parse(text);
  return parsed !== undefined && (parsed.v4 || !parsed.zoned) && canonicalOf(parsed) === text;
}

/** The address family of a valid IP address. */
export function ipFamily(text: string): 'ipv4' | 'ipv6' {
  return parse(text)?.v4 === true ? 'ipv4' : 'ipv6';
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
  const parsed = parse(text);
  return parsed === undefined ? '9' + text : sortKeyOf(parsed);
}

// '4' + 8 hex digits, or '6' + 32 hex digits: fixed width, so text order is numeric order.
function sortKeyOf(p: Parsed): string {
  let key = p.v4 ? '4' : '6';
  const width = p.v4 ? 2 : 4;
  for (const part of p.parts) key += part.toString(16).padStart(width, '0');
  return key;
}
