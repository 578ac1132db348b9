import { canonicalIpAndKey, compareIps } from '../model/ip';
import { isPlausibleId, MAX_ID_LENGTH, type ApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { forTerminal } from '../sinks/terminal';
import { isKnownRegion, type RegionAuthority } from './authority';
import { keyCollisionFindings, type KeyedMapping } from './key-collisions';
import { catalogRegions } from './catalog';
import { article, describeSuggestion, suggestionValue, suggestRegion, suggestVendor } from './suggest';
import { compareCodeUnits } from '../model/order';

/** The kinds of problem validation reports, in the order findings for one origin are listed. */
export const FINDING_KINDS = [
  'non-canonical-ip',
  'unknown-vendor',
  'unknown-region',
  'implausible-value',
  'colliding-key',
  'region-mismatch',
  'vendor-mismatch',
  'unmapped-origin',
  'orphaned-mapping',
] as const;

/** One problem found in a zone's mappings. */
export interface ValidationFinding {
  /**
   * `unknown-vendor`: the vendor is not one the authority knows; `unknown-region`: the region is not valid
   * for the vendor; `non-canonical-ip`: the server wrote the origin IP in a non-canonical form (or not as an IP);
   * `implausible-value`: the authority lists the vendor or region, but it is not something an id can be
   * (see `isPlausibleId`): a tampered `supported_regions` or snapshot. Such values are only ever written escaped.
   * `colliding-key`: the vendor (or `vendor/region`) differs from another one of the zone only in Unicode
   * normalization, which Terraform does not see (it reads every string in NFC), so the map outputs write them as one
   * key (see `keyCollisionFindings`); the value is the origin's spelling, the suggestion the NFC form.
   * With IP range verification on (see `ipRangeFindings`): `region-mismatch`, the claimed vendor publishes the IP in
   * another region; `vendor-mismatch`, another vendor publishes it. With coverage on (see `coverageFindings`):
   * `unmapped-origin`, an origin the feeds place in a cloud region has no mapping; `orphaned-mapping`, the mapping's
   * IP is no origin of the zone.
   */
  readonly kind: (typeof FINDING_KINDS)[number];
  /** The origin IP in canonical form (as the server wrote it when it is not an IP at all). */
  readonly originIp: string;
  /** The offending value: the vendor, the region, or the IP text as the server returned it. */
  readonly value: string;
  /**
   * What the value should probably be: a region of the same vendor (`us-east-1`), `vendor/region` when the
   * region belongs to another vendor (`gcp/us-central1`), a vendor, or the canonical IP. Absent when nothing is close.
   */
  readonly suggestion?: string;
  /**
   * One sentence naming the origin, the bad value and the suggestion, e.g. `origin 192.0.2.7: region "us-east-3" is
   * not a supported aws region; did you mean "us-east-1"?`. Control and bidi characters of the data are shown escaped.
   */
  readonly message: string;
}

/**
 * Validates mappings as the client returns them (canonical IPs expected) against the authority.
 *
 * Each mapping yields at most one vendor-or-region finding: a region cannot be judged under an unknown vendor.
 * Findings are sorted by origin IP (the package's mapping order), then kind, then value, so the result never
 * depends on the order the API used.
 */
export function validateMappings(
  mappings: readonly OriginCloudRegionMapping[],
  authority: RegionAuthority,
): ValidationFinding[] {
  return validateEntries(
    mappings.map((m) => ({ ip: m.originIp, vendor: m.vendor, region: m.region })),
    authority,
  );
}

/**
 * Like {@link validateMappings}, for mappings in the API's wire shape with `origin_ip` exactly as the server
 * sent it, so that a server returning non-canonical IPs (the API promises RFC 5952) is flagged.
 */
export function validateApiMappings(mappings: readonly ApiMapping[], authority: RegionAuthority): ValidationFinding[] {
  return validateEntries(
    mappings.map((m) => ({ ip: m.origin_ip, vendor: m.vendor, region: m.region })),
    authority,
  );
}

/** What is wrong with a vendor or region, as {@link describeVendorOrRegion} tells it. */
interface VendorOrRegionProblem {
  readonly kind: 'unknown-vendor' | 'unknown-region' | 'implausible-value';
  readonly field: 'vendor' | 'region';
  readonly value: string;
  /** What it should probably be, when something is close. */
  readonly suggestion?: string;
  /** The sentence naming the value, the problem and the did-you-mean. */
  readonly problem: string;
}

/** The message of an unknown vendor or region, shared with expectation validation. Terminal-safe. */
export function describeVendorOrRegion(
  authority: RegionAuthority,
  vendor: string,
  region: string,
): VendorOrRegionProblem | undefined {
  const found = describeUnknown(authority, vendor, region) ?? describeImplausible(vendor, region);
  return found === undefined ? undefined : { ...found, problem: forTerminal(found.problem) };
}

function describeImplausible(vendor: string, region: string): VendorOrRegionProblem | undefined {
  const rule = `only lowercase letters, digits and "-", at most ${MAX_ID_LENGTH} characters`;
  const fix = 'check where the supported regions came from (a snapshot edited by hand?) and refresh them';
  if (!isPlausibleId(vendor)) {
    return {
      kind: 'implausible-value',
      field: 'vendor',
      value: vendor,
      problem: `vendor "${clip(vendor)}" cannot be a vendor id (${rule}); ${fix}`,
    };
  }
  if (!isPlausibleId(region)) {
    return {
      kind: 'implausible-value',
      field: 'region',
      value: region,
      problem: `region "${clip(region)}" cannot be a ${vendor} region id (${rule}); ${fix}`,
    };
  }
  return undefined;
}

function describeUnknown(
  authority: RegionAuthority,
  vendor: string,
  region: string,
): VendorOrRegionProblem | undefined {
  if (!authority.vendors.has(vendor)) {
    const suggested = suggestVendor(authority, vendor, region);
    const known = [...authority.vendors.keys()].join(', ');
    const problem =
      `vendor "${clip(vendor)}" is not a supported vendor (${known})` +
      (suggested === undefined ? '' : `; did you mean "${suggested}"?`);
    return {
      kind: 'unknown-vendor',
      field: 'vendor',
      value: vendor,
      ...(suggested !== undefined && { suggestion: suggested }),
      problem,
    };
  }
  if (isKnownRegion(authority, vendor, region)) return undefined;
  // A real region the zone's live list leaves out (for example one Cloudflare has no upper tier for yet).
  const realButUnlisted =
    authority.kind === 'supported_regions' &&
    !(authority.catalogVendors ?? []).includes(vendor) &&
    catalogRegions(vendor).some((r) => r.id === region);
  const head = realButUnlisted
    ? `region "${region}" is ${article(vendor)} ${vendor} region, but not one this zone's supported_regions lists`
    : `region "${clip(region)}" is not a supported ${vendor} region`;
  // A real region needs no did-you-mean: guessing another one would mislead.
  const s = realButUnlisted ? undefined : suggestRegion(authority, vendor, region);
  if (s === undefined) return { kind: 'unknown-region', field: 'region', value: region, problem: head };
  return {
    kind: 'unknown-region',
    field: 'region',
    value: region,
    suggestion: suggestionValue(s, vendor),
    problem: `${head}; ${describeSuggestion(s, vendor, clip(region))}`,
  };
}

/** A value quoted in a message: long ones are cut (the finding's `value` keeps all of it). */
export function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/** Deterministic order of findings: origin IP, then kind, then value. */
export function compareFindings(a: ValidationFinding, b: ValidationFinding): number {
  return (
    compareIps(a.originIp, b.originIp) ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
    compareCodeUnits(a.value, b.value) ||
    compareCodeUnits(a.message, b.message)
  );
}

/**
 * Like {@link validateApiMappings}, for mappings the client has already parsed: each mapping's `originIp` is the
 * canonical form of the IP the server sent, and `sent` holds the text of each IP it did not send canonical (the
 * client's `sentOriginIps`). The same findings, without parsing every IP again.
 * @internal
 */
export function validateClientMappings(
  mappings: readonly OriginCloudRegionMapping[],
  sent: ReadonlyMap<string, string> | undefined,
  authority: RegionAuthority,
): ValidationFinding[] {
  return validateEntries(
    mappings.map((m) => ({
      ip: sent?.get(m.originIp) ?? m.originIp,
      canonical: m.originIp,
      vendor: m.vendor,
      region: m.region,
    })),
    authority,
  );
}

/** One value to validate: the IP as written, its canonical form when known already, the vendor and the region. */
interface Entry {
  readonly ip: string;
  readonly canonical?: string;
  readonly vendor: string;
  readonly region: string;
}

function validateEntries(entries: readonly Entry[], authority: RegionAuthority): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  // A zone has thousands of mappings but few vendor/region pairs: each pair is judged once.
  type Verdict = ReturnType<typeof describeVendorOrRegion>;
  const judged = new Map<string, Map<string, Verdict>>();
  const judge = (vendor: string, region: string): Verdict => {
    let regions = judged.get(vendor);
    if (regions === undefined) judged.set(vendor, (regions = new Map<string, Verdict>()));
    if (!regions.has(region)) regions.set(region, describeVendorOrRegion(authority, vendor, region));
    return regions.get(region);
  };
  const keyed: KeyedMapping[] = [];
  for (const { ip, canonical: known, vendor, region } of entries) {
    const canonical = known ?? canonicalIpAndKey(ip)?.canonical;
    const origin = canonical ?? ip;
    keyed.push({ originIp: origin, vendor, region });
    if (canonical === undefined) {
      findings.push({
        kind: 'non-canonical-ip',
        originIp: origin,
        value: ip,
        message: forTerminal(
          `origin "${clip(ip)}": the API returned an origin_ip that is not an IPv4 or IPv6 address; report it to Cloudflare, this mapping cannot be used`,
        ),
      });
    } else if (canonical !== ip) {
      findings.push({
        kind: 'non-canonical-ip',
        originIp: canonical,
        value: ip,
        suggestion: canonical,
        message: `origin ${canonical}: the API returned "${ip}", not the canonical form; use "${canonical}" (${canonical.includes(':') ? 'RFC 5952' : 'dotted quad'})`,
      });
    }
    const bad = judge(vendor, region);
    if (bad !== undefined) {
      const { kind, value, suggestion } = bad;
      const message = `origin ${forTerminal(clip(origin))}: ${bad.problem}`;
      findings.push({ kind, originIp: origin, value, message, ...(suggestion !== undefined && { suggestion }) });
    }
  }
  findings.push(...keyCollisionFindings(keyed, authority));
  return findings.sort(compareFindings);
}
