/**
 * Refreshes the bundled region catalog (lib/validate/cloud-regions.json) from the vendors' current IP range feeds,
 * so that a region a vendor has opened since the catalog was made is known (see docs/development.md).
 *
 *   npx tsx scripts/refresh-catalog.ts --aws ip-ranges.json --gcp cloud.json --oci public_ip_ranges.json \
 *     --azure ServiceTags_Public_20251103.json [--excerpts test/ipranges/fixtures] [--date YYYY-MM-DD]
 *
 * Each feed is read with the package's own parser (so Azure's Service Tags spellings are translated the way
 * verification translates them). Every region a feed names that the catalog lacks is added (display name `null`,
 * `special` `null`: review them), the feed's version is recorded under `feeds`, and `generated` becomes today's
 * date. `--excerpts` also writes a small excerpt of each feed (one prefix per region; Azure: one regional tag per
 * region and a few prefixes of the global tag), which test/validate/catalog.test.ts checks the catalog against.
 * Any subset of the feeds may be given. Exit code 0, or 1 with a message on a bad argument or feed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseFeed } from '../lib/ipranges/parse';
import { parsePrefix } from '../lib/ipranges/prefix';
import { FEED_VENDORS, isPseudoRegion, UNKNOWN_REGION, type FeedVendor, type IpRangeFeed } from '../lib/ipranges/types';
import type { CatalogFeed, CatalogRegion, CloudRegionCatalog } from '../lib/validate/catalog';
import { compareCodeUnits } from '../lib/model/order';

const CATALOG_FILE = path.resolve(__dirname, '..', 'lib', 'validate', 'cloud-regions.json');

/** The field holding each feed's version, and the one holding its date (Azure's file has none: its name does). */
const STAMPS: Record<FeedVendor, { version: string; date?: string }> = {
  aws: { version: 'syncToken', date: 'createDate' },
  gcp: { version: 'syncToken', date: 'creationTime' },
  oci: { version: 'last_updated_timestamp' },
  azure: { version: 'changeNumber' },
};

type Json = Record<string, unknown>;
type Entry = Json & { properties?: Json };

interface ReadFeed {
  readonly vendor: FeedVendor;
  readonly file: string;
  readonly raw: Json;
  readonly parsed: IpRangeFeed;
}

function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  const feeds = FEED_VENDORS.flatMap((vendor): ReadFeed[] => {
    const file = args.get(`--${vendor}`);
    if (file === undefined) return [];
    const text = readFileSync(file, 'utf8');
    return [
      { vendor, file, raw: JSON.parse(text.replace(/^\uFEFF/, '')) as Json, parsed: parseFeed(vendor, text, file) },
    ];
  });
  if (feeds.length === 0) throw new Error('give at least one of --aws, --gcp, --oci, --azure (a feed file)');
  const date = args.get('--date') ?? new Date().toISOString().slice(0, 10);
  const catalog = JSON.parse(readFileSync(CATALOG_FILE, 'utf8')) as CloudRegionCatalog;
  const vendors = { ...catalog.vendors } as Record<string, CloudRegionCatalog['vendors'][string]>;
  const recorded: Record<string, CatalogFeed> = { ...(catalog.feeds ?? {}) };
  for (const feed of feeds) {
    const { added, stamp } = mergeFeed(vendors, feed);
    recorded[feed.vendor] = stamp;
    process.stderr.write(`${feed.vendor}: ${stamp.version}; added ${added.length ? added.join(', ') : 'nothing'}\n`);
  }
  const next: CloudRegionCatalog = { ...catalog, generated: date, feeds: recorded, vendors };
  writeFileSync(CATALOG_FILE, JSON.stringify(next, null, 2) + '\n');
  const dir = args.get('--excerpts');
  if (dir !== undefined) {
    for (const feed of feeds) {
      const out = path.join(dir, `${feed.vendor}-excerpt.json`);
      writeFileSync(out, excerptText(feed));
      process.stderr.write(`wrote ${out}\n`);
    }
  }
  return 0;
}

function parseArgs(argv: readonly string[]): Map<string, string> {
  const known = new Set(['--aws', '--gcp', '--oci', '--azure', '--excerpts', '--date']);
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (!known.has(argv[i]) || value === undefined) throw new Error(`unknown or incomplete argument ${argv[i]}`);
    out.set(argv[i], value);
  }
  return out;
}

/** Adds the feed's regions the catalog lacks; returns them and the feed's stamp. */
function mergeFeed(
  vendors: Record<string, CloudRegionCatalog['vendors'][string]>,
  feed: ReadFeed,
): { added: string[]; stamp: CatalogFeed } {
  const current = vendors[feed.vendor] ?? { regions: [], sources: [] };
  const known = new Set(current.regions.map((r) => r.id));
  const added = [...new Set(feed.parsed.prefixes.map((p) => p.region))]
    .filter((r) => !isPseudoRegion(r) && !known.has(r))
    .sort(compareCodeUnits);
  const stamp = feedStamp(feed);
  const regions: CatalogRegion[] = [...current.regions, ...added.map((id) => ({ id, name: null, special: null }))];
  const source =
    `feed: ${path.basename(feed.file)} ${STAMPS[feed.vendor].version} ${stamp.version}` +
    `${stamp.date === undefined ? '' : ` (${stamp.date})`} - every region it names (Azure: translated to Resource ` +
    `Manager names by its regional tags); added with name and special null: ${added.length ? added.join(', ') : 'none'}`;
  vendors[feed.vendor] = {
    regions: regions.sort((a, b) => compareCodeUnits(a.id, b.id)),
    sources: [...current.sources.filter((s) => !s.startsWith('feed: ')), source],
  };
  return { added, stamp };
}

