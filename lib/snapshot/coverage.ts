import {
  COVERAGE_SOURCES,
  type CoverageOrigin,
  type CoveragePool,
  type CoverageSource,
  type MissingSource,
  type ZoneOrigins,
} from '../coverage/types';
import type { FeedVendor } from '../ipranges/types';
import type { PublishedLocation } from '../ipranges/verdict';
import { compareIps } from '../model/ip';
import { isRecord, own } from '../model/record';
import { ABSURD_TOTAL_COUNT, PRINTABLE } from '../model/wire-values';
import { canonicalIpOf, checkFeedVersions, checkPublished, type Refuse } from './ip-ranges';

/**
 * The optional `coverage` field of a snapshot: the zone's origins as collected and where the feeds placed each IP
 * the classification looked up, so an offline synth gives the online one's coverage output byte for byte.
 */
export interface SnapshotCoverage {
  /** Each feed's version stamp, `null` when that vendor's feed was not loaded. Keys in `aws, gcp, oci, azure` order. */
  feeds: Record<FeedVendor, string | null>;
  read: CoverageSource[];
  /** The sources that could not be read (the report is partial). */
  missing: MissingSource[];
  /** Every origin, in the collected order (IPs first, then hostnames). */
  origins: CoverageOrigin[];
  pools: CoveragePool[];
  /**
   * Each canonical IP the classification looked up and the feeds' placements of it (see `locateIp`), most specific
   * first; sorted by IP; an IP no feed lists is not recorded.
   */
  placements: { ip: string; published: PublishedLocation[] }[];
}

/** The snapshot form of a zone's collected origins, the feed versions and the placements looked up (by IP). */
export function coverageToSnapshot(
  o: ZoneOrigins,
  feeds: Readonly<Record<FeedVendor, string | null>>,
  looked: ReadonlyMap<string, readonly PublishedLocation[]>,
): SnapshotCoverage {
  const placements = [...looked]
    .filter(([, published]) => published.length > 0)
    .sort(([a], [b]) => compareIps(a, b))
    .map(([ip, published]) => ({ ip, published: published.map((p) => ({ ...p })) }));
  return {
    feeds: { ...feeds },
    read: [...o.read],
    missing: o.missing.map((m) => ({ ...m })),
    origins: o.origins.map((origin) => ({
      ...origin,
      sources: [...origin.sources],
      ...(origin.resolved === undefined ? {} : { resolved: [...origin.resolved] }),
    })),
    pools: o.pools.map((p) => ({ name: p.name, addresses: [...p.addresses] })),
    placements,
  };
}

/** Longest text recorded: a DNS name is up to 253 characters, and a source label adds its type and a pool name. */
const MAX_COVERAGE_TEXT = 1024;

/** Checks a snapshot's `coverage` field and rebuilds it (unknown keys left out): printable text, canonical IPs. */
export function checkSnapshotCoverage(value: unknown, refuse: Refuse): SnapshotCoverage {
  if (!isRecord(value)) refuse('coverage', 'must be an object');
  const feeds = checkFeedVersions(own(value, 'feeds'), 'coverage.feeds', refuse);
  const read = listOf(value, 'read', refuse, (item, at) => checkSource(item, at, refuse));
  const missing = listOf(value, 'missing', refuse, (item, at) => {
    if (!isRecord(item)) refuse(at, 'must be an object');
    return {
      source: checkSource(own(item, 'source'), `${at}.source`, refuse),
      permission: checkText(own(item, 'permission'), `${at}.permission`, refuse),
      reason: checkText(own(item, 'reason'), `${at}.reason`, refuse),
    };
  });
  const origins = listOf(value, 'origins', refuse, (item, at) => checkOrigin(item, at, refuse));
  const pools = listOf(value, 'pools', refuse, (item, at) => {
    if (!isRecord(item)) refuse(at, 'must be an object');
    const name = checkText(own(item, 'name'), `${at}.name`, refuse);
    return { name, addresses: texts(own(item, 'addresses'), `${at}.addresses`, refuse) };
  });
  const placements = listOf(value, 'placements', refuse, (item, at) => {
    if (!isRecord(item)) refuse(at, 'must be an object');
    const ip = checkIp(own(item, 'ip'), `${at}.ip`, refuse);
    const published = own(item, 'published');
    if (!Array.isArray(published) || published.length === 0) refuse(`${at}.published`, 'must be a non-empty list');
    return { ip, published: published.map((p: unknown, j) => checkPublished(p, `${at}.published[${j}]`, refuse)) };
  });
  return { feeds, read, missing, origins, pools, placements };
}

function checkOrigin(item: unknown, at: string, refuse: Refuse): CoverageOrigin {
  if (!isRecord(item)) refuse(at, 'must be an object');
  const kind = own(item, 'kind');
  if (kind !== 'ip' && kind !== 'hostname') refuse(`${at}.kind`, 'must be "ip" or "hostname"');
  const address =
    kind === 'ip'
      ? checkIp(own(item, 'address'), `${at}.address`, refuse)
      : checkText(own(item, 'address'), `${at}.address`, refuse);
  const sources = texts(own(item, 'sources'), `${at}.sources`, refuse);
  const resolvedValue = own(item, 'resolved');
  if (resolvedValue === undefined) return { kind, address, sources };
  if (!Array.isArray(resolvedValue)) refuse(`${at}.resolved`, 'must be a list of IPs');
  const resolved = resolvedValue.map((ip: unknown, j) => checkIp(ip, `${at}.resolved[${j}]`, refuse));
  return { kind, address, sources, resolved };
}

function listOf<T>(
  record: Record<string, unknown>,
  key: string,
  refuse: Refuse,
  check: (item: unknown, at: string) => T,
): T[] {
  const value = own(record, key);
  const field = `coverage.${key}`;
  if (!Array.isArray(value)) refuse(field, 'must be a list');
  if (value.length > ABSURD_TOTAL_COUNT) refuse(field, `holds over ${ABSURD_TOTAL_COUNT} entries`);
  return value.map((item: unknown, i) => check(item, `${field}[${i}]`));
}

function texts(value: unknown, field: string, refuse: Refuse): string[] {
  if (!Array.isArray(value)) refuse(field, 'must be a list of strings');
  return value.map((v: unknown, i) => checkText(v, `${field}[${i}]`, refuse));
}

function checkText(value: unknown, field: string, refuse: Refuse): string {
  if (typeof value !== 'string') refuse(field, value === undefined ? 'is missing' : 'must be a string');
  if (value.length === 0 || value.length > MAX_COVERAGE_TEXT) {
    refuse(field, `must be 1 to ${MAX_COVERAGE_TEXT} characters long`);
  }
  if (!PRINTABLE.test(value)) refuse(field, 'contains control characters');
  return value;
}

function checkIp(value: unknown, field: string, refuse: Refuse): string {
  const canonical = canonicalIpOf(value, field, refuse);
  if (canonical !== value) refuse(field, `must be written in canonical form (${canonical})`);
  return canonical;
}

function checkSource(value: unknown, field: string, refuse: Refuse): CoverageSource {
  if (typeof value !== 'string' || !(COVERAGE_SOURCES as readonly string[]).includes(value)) {
    refuse(field, `must be one of ${COVERAGE_SOURCES.join(', ')}`);
  }
  return value as CoverageSource;
}
