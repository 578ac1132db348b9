import { addressBytes, formatAddress } from './address';

interface ParsedPrefix {
  readonly family: 'ipv4' | 'ipv6';
  /** Network address bytes (4 or 16), host bits zero. */
  readonly bytes: readonly number[];
  readonly length: number;
  /** Canonical text: `192.0.2.0/24`, `2001:db8::/32`. */
  readonly canonical: string;
}

const CIDR_SHAPE = /^([0-9A-Fa-f.:]{2,45})\/(0|[1-9]\d{0,2})$/;

/** Parses a CIDR block as a feed spells it, host bits cleared as routers do; `undefined` for anything else. */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  const shape = CIDR_SHAPE.exec(text);
  if (!shape) return undefined;
  const bytes = addressBytes(shape[1]);
  if (!bytes) return undefined;
  const length = Number(shape[2]);
  if (length > bytes.length * 8) return undefined;
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    bytes[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  return {
    family: bytes.length === 4 ? 'ipv4' : 'ipv6',
    bytes,
    length,
    canonical: `${formatAddress(bytes)}/${length}`,
  };
}
