import * as ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors/base';

// IP parsing on ipaddr.js, with a guard in front for what it accepts but an origin IP must not be: IPv4 other than a
// dotted quad without leading zeros (`01.2.3.4`, `1.2.3`, `0xc0.0.2.1`, `3221225985`); whitespace; embedded IPv4
// (`64:ff9b::192.0.2.1`, RFC 4291 2.2) is read as the last 32 bits, its quad as strict as a plain one, where
// ipaddr.js 2.5 reads `::1.2.3.4` as `::ffff:1.2.3.4`; a zone index (`fe80::1%eth0`) makes an address, no origin IP.

/** Four octets, or eight 16-bit groups and whether a zone index followed them. */
interface Parsed {
  readonly v4: boolean;
  readonly parts: readonly number[];
  readonly zoned: boolean;
}

// ipaddr.js's own `isValidFourPartDecimal` pattern, capturing the parts: it decides alone, so IPv4 text never reaches
// ipaddr.js's parser, which throws and catches an exception for every notation a string is not.
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const COLON_HEX = /^[0-9a-fA-F:]+$/;

/** The four octets of a strict dotted quad, or `undefined`. */
export function parseIpv4(text: string): number[] | undefined {
  const match = FOUR_PART_DECIMAL.exec(text);
  if (match === null) return undefined;
  const octets = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function parseIpv6(text: string): ipaddr.IPv6 | undefined {
  if (!text.includes(':')) return undefined;
  try {
    return ipaddr.IPv6.parse(text);
  } catch {
    return undefined;
  }
}

function parse(text: string): Parsed | undefined {
  if (typeof text !== 'string') return undefined;
  if (!text.includes('.')) {
    const v6 = parseIpv6(text);
    return v6 === undefined ? undefined : { v4: false, parts: v6.parts, zoned: v6.zoneId !== undefined };
  }
  const cut = text.lastIndexOf(':');
  if (cut < 0) {
    const quad = parseIpv4(text);
    return quad === undefined ? undefined : { v4: true, parts: quad, zoned: false };
  }
  // Embedded IPv4: the quad becomes the last two groups, and ipaddr.js reads the plain colon-hex text.
  const quad = parseIpv4(text.slice(cut + 1));
  const head = text.slice(0, cut + 1);
  if (quad === undefined || !COLON_HEX.test(head)) return undefined;
  const v6 = parseIpv6(`${head}${((quad[0] << 8) | quad[1]).toString(16)}:${((quad[2] << 8) | quad[3]).toString(16)}`);
  return v6 === undefined ? undefined : { v4: false, parts: v6.parts, zoned: false };
}

function canonicalOf(p: Parsed, text?: string): string {
  const canonical = canonicalText(p);
  // The text itself when it is canonical already (what the API sends): a flat string, where the formatted one is
  // built of pieces, which a large listing would keep for every IPv6 address.
  return canonical === text ? text : canonical;
}

function canonicalText(p: Parsed): string {
  if (p.v4) return p.parts.join('.');
  const g = p.parts;
  // RFC 5952 section 5 recommends mixed notation for IPv4-mapped addresses (Go's netip does the same).
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  }
  return rfc5952(g);
}

// Written from the groups: ipaddr.js's toRFC5952String formats, expands and searches the text again with regular
// expressions, which took a fifth of the CPU of checking a listing (docs/performance.md).
/** RFC 5952 text of eight 16-bit groups (no mixed notation): lower-case hex, the longest zero run as `::`. */
export function rfc5952(g: readonly number[]): string {
  let runAt = -1;
  let runLength = 1; // a single zero group is not compressed (section 4.2.2)
  for (let i = 0; i < 8; i++) {
    let end = i;
    while (end < 8 && g[end] === 0) end++;
    if (end - i > runLength) [runAt, runLength] = [i, end - i]; // the first of equally long runs (4.2.3)
    i = end;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === runAt) {
      text += '::';
      i += runLength - 1;
    } else {
      text += (text === '' || text.endsWith(':') ? '' : ':') + g[i].toString(16);
    }
  }
  return text;
}

/** Whether `text` is a valid IPv4 address (strict dotted quad) or IPv6 address. */
export function isIp(text: string): boolean {
  return parse(text) !== undefined;
}

/** An origin IP a mapping may carry: one {@link canonicalIp} accepts (`isIp` alone also takes IPv6 zone indexes). */
export function isMappableIp(text: string): boolean {
  const parsed = parse(text);
  return parsed !== undefined && !parsed.zoned;
}

/** The canonical text of an IP address: dotted quad for IPv4, RFC 5952 for IPv6 (`::ffff:192.0.2.1` when mapped). */
export function canonicalIp(text: string, field = 'originIp'): string {
  const parsed = parse(text);
  if (parsed !== undefined && !parsed.zoned) return canonicalOf(parsed, text);
  throw new InvalidInputError(
    field,
    `${field} "${text}" is not an IPv4 or IPv6 address. Give a literal address such as 192.0.2.1 or 2001:db8::1.`,
  );
}

/** {@link canonicalIp} and {@link ipSortKey} from one parse, or `undefined` where `canonicalIp` would throw. */
export function canonicalIpAndKey(text: string): { readonly canonical: string; readonly key: string } | undefined {
  const parsed = parse(text);
  if (parsed === undefined || parsed.zoned) return undefined;
  return { canonical: canonicalOf(parsed, text), key: sortKeyOf(parsed) };
}

/** Every IPv4 address before every IPv6 address, each by numeric value; invalid addresses last, by text. */
export function compareIps(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A string key whose code-unit order is {@link compareIps}'s order: a sort parses each address once. */
export function ipSortKey(text: string): string {
  const parsed = parse(text);
  return parsed === undefined ? '9' + text : sortKeyOf(parsed);
}

// '4' and the two 16-bit halves, or '6' and the eight groups, each one UTF-16 code unit: fixed width, so code-unit
// order is numeric order. One string, where hex digits took ten (docs/performance.md). Never shown or stored.
function sortKeyOf(p: Parsed): string {
  const g = p.parts;
  if (p.v4) return String.fromCharCode(0x34, (g[0] << 8) | g[1], (g[2] << 8) | g[3]);
  return String.fromCharCode(0x36, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
}