function feedStamp(feed: ReadFeed): CatalogFeed {
  const date = STAMPS[feed.vendor].date;
  const value = date === undefined ? undefined : feed.raw[date];
  return { version: feed.parsed.version, ...(typeof value === 'string' ? { date: value } : {}) };
}

/** One entry per region (the first of each), keeping every field of the entries kept. */
function firstPerKey<T>(items: readonly T[], key: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function excerptText(feed: ReadFeed): string {
  const stamps = STAMPS[feed.vendor];
  const head: Json = {
    _excerpt:
      `An excerpt of ${path.basename(feed.file)} (${stamps.version} ${feed.parsed.version}` +
      `${stamps.date === undefined ? '' : `, ${stamps.date} ${String(feed.raw[stamps.date])}`}), as published by the vendor: ` +
      'one prefix per region, written by scripts/refresh-catalog.ts. Not the whole feed.',
  };
  for (const k of Object.keys(feed.raw)) {
    if (!Array.isArray(feed.raw[k])) head[k] = feed.raw[k];
  }
  const lists = excerptLists(feed);
  // One entry per line: small diffs when the excerpt is refreshed.
  const body = Object.entries(lists).map(
    ([k, entries]) => `  ${JSON.stringify(k)}: [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`,
  );
  const scalars = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${[...scalars, ...body].join(',\n')}\n}\n`;
}

function excerptLists(feed: ReadFeed): Record<string, unknown[]> {
  const list = (k: string): Entry[] => (Array.isArray(feed.raw[k]) ? (feed.raw[k] as Entry[]) : []);
  switch (feed.vendor) {
    case 'aws': {
      // CloudFront first among GLOBAL entries: the anycast ranges mappings land in.
      const v4 = [...list('prefixes')].sort(
        (a, b) => Number(b.service === 'CLOUDFRONT') - Number(a.service === 'CLOUDFRONT'),
      );
      return {
        prefixes: firstPerKey(v4, (e) => String(e.region)),
        ipv6_prefixes: firstPerKey(list('ipv6_prefixes'), (e) => String(e.region)),
      };
    }
    case 'gcp':
      return { prefixes: firstPerKey(list('prefixes'), (e) => String(e.scope)) };
    case 'oci':
      return {
        regions: list('regions').map((r) => ({ ...r, cidrs: (r.cidrs as unknown[]).slice(0, 1) })),
      };
    case 'azure':
      return { values: azureExcerpt(feed, list('values')) };
  }
}

/**
 * Each `AzureCloud.<region>` tag with its first prefix, for each region one tag whose name gives the translation the
 * whole file gives, and the global `AzureCloud` tag with two prefixes no regional tag covers and one that one does.
 */
function azureExcerpt(feed: ReadFeed, values: readonly Entry[]): Entry[] {
  const withPrefixes = (tag: Entry, prefixes: unknown[]): Entry => ({
    ...tag,
    properties: { ...tag.properties, addressPrefixes: prefixes },
  });
  const prefixesOf = (tag: Entry): string[] => (tag.properties?.addressPrefixes as string[] | undefined) ?? [];
  const regional = values.filter((t) => String(t.name).startsWith('AzureCloud.'));
  const translated = new Map<string, string>();
  for (const tag of regional) {
    const first = prefixesOf(tag)[0];
    const hit = feed.parsed.prefixes.find((p) => first !== undefined && p.prefix === canonicalOf(first));
    if (hit) translated.set(String(tag.properties?.region), hit.region);
  }
  const naming = firstPerKey(
    values.filter((t) => {
      const suffix = String(t.name).split('.')[1] ?? '';
      const region = typeof t.properties?.region === 'string' ? t.properties.region : '';
      return suffix !== suffix.toLowerCase() && translated.get(region) === suffix.toLowerCase();
    }),
    (t) => String(t.properties?.region),
  );
  const unknown = new Set(feed.parsed.prefixes.filter((p) => p.region === UNKNOWN_REGION).map((p) => p.prefix));
  const global = values.find((t) => t.name === 'AzureCloud');
  const globalPrefixes = global === undefined ? [] : prefixesOf(global);
  const kept = [
    ...globalPrefixes.filter((p) => unknown.has(canonicalOf(p))).slice(0, 2),
    ...globalPrefixes.filter((p) => !unknown.has(canonicalOf(p))).slice(0, 1),
  ];
  return [
    ...(global === undefined ? [] : [withPrefixes(global, kept)]),
    ...regional.map((t) => withPrefixes(t, prefixesOf(t).slice(0, 1))),
    ...naming.map((t) => withPrefixes(t, prefixesOf(t).slice(0, 1))),
  ];
}

function canonicalOf(prefix: string): string {
  return parsePrefix(prefix)?.canonical ?? prefix;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`refresh-catalog: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
