import { canonicalIpAndKey, compareIps } from '../model/ip';
import { isPlausibleId, MAX_ID_LENGTH, type ApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { clip, forTerminal } from '../sinks/terminal';
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
   * `unknown-vendor`; `unknown-region` (not valid for the vendor); `non-canonical-ip` (the server did not write the
   * origin IP canonical, or not as an IP); `implausible-value` (the authority lists it, but no id can be so: a
   * tampered list; written only escaped); `colliding-key` (differs from another vendor or `vendor/region` of the zone
   * only in Unicode normalization, so Terraform reads both as one key; the suggestion is the NFC form). With IP range
   * verification: `region-mismatch` (the vendor publishes the IP in another region), `vendor-mismatch` (another vendor
   * publishes it). With coverage: `unmapped-origin` (the feeds place an origin in a cloud region that has no mapping),
   * `orphaned-mapping` (the mapping's IP is no origin of the zone).
   */
  readonly kind: (typeof FINDING_KINDS)[number];
  /** The origin IP in canonical form (as the server wrote it when it is not an IP at all). */
  readonly originIp: string;
  /** The offending value: the vendor, the region, or the IP text as the server returned it. */
  readonly value: string;
  /** What the value should probably be: a region (`us-east-1`), `vendor/region`, a vendor, or the canonical IP. */
  readonly suggestion?: string;
  /** One sentence naming the origin, the value and the suggestion, with control and bidi characters escaped. */
  readonly message: string;
}

/**
 * Validates mappings (canonical IPs expected) against the authority: at most one vendor-or-region finding each, as a
 * region cannot be judged under an unknown vendor, sorted by {@link compareFindings}.
 */
export function validateMappings(
  mappings: readonly OriginCloudRegionMapping[],
  authority: RegionAuthority,
): ValidationFinding[] {
  const entries = mappings.map((m) => ({ ip: m.originIp, vendor: m.vendor, region: m.region }));
  return validateEntries(entries, authority);
}

/** {@link validateMappings} for the wire shape, with `origin_ip` as sent: a non-canonical IP is a finding. */
export function validateApiMappings(mappings: readonly ApiMapping[], authority: RegionAuthority): ValidationFinding[] {
  const entries = mappings.map((m) => ({ ip: m.origin_ip, vendor: m.vendor, region: m.region }));
  return validateEntries(entries, authority);
}

interface VendorOrRegionProblem {
  readonly kind: 'unknown-vendor' | 'unknown-region' | 'implausible-value';
  readonly field: 'vendor' | 'region';
  readonly value: string;
  readonly suggestion?: string;
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
  const field = !isPlausibleId(vendor) ? 'vendor' : !isPlausibleId(region) ? 'region' : undefined;
  if (field === undefined) return undefined;
  const value = field === 'vendor' ? vendor : region;
  const rule = `only lowercase letters, digits and "-", at most ${MAX_ID_LENGTH} characters`;
  const fix = 'check where the supported regions came from (a snapshot edited by hand?) and refresh them';
  const id = field === 'vendor' ? 'a vendor id' : `a ${vendor} region id`;
  return {
    kind: 'implausible-value',
    field,
    value,
    problem: `${field} "${clip(value)}" cannot be ${id} (${rule}); ${fix}`,
  };
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
 * {@link validateApiMappings} for mappings the client parsed already, without parsing every IP again: `sent` holds
 * the text of each IP the server did not send canonical (the client's `sentOriginIps`).
 * @internal
 */
export function validateClientMappings(
  mappings: readonly OriginCloudRegionMapping[],
  sent: ReadonlyMap<string, string> | undefined,
  authority: RegionAuthority,
): ValidationFinding[] {
  const entries = mappings.map((m) => ({
    ip: sent?.get(m.originIp) ?? m.originIp,
    canonical: m.originIp,
    vendor: m.vendor,
    region: m.region,
  }));
  return validateEntries(entries, authority);
}

/** The IP as written, its canonical form when known already, the vendor and the region. */
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
