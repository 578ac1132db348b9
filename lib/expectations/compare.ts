import { InvalidInputError } from '../errors';
import { canonicalIp, isMappableIp } from '../model/ip';
import type { OriginCloudRegionMapping } from '../model/mapping';
import { sortMappings } from '../model/order';
import { quoteForMessage } from '../sinks/terminal';
import { own } from '../model/record';
import { textProblem } from '../files/values';

/** Where the code says an origin runs: declared by the user, compared with the live list. */
export interface Expectation {
  /** Origin IP address; any valid notation is accepted and normalized to canonical form. */
  readonly originIp: string;
  /** Cloud vendor, for example `aws`. */
  readonly vendor: string;
  /** Vendor region identifier, for example `us-east-1`. */
  readonly region: string;
}

/** An origin mapped to another vendor or region than expected. */
export interface MismatchedExpectation {
  /** Canonical origin IP. */
  readonly originIp: string;
  /** The vendor and region the expectation says. */
  readonly expected: Pick<Expectation, 'vendor' | 'region'>;
  /** The vendor and region the live list maps the origin to. */
  readonly actual: Pick<Expectation, 'vendor' | 'region'>;
}

/** The live list compared with the expectations. Every list is in `sortMappings` order. */
export interface ExpectationDrift {
  /** True when nothing is missing or mismatched (and, when reported, nothing is unexpected). */
  readonly inSync: boolean;
  /** Expected origins that have no mapping. */
  readonly missing: readonly Expectation[];
  /** Expected origins mapped to another vendor or region. */
  readonly mismatched: readonly MismatchedExpectation[];
  /** Mapped origins nobody expected; always empty unless `reportUnexpected` is set. */
  readonly unexpected: readonly OriginCloudRegionMapping[];
}

/** Options of {@link compareWithExpectations}. */
export interface CompareOptions {
  /** Report mappings that no expectation names (off in callers by default: a zone may hold origins managed elsewhere). */
  readonly reportUnexpected: boolean;
}

/**
 * The expectations with canonical IPs, sorted; `field` names the list in messages (`expect`, a file path).
 * @throws {@link InvalidInputError} for an entry that is not `{ originIp, vendor, region }` or repeats an origin
 */
export function normalizeExpectations(input: readonly Expectation[], field = 'expect'): Expectation[] {
  if (!Array.isArray(input)) {
    throw new InvalidInputError(field, `${field} must be a list of { originIp, vendor, region }. Pass an array.`);
  }
  const seen = new Map<string, number>();
  const out: Expectation[] = [];
  input.forEach((raw: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      throw new InvalidInputError(at, `${at} must be an object { originIp, vendor, region }. Fix that entry.`);
    }
    const e = raw as Record<string, unknown>;
    for (const key of ['originIp', 'vendor', 'region'] as const) {
      const value = own(e, key);
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidInputError(`${at}.${key}`, `${at}.${key} must be a non-empty string. Fix that entry.`);
      }
      // The same rules as values from the API: they end up in tables, reports and Terraform outputs.
      const problem = textProblem(value);
      if (problem !== undefined) {
        throw new InvalidInputError(
          `${at}.${key}`,
          `${at}.${key} ${problem}. Write the value as the Cloudflare API spells it (for example us-east-1).`,
        );
      }
    }
    const ipText = own(e, 'originIp') as string;
    if (!isMappableIp(ipText)) {
      throw new InvalidInputError(
        `${at}.originIp`,
        `${at}.originIp "${quoteForMessage(ipText, 60)}" is not an IPv4 or IPv6 address. Give a literal address such as 192.0.2.1 or 2001:db8::1.`,
      );
    }
    const originIp = canonicalIp(ipText, `${at}.originIp`);
    const first = seen.get(originIp);
    if (first !== undefined) {
      throw new InvalidInputError(
        `${at}.originIp`,
        `Origin IP ${originIp} is expected twice (${field}[${first}] and ${at}). Keep one entry per origin.`,
      );
    }
    seen.set(originIp, i);
    out.push({ originIp, vendor: own(e, 'vendor') as string, region: own(e, 'region') as string });
  });
  return sortMappings(out);
}

/**
 * Compares the live mappings with the expectations, by canonical origin IP and exact vendor and region; validating
 * vendors and regions is the caller's job.
 * @throws {@link InvalidInputError} as {@link normalizeExpectations} does
 */
export function compareWithExpectations(
  live: readonly OriginCloudRegionMapping[],
  expected: readonly Expectation[],
  options: CompareOptions,
): ExpectationDrift {
  const expectations = normalizeExpectations(expected);
  const liveByIp = new Map<string, OriginCloudRegionMapping>();
  // The client hands out canonical IPs; canonicalize anyway so a hand-built list compares the same.
  for (const m of live) liveByIp.set(isMappableIp(m.originIp) ? canonicalIp(m.originIp) : m.originIp, m);
  const missing: Expectation[] = [];
  const mismatched: MismatchedExpectation[] = [];
  const expectedIps = new Set<string>();
  for (const e of expectations) {
    expectedIps.add(e.originIp);
    const actual = liveByIp.get(e.originIp);
    if (actual === undefined) missing.push(e);
    else if (actual.vendor !== e.vendor || actual.region !== e.region) {
      mismatched.push({
        originIp: e.originIp,
        expected: { vendor: e.vendor, region: e.region },
        actual: { vendor: actual.vendor, region: actual.region },
      });
    }
  }
  const unexpected: OriginCloudRegionMapping[] = [];
  if (options.reportUnexpected) {
    for (const [ip, m] of liveByIp) {
      if (!expectedIps.has(ip)) unexpected.push(ip === m.originIp ? m : { ...m, originIp: ip });
    }
  }
  return {
    inSync: missing.length === 0 && mismatched.length === 0 && unexpected.length === 0,
    missing,
    mismatched,
    unexpected: sortMappings(unexpected),
  };
}
