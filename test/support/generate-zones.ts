/**
 * Seeded test data: large mapping lists are generated, not committed.
 */
import { seededRandom } from '../../lib/emulator/generate';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';

export { seededRandom };

/** The zone id the drift fixtures use. */
export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
/** A second zone for multi-zone tests. */
export const ZONE_B = '9a7806061c88ada191ed06f989cc3dac';

const REGIONS: Record<string, string[]> = {
  aws: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'eu-central-1'],
  azure: ['eastus', 'westeurope', 'southeastasia'],
  gcp: ['us-central1', 'europe-west1', 'asia-east1'],
  oci: ['us-ashburn-1', 'eu-frankfurt-1'],
};

/** Picks one element with the generator. */
export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

/** A random vendor/region pair. */
export function randomPlacement(random: () => number): { vendor: string; region: string } {
  const vendor = pick(random, Object.keys(REGIONS));
  return { vendor, region: pick(random, REGIONS[vendor]) };
}

/**
 * `count` mappings with unique canonical IPs (about a fifth IPv6), deterministic for a seed.
 * IPs are derived from the index, so `offset` gives disjoint sets.
 */
export function generateZone(count: number, seed = 1, offset = 0): OriginCloudRegionMapping[] {
  const random = seededRandom(seed);
  const out: OriginCloudRegionMapping[] = [];
  for (let i = offset; i < offset + count; i += 1) {
    const originIp =
      i % 5 === 4
        ? `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`
        : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    out.push({ originIp, ...randomPlacement(random), modifiedOn: '2026-01-02T03:04:05Z' });
  }
  return out;
}

/** Upper-tier colos per region, for fixtures that know them. */
export function colosFor(region: string): string[] {
  const table: Record<string, string[]> = {
    'us-east-1': ['IAD', 'EWR'],
    'us-west-2': ['SEA', 'PDX'],
    'eu-west-1': ['DUB'],
    'ap-southeast-1': ['SIN'],
    eastus: ['IAD'],
    'us-central1': ['ORD'],
    'europe-west1': ['BRU'],
    'us-ashburn-1': ['IAD'],
  };
  return table[region] ?? [];
}

/** The zone id of zone `i` of a generated fleet: 32 hex digits. */
export function fleetZoneId(i: number): string {
  return i.toString(16).padStart(32, '0');
}

/**
 * Both sides of a fleet of `zones` zones of `perZone` mappings each, where the head side moves one origin of
 * every zone to another region: a diff report with one change per zone (the shape that makes the Markdown report
 * drop zones to fit one comment).
 */
export function fleetSides(
  zones: number,
  perZone = 3,
): {
  base: { label: string; zones: { zoneId: string; mappings: OriginCloudRegionMapping[]; label: string }[] };
  head: { label: string; zones: { zoneId: string; mappings: OriginCloudRegionMapping[]; label: string }[] };
} {
  const base = [];
  const head = [];
  for (let i = 0; i < zones; i += 1) {
    const mappings = generateZone(perZone, i + 1, i * perZone);
    const moved = { ...mappings[0], region: `${mappings[0].region}-moved` };
    base.push({ zoneId: fleetZoneId(i), mappings, label: 'base' });
    head.push({ zoneId: fleetZoneId(i), mappings: [moved, ...mappings.slice(1)], label: 'head' });
  }
  return { base: { label: 'base', zones: base }, head: { label: 'head', zones: head } };
}
