import { distance } from 'fastest-levenshtein';
import { placementOf } from '../model/mapping';
import type { RegionAuthority, RegionInfo } from './authority';
import { catalogRegions } from './catalog';

/** A valid vendor/region the caller probably meant, and how it was found (which words the message). */
interface RegionSuggestion {
  /** Another vendor than the one given when `reason` is `other-vendor`. */
  readonly vendor: string;
  readonly region: string;
  readonly reason: 'notation' | 'display-name' | 'zone' | 'other-vendor' | 'typo';
}

/** Common names for the vendors, compared after {@link squash}. */
const VENDOR_ALIASES: Readonly<Record<string, string>> = {
  amazon: 'aws',
  amazonwebservices: 'aws',
  ec2: 'aws',
  awsec2: 'aws',
  microsoft: 'azure',
  microsoftazure: 'azure',
  msft: 'azure',
  az: 'azure',
  google: 'gcp',
  googlecloud: 'gcp',
  googlecloudplatform: 'gcp',
  gce: 'gcp',
  gcloud: 'gcp',
  oracle: 'oci',
  oraclecloud: 'oci',
  oraclecloudinfrastructure: 'oci',
};

/**
 * The region that `value`, not valid for `vendor`, most likely means, tried in this order: `vendor:region` or
 * `vendor/region` notation; the same id written another way (`US_EAST_1`, `East US`); the catalog's display name
 * (`US East (N. Virginia)`); a zone of a region (`us-east-1a`, `us-east-1-bos-1a`, `us-central1-a`); those three
 * for every other vendor; the nearest region of the same vendor by edit distance.
 */
export function suggestRegion(authority: RegionAuthority, vendor: string, value: string): RegionSuggestion | undefined {
  const prefixed = /^\s*([A-Za-z][A-Za-z-]*)\s*[:/]\s*(\S.*)$/.exec(value);
  if (prefixed) {
    const named = resolveVendor(authority, prefixed[1]);
    if (named !== undefined) {
      const regions = authority.vendors.get(named)!;
      const rest = prefixed[2];
      const region = regions.has(rest) ? rest : matchIn(regions, rest)?.region;
      if (region !== undefined)
        return { vendor: named, region, reason: named === vendor ? 'notation' : 'other-vendor' };
    }
  }

  const own = authority.vendors.get(vendor);
  if (own !== undefined) {
    const hit = matchIn(own, value);
    if (hit !== undefined) return { vendor, ...hit };
  }

  // A real region of this vendor that the live list leaves out is not a typo for another vendor's look-alike
  // (aws `us-west-2` and gcp `us-west2` differ by one dash); nor is a region newer than the catalog.
  const realRegionOfVendor = catalogRegions(vendor).some((r) => r.id === value);
  const ownShape = hasRegionIdShape(vendor, value);
  for (const [other, regions] of authority.vendors) {
    if (other === vendor || realRegionOfVendor) continue;
    const hit = regions.has(value) ? value : ownShape ? undefined : matchIn(regions, value)?.region;
    if (hit !== undefined) return { vendor: other, region: hit, reason: 'other-vendor' };
  }

  if (own !== undefined) {
    const near = nearest(value.trim().toLowerCase(), [...own.keys()], regionBudget(value.trim()));
    if (near !== undefined) return { vendor, region: near, reason: 'typo' };
  }
  return undefined;
}

// Checked against every region of the vendors' published feeds (test/validate/catalog.test.ts).
const REGION_ID_SHAPES: Readonly<Record<string, RegExp>> = {
  aws: /^[a-z]{2,4}(-[a-z]+)+-\d+$/,
  oci: /^[a-z]{2}(-[a-z]+)+-\d+$/,
  gcp: /^[a-z]+(-[a-z]+)+\d+$/,
  azure: /^[a-z][a-z0-9]*$/,
};

/** Whether `value` has the shape of `vendor`'s region ids (false for a vendor without a known shape). */
export function hasRegionIdShape(vendor: string, value: string): boolean {
  return Object.hasOwn(REGION_ID_SHAPES, vendor) && REGION_ID_SHAPES[vendor].test(value);
}

/**
 * The vendor that `value` most likely means: a spelling variant (`AWS`, `Amazon`), the one vendor that has `region`,
 * or a vendor within one edit (two for a transposition such as `gpc`).
 */
