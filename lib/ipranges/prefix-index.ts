import { addressBytes } from './address';
import { parsePrefix } from './prefix';
import type { FeedVendor, IpRangeFeed } from './types';

/** Where a vendor publishes an address: the longest matching prefix and its region(s). */
export interface PrefixMatch {
  readonly vendor: FeedVendor;
  /** The longest matching prefix, canonical. */
  readonly prefix: string;
  readonly length: number;
  /** The regions that list exactly this prefix, sorted (nearly always one). */
  readonly regions: readonly string[];
}

interface Entry {
  readonly prefix: string;
  regions: string[];
}

/**
 * Longest-prefix match for one family: one hash table per prefix length present, probed from the longest
 * length down. IPv4 keys are the masked address as a 32-bit number; IPv6 keys are the masked address's leading
 * hex digits (so no bigint arithmetic). A lookup costs at most one probe per distinct length in the feed
 * (AWS: about 20). The two families are separate classes so that each lookup loop sees one key type.
 * {@link FamilyTable.finish} sorts once, after every add (a sort per add cost n² log n for n regions of a prefix).
 */
abstract class FamilyTable<K extends number | string> {
  private readonly byLength = new Map<number, Map<K, Entry>>();
  /** The regions of the entries listed under more than one, until {@link FamilyTable.finish}. */
  private readonly pending = new Map<Entry, Set<string>>();
  protected lengths: number[] = [];
  /** The tables in the order of `lengths`, longest first. */
  protected tables: Map<K, Entry>[] = [];

  protected abstract mask(key: K, length: number): K;

  public add(key: K, length: number, prefix: string, region: string): void {
    let table = this.byLength.get(length);
    if (!table) this.byLength.set(length, (table = new Map<K, Entry>()));
    const masked = this.mask(key, length);
    const entry = table.get(masked);
    if (!entry) table.set(masked, { prefix, regions: [region] });
    else {
      let regions = this.pending.get(entry);
      if (!regions) this.pending.set(entry, (regions = new Set(entry.regions)));
      regions.add(region);
    }
  }

  public finish(): void {
    for (const [entry, regions] of this.pending) entry.regions = [...regions].sort();
    this.pending.clear();
    this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    this.tables = this.lengths.map((l) => this.byLength.get(l)!);
  }
}

class V4Table extends FamilyTable<number> {
  protected mask(key: number, length: number): number {
    return (key & V4_MASKS[length]) >>> 0;
  }

  public lookup(address: number): { entry: Entry; length: number } | undefined {
    const lengths = this.lengths;
    const tables = this.tables;
    for (let i = 0; i < lengths.length; i++) {
      const entry = tables[i].get((address & V4_MASKS[lengths[i]]) >>> 0);
      if (entry) return { entry, length: lengths[i] };
    }
    return undefined;
  }
}

class V6Table extends FamilyTable<string> {
  protected mask(key: string, length: number): string {
    return v6Mask(key, length);
  }

  public lookup(address: string): { entry: Entry; length: number } | undefined {
    const lengths = this.lengths;
    const tables = this.tables;
    for (let i = 0; i < lengths.length; i++) {
      const entry = tables[i].get(v6Mask(address, lengths[i]));
      if (entry) return { entry, length: lengths[i] };
    }
    return undefined;
  }
}

const V4_MASKS = Array.from({ length: 33 }, (_, l) => (l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0));
const NIBBLE_MASKS = [0, 8, 12, 14];

function v4Key(bytes: readonly number[]): number {
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function v6Key(bytes: readonly number[]): string {
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}

/** The first `length` bits of a 32-digit hex address, as hex digits (the last one masked). */
function v6Mask(hex: string, length: number): string {
  const whole = length >> 2;
  const rest = length & 3;
  if (rest === 0) return hex.slice(0, whole);
  return hex.slice(0, whole) + (parseInt(hex[whole], 16) & NIBBLE_MASKS[rest]).toString(16);
}

/** A longest-prefix-match index over the IPv4 and IPv6 prefixes of the loaded feeds, per vendor. */
export class PrefixIndex {
  private readonly vendors = new Map<FeedVendor, { readonly v4: V4Table; readonly v6: V6Table }>();

  private constructor() {}

  /** Indexes the given feeds (one per vendor; a later feed of the same vendor replaces an earlier one). */
  public static build(feeds: readonly IpRangeFeed[]): PrefixIndex {
    const index = new PrefixIndex();
    for (const feed of feeds) {
      const vendor = { v4: new V4Table(), v6: new V6Table() };
      for (const p of feed.prefixes) {
        const parsed = parsePrefix(p.prefix);
        if (!parsed) continue; // feeds are validated by their parser; an invalid prefix cannot get here
        if (parsed.family === 'ipv4') vendor.v4.add(v4Key(parsed.bytes), parsed.length, parsed.canonical, p.region);
        else vendor.v6.add(v6Key(parsed.bytes), parsed.length, parsed.canonical, p.region);
      }
      vendor.v4.finish();
      vendor.v6.finish();
      index.vendors.set(feed.vendor, vendor);
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

  /** The longest prefix of `vendor`'s feed that contains `ip`, if any. */
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
    return out.length > 1 ? out.sort((a, b) => b.length - a.length) : out;
  }

  private lookupParsed(vendor: FeedVendor, address: ParsedAddress): PrefixMatch | undefined {
    const index = this.vendors.get(vendor);
    if (!index) return undefined;
    const hit = address.v4 ? index.v4.lookup(address.key) : index.v6.lookup(address.key);
    return hit && { vendor, prefix: hit.entry.prefix, length: hit.length, regions: hit.entry.regions };
  }
}

type ParsedAddress = { readonly v4: true; readonly key: number } | { readonly v4: false; readonly key: string };

/** Parses an address (IPv4-mapped IPv6 counts as IPv4, as ipaddr.js's `process` does). */
function parseAddress(ip: string): ParsedAddress | undefined {
  const bytes = addressBytes(ip);
  if (!bytes) return undefined;
  if (bytes.length === 4) return { v4: true, key: v4Key(bytes) };
  const mapped = bytes[10] === 0xff && bytes[11] === 0xff && bytes.slice(0, 10).every((b) => b === 0);
  return mapped ? { v4: true, key: v4Key(bytes.slice(12)) } : { v4: false, key: v6Key(bytes) };
}
