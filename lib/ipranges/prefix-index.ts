import * as ipaddr from 'ipaddr.js';
import { parsePrefix } from './prefix';
import type { FeedVendor, IpRangeFeed } from './types';

/** Where a vendor publishes an address: the longest matching prefix and its region(s). */
export interface PrefixMatch {
  /** The vendor whose feed holds the prefix. */
  readonly vendor: FeedVendor;
  /** The longest matching prefix, canonical. */
  readonly prefix: string;
  /** Its length in bits (longer is more specific). */
  readonly length: number;
  /** The regions that list exactly this prefix, sorted (nearly always one). */
  readonly regions: readonly string[];
}

interface Entry {
  readonly prefix: string;
  readonly regions: string[];
}

/**
 * Longest-prefix match for one family: one hash table per prefix length present, probed from the longest
 * length down. IPv4 keys are 32-bit numbers, IPv6 keys are bigints; a lookup costs at most one probe per
 * distinct length in the feed (AWS: about 20), with no allocation for IPv4.
 */
class FamilyTable<K extends number | bigint> {
  private readonly byLength = new Map<number, Map<K, Entry>>();
  private lengths: number[] = [];

  public constructor(private readonly mask: (key: K, length: number) => K) {}

  public add(key: K, length: number, prefix: string, region: string): void {
    let table = this.byLength.get(length);
    if (!table) {
      table = new Map();
      this.byLength.set(length, table);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    const entry = table.get(key);
    if (!entry) table.set(key, { prefix, regions: [region] });
    else if (!entry.regions.includes(region)) {
      entry.regions.push(region);
      entry.regions.sort();
    }
  }

  public lookup(address: K): { entry: Entry; length: number } | undefined {
    for (const length of this.lengths) {
      const entry = this.byLength.get(length)!.get(this.mask(address, length));
      if (entry) return { entry, length };
    }
    return undefined;
  }
}

const V4_MASKS = Array.from({ length: 33 }, (_, l) => (l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0));
const ALL_128 = (1n << 128n) - 1n;
const V6_MASKS = Array.from({ length: 129 }, (_, l) => (ALL_128 >> BigInt(128 - l)) << BigInt(128 - l));

function v4Key(bytes: readonly number[]): number {
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function v6Key(bytes: readonly number[]): bigint {
  let hex = '0x';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt(hex);
}

/** One vendor's prefixes, indexed per family. */
class VendorIndex {
  public readonly v4 = new FamilyTable<number>((k, l) => (k & V4_MASKS[l]) >>> 0);
  public readonly v6 = new FamilyTable<bigint>((k, l) => k & V6_MASKS[l]);
}

/**
 * A longest-prefix-match index over the IPv4 and IPv6 prefixes of the loaded feeds, per vendor.
 * Build once per run ({@link PrefixIndex.build}); lookups are pure and fast.
 *
 * @example
 * ```ts
 * const index = PrefixIndex.build([parseAwsFeed(text, 'ip-ranges.json')]);
 * index.lookup('aws', '192.0.2.10'); // { vendor: 'aws', prefix: '192.0.2.0/24', regions: ['us-east-1'], … }
 * ```
 */
export class PrefixIndex {
  private readonly vendors = new Map<FeedVendor, VendorIndex>();
  private readonly versions = new Map<FeedVendor, string>();

  private constructor() {}

  /** Indexes the given feeds (one per vendor; a later feed of the same vendor replaces an earlier one). */
  public static build(feeds: readonly IpRangeFeed[]): PrefixIndex {
    const index = new PrefixIndex();
    for (const feed of feeds) {
      const vendor = new VendorIndex();
      for (const p of feed.prefixes) {
        const parsed = parsePrefix(p.prefix);
        if (!parsed) continue; // feeds are validated by their parser; an invalid prefix cannot get here
        if (parsed.family === 'ipv4') vendor.v4.add(v4Key(parsed.bytes), parsed.length, parsed.canonical, p.region);
        else vendor.v6.add(v6Key(parsed.bytes), parsed.length, parsed.canonical, p.region);
      }
      index.vendors.set(feed.vendor, vendor);
      index.versions.set(feed.vendor, feed.version);
    }
    return index;
  }

  /** Whether the vendor's feed was loaded (its mappings can be verified). */
  public has(vendor: string): vendor is FeedVendor {
    return this.vendors.has(vendor as FeedVendor);
  }

  /** The vendors whose feeds are loaded, in the order given to {@link PrefixIndex.build}. */
  public loadedVendors(): FeedVendor[] {
    return [...this.vendors.keys()];
  }

  /** The version stamp of a loaded vendor's feed. */
  public version(vendor: FeedVendor): string | undefined {
    return this.versions.get(vendor);
  }

  /**
   * The longest prefix of `vendor`'s feed that contains `ip`, or `undefined` (also when the feed is not loaded
   * or `ip` is not an address).
   */
  public lookup(vendor: FeedVendor, ip: string): PrefixMatch | undefined {
    const address = parseAddress(ip);
    return address && this.lookupParsed(vendor, address);
  }

  /** Every loaded vendor's longest match for `ip`, most specific first (ties in load order). */
  public lookupAll(ip: string): PrefixMatch[] {
    const address = parseAddress(ip);
    if (!address) return [];
    const out: PrefixMatch[] = [];
    for (const vendor of this.vendors.keys()) {
      const match = this.lookupParsed(vendor, address);
      if (match) out.push(match);
    }
    return out.sort((a, b) => b.length - a.length);
  }

  private lookupParsed(vendor: FeedVendor, address: ParsedAddress): PrefixMatch | undefined {
    const index = this.vendors.get(vendor);
    if (!index) return undefined;
    const hit = address.v4 ? index.v4.lookup(address.key) : index.v6.lookup(address.key);
    return hit && { vendor, prefix: hit.entry.prefix, length: hit.length, regions: [...hit.entry.regions] };
  }
}

type ParsedAddress = { readonly v4: true; readonly key: number } | { readonly v4: false; readonly key: bigint };

/** Parses an address (IPv4-mapped IPv6 counts as IPv4, as ipaddr.js's `process` does). */
function parseAddress(ip: string): ParsedAddress | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return undefined;
  }
  return address.kind() === 'ipv4'
    ? { v4: true, key: v4Key(address.toByteArray()) }
    : { v4: false, key: v6Key(address.toByteArray()) };
}