export function suggestVendor(authority: RegionAuthority, value: string, region?: string): string | undefined {
  const direct = resolveVendor(authority, value);
  if (direct !== undefined) return direct;
  if (region !== undefined) {
    const owners = [...authority.vendors].filter(([, regions]) => regions.has(region)).map(([v]) => v);
    if (owners.length === 1) return owners[0];
  }
  const lowered = value.trim().toLowerCase();
  const vendors = [...authority.vendors.keys()];
  const near = nearest(lowered, vendors, 1);
  if (near !== undefined) return near;
  return vendors.find((v) => distance(lowered, v) <= 2 && sortChars(lowered) === sortChars(v));
}

/** A finding's `suggestion`: the region id, or `vendor/region` when the region is another vendor's. */
export function suggestionValue(s: RegionSuggestion, vendor: string): string {
  return s.vendor === vendor ? s.region : placementOf(s);
}

/** The did-you-mean clause of a message, e.g. `did you mean "us-east-1"?`. */
export function describeSuggestion(s: RegionSuggestion, vendor: string, value: string): string {
  switch (s.reason) {
    case 'other-vendor':
      return `"${s.region}" is ${article(s.vendor)} ${s.vendor} region, not ${vendor}; did you mean vendor "${s.vendor}" with region "${s.region}"?`;
    case 'zone':
      return `"${value}" looks like a zone of a region; did you mean "${s.region}"?`;
    case 'display-name':
      return `"${value}" is the display name of a region; did you mean "${s.region}"?`;
    default:
      return `did you mean "${s.region}"?`;
  }
}

/** `a` or `an` before a vendor name (`an aws region`, `a gcp region`). */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function resolveVendor(authority: RegionAuthority, text: string): string | undefined {
  const lowered = text.trim().toLowerCase();
  if (authority.vendors.has(lowered)) return lowered;
  const alias = VENDOR_ALIASES[squash(text)];
  return alias !== undefined && authority.vendors.has(alias) ? alias : undefined;
}

// Notation, display name and zone (steps 2-4 of suggestRegion), within one vendor's regions.
function matchIn(
  regions: ReadonlyMap<string, RegionInfo>,
  value: string,
): { region: string; reason: 'notation' | 'display-name' | 'zone' } | undefined {
  const key = squash(value);
  if (key === '') return undefined;
  for (const id of regions.keys()) if (squash(id) === key) return { region: id, reason: 'notation' };
  for (const [id, info] of regions) {
    if (info.name !== undefined && squash(info.name) === key) return { region: id, reason: 'display-name' };
  }
  const lowered = value.trim().toLowerCase();
  let zoneOf: string | undefined;
  for (const id of regions.keys()) {
    // Longest match wins, so `us-east-1-bos-1a` maps to `us-east-1`, not a shorter id.
    if (
      lowered.startsWith(id) &&
      isZoneSuffix(lowered.slice(id.length)) &&
      (zoneOf === undefined || id.length > zoneOf.length)
    ) {
      zoneOf = id;
    }
  }
  return zoneOf === undefined ? undefined : { region: zoneOf, reason: 'zone' };
}

// `a` (AWS AZ), `-a` (GCP zone), `-bos-1a` (AWS local zone), `-wl1-bos-wlz-1` (Wavelength). A suffix of
// digits alone is not a zone: `eastus-2` is more likely a typo of `eastus2` than a zone of `eastus`.
function isZoneSuffix(suffix: string): boolean {
  return /^-?[a-z]$/.test(suffix) || /^-[a-z0-9-]*[a-z][a-z0-9-]*$/.test(suffix);
}

// Ties: the longer common prefix wins (`eu-east-1` → `eu-west-1`, not `ap-east-1`), then alphabetical order.
function nearest(value: string, candidates: readonly string[], budget: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestPrefix = -1;
  for (const c of [...candidates].sort()) {
    const d = distance(value, c);
    const p = commonPrefix(value, c);
    if (d < bestDistance || (d === bestDistance && p > bestPrefix)) {
      best = c;
      bestDistance = d;
      bestPrefix = p;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

// 1 edit up to 7 characters, 2 up to 11, 3 beyond: neighbouring ids differ by one digit (`us-east-1`, `us-east-2`),
// so a larger budget suggests unrelated regions, and a smaller one misses typos such as `us-esat-1`.
function regionBudget(value: string): number {
  return Math.min(3, Math.max(1, Math.floor(value.length / 4)));
}

// Lower case, letters and digits only: `US East (N. Virginia)` → `useastnvirginia`, `us-east-1` → `useast1`.
function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sortChars(text: string): string {
  return [...text].sort().join('');
}
