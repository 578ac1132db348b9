import { InvalidExpectationError, type ExpectationProblem } from '../errors';
import { canonicalIp, isIp } from '../model/ip';
import { sortMappings } from '../model/order';
import type { RegionAuthority } from './authority';
import { describeVendorOrRegion } from './validate-mappings';

/** A mapping the user declares the zone should have. */
export interface ExpectedMapping {
  /** Origin IP in any valid notation (`2001:DB8:0::1`); normalized to canonical form. */
  readonly originIp: string;
  /** Cloud vendor, exactly as the API spells it (`aws`, `azure`, `gcp`, `oci`). */
  readonly vendor: string;
  /** Region id of the vendor, exactly as the API spells it (`us-east-1`). */
  readonly region: string;
}

/**
 * Validates declared expectations against the authority and normalizes them.
 *
 * Vendors and regions must match exactly (as the API compares them); a near miss is an error whose message
 * says what was probably meant. IPs may be in any valid notation; two entries for the same address
 * (after normalization) are rejected, since they could not both hold.
 *
 * @returns the expectations with canonical IPs, in the package's mapping order (IPv4 then IPv6, numeric)
 * @throws {@link InvalidExpectationError} listing every bad entry
 */
export function validateExpectations(
  expectations: readonly ExpectedMapping[],
  authority: RegionAuthority,
): ExpectedMapping[] {
  const problems: ExpectationProblem[] = [];
  const firstIndexOf = new Map<string, number>();
  const normalized: ExpectedMapping[] = [];
  expectations.forEach((e, i) => {
    const at = `expect[${i}]`;
    if (typeof e.originIp !== 'string' || !isIp(e.originIp)) {
      problems.push({
        field: `${at}.originIp`,
        message: `"${String(e.originIp)}" is not an IPv4 or IPv6 address; give a literal address such as 192.0.2.1 or 2001:db8::1`,
      });
    } else {
      const ip = canonicalIp(e.originIp, `${at}.originIp`);
      const first = firstIndexOf.get(ip);
      if (first !== undefined) {
        problems.push({
          field: `${at}.originIp`,
          message: `${ip} is already expected by expect[${first}]; keep one entry per origin IP`,
        });
      } else {
        firstIndexOf.set(ip, i);
        normalized.push({ originIp: ip, vendor: e.vendor, region: e.region });
      }
    }
    const bad = describeVendorOrRegion(authority, String(e.vendor), String(e.region));
    if (bad !== undefined) {
      const field = `${at}.${bad.field}`;
      problems.push(
        bad.suggestion === undefined
          ? { field, message: bad.problem }
          : { field, message: bad.problem, suggestion: bad.suggestion },
      );
    }
  });
  if (problems.length > 0) throw new InvalidExpectationError(problems, authority);
  return sortMappings(normalized);
}
