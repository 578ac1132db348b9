import type { LoadedIpRanges } from './load';
import { feedVariable, NOT_CONFIGURED } from './sources';
import { FEED_VENDORS, type FeedVendor } from './types';
import { VERDICTS, verdictFor, type IpRangeVerdict, type Verdict, type VerifiableMapping } from './verdict';

/** Each feed's version stamp, or `null` when that vendor's feed was not configured or could not be read. */
export type FeedVersions = Readonly<Record<FeedVendor, string | null>>;

/** The verdict of one mapping, with the mapping's claim (for findings) and the published location it rests on. */
export interface MappingVerdict extends VerifiableMapping, IpRangeVerdict {}

/** A zone's verification against the IP range feeds. */
export interface ZoneIpRanges {
  /** The feed versions it was checked against. */
  readonly feeds: FeedVersions;
  /** One verdict per mapping, in mapping order. */
  readonly verdicts: readonly MappingVerdict[];
  /** Problems to show as warnings, not yet terminal-safe (annotations go through `forTerminal`); not in snapshots. */
  readonly warnings: readonly string[];
}

/** The version of each loaded feed, `null` for a vendor whose feed is off or failed. */
export function feedVersionsOf(loaded: Pick<LoadedIpRanges, 'feeds'>): FeedVersions {
  const out = Object.fromEntries(FEED_VENDORS.map((v) => [v, null])) as Record<FeedVendor, string | null>;
  for (const f of loaded.feeds) out[f.vendor] = f.version ?? null;
  return out;
}

function mappingVerdict(m: VerifiableMapping, { verdict, published }: IpRangeVerdict): MappingVerdict {
  return { originIp: m.originIp, vendor: m.vendor, region: m.region, verdict, published };
}

/** Checks a zone's mappings against loaded feeds. Pure given `loaded`. */
export function verifyZone(loaded: LoadedIpRanges, mappings: readonly VerifiableMapping[]): ZoneIpRanges {
  const verdicts = mappings.map((m) => mappingVerdict(m, verdictFor(loaded.index, m)));
  return {
    feeds: feedVersionsOf(loaded),
    verdicts,
    warnings: [...loaded.warnings.map((w) => w.replace(/^warning: /, '')), ...unconfiguredFeedNotes(loaded, verdicts)],
  };
}

/**
 * For each vendor nobody configured a feed for (Azure by default), when it matters (a mapping claims that vendor,
 * or a mapping is `unverified` because the IP may be that vendor's): how to configure it. A feed set to `off` gets
 * no note: off means off.
 */
export function unconfiguredFeedNotes(
  loaded: Pick<LoadedIpRanges, 'feeds'>,
  verdicts: readonly { readonly vendor: string; readonly verdict: Verdict }[],
): string[] {
  const used = new Set(verdicts.map((m) => m.vendor));
  const unverified = verdicts.some((v) => v.verdict === 'unverified');
  return loaded.feeds
    .filter((f) => f.status === 'off' && f.source === NOT_CONFIGURED && (unverified || used.has(f.vendor)))
    .map(
      (f) =>
        `no ${f.vendor} IP range feed is configured, so ${f.vendor} mappings, and IPs no other feed lists, are unverified. Set ${feedVariable(f.vendor)} to its URL or a downloaded file, or to "off" to silence this (see docs/ip-ranges.md).`,
    );
}

/**
 * Whether a run verified nothing: no feed was loaded (every one off or failed), or a feed could not be read and
 * every verdict is `unverified`. The CLI then says so and exits 3 (see docs/ip-ranges.md), rather than passing.
 */
export function nothingVerified(
  loaded: Pick<LoadedIpRanges, 'index' | 'feeds'>,
  verdicts: readonly { readonly verdict: string }[],
): boolean {
  if (loaded.index.loadedVendors().length === 0) return true;
  const failed = loaded.feeds.some((f) => f.status === 'failed');
  return failed && verdicts.length > 0 && verdicts.every((v) => v.verdict === 'unverified');
}

/** The line the CLI prints (stderr) when {@link nothingVerified}. */
export function nothingVerifiedMessage(loaded: Pick<LoadedIpRanges, 'feeds'>): string {
  const failed = loaded.feeds.filter((f) => f.status === 'failed').map((f) => f.vendor);
  const why =
    failed.length > 0
      ? `the ${failed.join(', ')} IP range feed${failed.length === 1 ? '' : 's'} could not be read (see the warnings above)`
      : 'every IP range feed is off';
  return `nothing could be verified: ${why}. Point ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS, _GCP, _OCI or _AZURE at a readable feed and run again.`;
}

/** Verdicts recorded in a snapshot (by canonical origin IP) re-attached to the mappings; unrecorded is `unverified`. */
export function zoneFromRecorded(
  feeds: FeedVersions,
  recorded: ReadonlyMap<string, IpRangeVerdict>,
  mappings: readonly VerifiableMapping[],
  warnings: readonly string[] = [],
): ZoneIpRanges {
  const unverified: IpRangeVerdict = { verdict: 'unverified', published: null };
  return { feeds, verdicts: mappings.map((m) => mappingVerdict(m, recorded.get(m.originIp) ?? unverified)), warnings };
}

/** Every mapping `unverified` against no feed, with one warning saying why. */
export function unverifiedZone(mappings: readonly VerifiableMapping[], warning: string): ZoneIpRanges {
  return zoneFromRecorded(feedVersionsOf({ feeds: [] }), new Map(), mappings, [warning]);
}

/** The `ip_ranges` object of the `ocr_<zone>_validation` output. */
export interface IpRangesOutput {
  /** Each loaded feed's version; a feed not loaded is left out (cdktf cannot synthesize a `null` in an output). */
  readonly feeds: Record<string, string>;
  /** How many mappings got each verdict (every verdict listed, zeros too, so the shape never changes). */
  readonly verdict_counts: Record<string, number>;
  /** Origin IP → verdict, for every mapping that is not `confirmed` (confirmed ones are left out to stay small). */
  readonly not_confirmed: Record<string, string>;
}

/** The `ip_ranges` object of the `ocr_<zone>_validation` output; the construct escapes its strings for Terraform. */
export function ipRangesOutput(zone: ZoneIpRanges): IpRangesOutput {
  const feeds: Record<string, string> = {};
  for (const v of FEED_VENDORS) {
    const version = zone.feeds[v];
    if (version !== null) feeds[v] = version;
  }
  const counts: Record<string, number> = {};
  for (const v of VERDICTS) counts[v] = 0;
  const notConfirmed: Record<string, string> = {};
  for (const r of zone.verdicts) {
    counts[r.verdict] += 1;
    if (r.verdict !== 'confirmed') notConfirmed[r.originIp] = r.verdict;
  }
  return { feeds, verdict_counts: counts, not_confirmed: notConfirmed };
}
