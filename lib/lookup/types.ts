import type { ClientOptions } from '../client/options';
import type { ZoneCoverage } from '../coverage/types';
import type { ZoneIpRanges } from '../ipranges/zone';
import type { OriginCloudRegionMapping } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import type { ValidationFinding } from '../validate/validate-mappings';

/**
 * Client options a lookup accepts: every {@link ClientOptions} field except `debug`, because a
 * lookup may run in a worker thread and a function cannot cross that boundary.
 */
export type LookupClientOptions = Omit<ClientOptions, 'debug'>;

/**
 * One zone to look up with {@link lookupZones}. The options mean what the construct's props of the same names mean;
 * `offline`, `snapshotDir`, `verifyIpRanges` and `coverage` default to their environment variables (docs/options.md).
 */
export interface ZoneLookupRequest {
  /** The zone id, 32 lowercase hexadecimal characters. */
  readonly zoneId: string;
  /** How to reach the API (credentials, base URL, timeouts). */
  readonly client?: LookupClientOptions;
  /** Write a snapshot after an online lookup: `true` for `<snapshotDir>/<zoneId>.json`, or the file's path. */
  readonly snapshot?: boolean | string;
  /** Read the zone's snapshot instead of calling the API. */
  readonly offline?: boolean;
  /** A short name for the zone, written into the snapshot so reports can show it. */
  readonly label?: string;
  /** Folder of the snapshots named `<zoneId>.json`, relative to the working directory. */
  readonly snapshotDir?: string;
  /** Check every mapping against the clouds' published IP ranges; offline, with the verdicts the snapshot recorded. */
  readonly verifyIpRanges?: boolean;
  /** Also read and classify the zone's origins (docs/coverage.md); offline, those the snapshot recorded. */
  readonly coverage?: boolean;
}

/** Which list the mappings were validated against, and why. */
export interface LookupAuthority {
  /** `supported_regions`: the zone's live list; `catalog`: the bundled catalog of cloud regions. */
  readonly kind: 'supported_regions' | 'catalog';
  /** One sentence: what was used and, for a fallback, why (for example `supported_regions unavailable: HTTP 403 ...`). */
  readonly reason: string;
  /** The error code that made the lookup fall back to the catalog (for example `OCR_CLOUDFLARE_API`), when one did. */
  readonly fallbackCode?: string;
}

/**
 * The validated result of one zone's lookup. Deterministic: it never depends on the order the API
 * used or on when the data was fetched.
 */
export interface ZoneLookupResult {
  /** The zone id. */
  readonly zoneId: string;
  /** Every mapping of the zone, IPs canonical, in `sortMappings` order (IPv4 then IPv6, numeric). */
  readonly mappings: readonly OriginCloudRegionMapping[];
  /** The zone's supported regions, or `undefined` when they were unavailable (then `authority.kind` is `catalog`). */
  readonly supportedRegions: SupportedRegions | undefined;
  /** Which list validated the mappings. */
  readonly authority: LookupAuthority;
  /** Problems found in the mappings (unknown vendor or region, non-canonical IP), sorted. */
  readonly findings: readonly ValidationFinding[];
  /** Where the data came from: the live API or a snapshot file. */
  readonly source: 'api' | 'snapshot';
  /** The snapshot file that was read (offline) or written (`snapshot` set); absolute. */
  readonly snapshotPath?: string;
  /** The feed versions and each mapping's verdict, when `verifyIpRanges` is on. */
  readonly ipRanges?: ZoneIpRanges;
  /** The zone's coverage, when `coverage` is on; its findings are in {@link findings}. */
  readonly coverage?: LookupCoverage;
}

/** A lookup's coverage: the classified report, and what could not be checked. */
export interface LookupCoverage {
  /** Origins without a mapping, mappings without an origin, hostnames, and the sources that could not be read. */
  readonly report: ZoneCoverage;
  /**
   * Problems to show as warnings (a feed that could not be read or is not configured, a snapshot without origins).
   * The sources that could not be read are in `report.missing`. Not recorded in snapshots.
   */
  readonly warnings: readonly string[];
}

/** The outcome of one request of a batch: its result, or the error that stopped it. */
export type ZoneLookupOutcome =
  | {
      /** The lookup succeeded. */
      readonly ok: true;
      /** Its result. */
      readonly result: ZoneLookupResult;
    }
  | {
      /** The lookup failed. */
      readonly ok: false;
      /** What stopped it (an `OriginCloudRegionsError` for every failure this package expects). */
      readonly error: unknown;
    };

/** Every result of a settled batch, or the first failure in request order thrown. */
export function resultsOrFirstFailure(outcomes: readonly ZoneLookupOutcome[]): ZoneLookupResult[] {
  const results: ZoneLookupResult[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) throw outcome.error;
    results.push(outcome.result);
  }
  return results;
}
