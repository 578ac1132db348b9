import * as ipaddr from 'ipaddr.js';

/** A CIDR block parsed for indexing: the address family, the network as bytes, and the prefix length. */
export interface ParsedPrefix {
  /** `ipv4` or `ipv6`. */
  readonly family: 'ipv4' | 'ipv6';
  /** Network address bytes (4 or 16), host bits zero. */
  readonly bytes: readonly number[];
  /** Prefix length (0..32 or 0..128). */
  readonly length: number;
  /** Canonical text: `192.0.2.0/24`, `2001:db8::/32`. */
  readonly canonical: string;
}

const CIDR_SHAPE = /^[0-9A-Fa-f.:]{2,45}\/\d{1,3}$/;

/**
 * Parses a CIDR block as a feed spells it (`192.0.2.0/24`, `2001:db8::/32`) with ipaddr.js. Host bits set
 * (`192.0.2.1/24`) are cleared, as routers do. Returns `undefined` for anything else: zone ids, IPv4-mapped
 * spellings, lengths out of range, stray characters.
 */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  if (!CIDR_SHAPE.test(text)) return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
  const [address, length] = parsed;
  const family = address.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    bytes[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  const network = ipaddr.fromByteArray(bytes);
  return { family, bytes, length, canonical: `${network.toString()}/${length}` };
}
