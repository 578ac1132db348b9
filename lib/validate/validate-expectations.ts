import { InvalidExpectationError, type ExpectationProblem } from '../errors';
import type { Expectation } from '../expectations/compare';
import { canonicalIp, isIp } from '../model/ip';
import { sortMappings } from '../model/order';
import type { RegionAuthority } from './authority';
import { describeVendorOrRegion } from './validate-mappings';

/**
 * The expectations with canonical IPs, in `sortMappings` order. Vendors and regions must match exactly, as the API
 * compares them; two entries for one address could not both hold.
 * @throws {@link InvalidExpectationError} listing every bad entry, with what was probably meant
 */
export function validateExpectations(expectations: readonly Expectation[], authority: RegionAuthority): Expectation[] {
  const problems: ExpectationProblem[] = [];
  const firstIndexOf = new Map<string, number>();
  const normalized: Expectation[] = [];
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
