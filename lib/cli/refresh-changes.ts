import type { RecordedVerdict, RegionSupport, SupportChange, VerdictChange } from '../reports/report';
import { verifyZone, type LoadedIpRanges } from '../ipranges';
import type { FeedVendor } from '../ipranges/types';
import type { Verdict, VerifiableMapping } from '../ipranges/verdict';
import { compareIps } from '../model/ip';
import { placementOf } from '../model/mapping';
import { compareCodeUnits } from '../model/order';
import { snapshotUpperTierColos } from '../snapshot/format';
import type { ZoneSnapshot } from '../snapshot/rules';
import { ipRangesToSnapshot, type SnapshotIpRanges, type SnapshotVerdict } from '../snapshot/ip-ranges';

/** Verdicts the claimed vendor's own feed decides: no other feed can change them. */
const DECIDED_BY_CLAIMED_VENDOR = new Set<Verdict>(['confirmed', 'anycast', 'vendor_only', 'region_mismatch']);

/**
 * The verdicts of `mappings` against the loaded feeds, except where a feed that could not be read might have
 * decided it: there the recorded verdict is `kept`, as long as the mapping kept its vendor and region.
 * `vendor_mismatch` needs the claimed vendor's feed (its listing would win); `unpublished` and `unverified` need
 * every feed. The failed vendors keep their recorded feed versions, so a feed outage alone never rewrites a snapshot.
 */
export function recheckVerdicts(
  loaded: LoadedIpRanges,
  mappings: readonly VerifiableMapping[],
  previous: ZoneSnapshot | undefined,
): { readonly ipRanges: SnapshotIpRanges; readonly kept: number; readonly failedFeeds: readonly FeedVendor[] } {
  const fresh = ipRangesToSnapshot(verifyZone(loaded, mappings));
  const failedFeeds = loaded.feeds.filter((f) => f.status === 'failed').map((f) => f.vendor);
  const recorded = previous?.ipRanges;
  if (failedFeeds.length === 0 || recorded === undefined) return { ipRanges: fresh, kept: 0, failedFeeds };
  const failed = new Set<string>(failedFeeds);
  const old = new Map(recorded.verdicts.map((v) => [v.origin_ip, v]));
  const claimed = new Map(previous!.mappings.map((m) => [m.origin_ip, placementOf(m)]));
  let kept = 0;
  const verdicts = fresh.verdicts.map((v, i): SnapshotVerdict => {
    const m = mappings[i];
    const before = old.get(v.origin_ip);
    const unchanged = claimed.get(v.origin_ip) === placementOf(m);
    const trusted =
      DECIDED_BY_CLAIMED_VENDOR.has(v.verdict) || (v.verdict === 'vendor_mismatch' && !failed.has(m.vendor));
    if (before === undefined || !unchanged || trusted) return v;
    kept += 1;
    return before;
  });
  const feeds = { ...fresh.feeds };
  for (const vendor of failedFeeds) feeds[vendor] = recorded.feeds[vendor];
  return { ipRanges: { feeds, verdicts }, kept, failedFeeds };
}

/**
 * The origins on both sides whose recorded verdict (or its published location) differs, sorted by IP; `null` on a
 * side without recorded verdicts. An origin on one side only is the mapping diff's.
 */
export function verdictChanges(before: ZoneSnapshot, after: ZoneSnapshot): VerdictChange[] {
  if (before.ipRanges === undefined && after.ipRanges === undefined) return [];
  const beforeIps = new Set(before.mappings.map((m) => m.origin_ip));
  const was = verdictsByIp(before);
  const now = verdictsByIp(after);
  const out: VerdictChange[] = [];
  for (const m of after.mappings) {
    if (!beforeIps.has(m.origin_ip)) continue;
    const b = recordedOf(was.get(m.origin_ip));
    const a = recordedOf(now.get(m.origin_ip));
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    out.push({ originIp: m.origin_ip, vendor: m.vendor, region: m.region, before: b, after: a });
  }
  return out.sort((x, y) => compareIps(x.originIp, y.originIp));
}

/**
 * The regions used on both sides whose support in `supported_regions` changed (no longer listed, or the list no
 * longer available), sorted. A changed upper tier is the report's own `upperTierChanges`.
 */
export function supportChanges(before: ZoneSnapshot, after: ZoneSnapshot): SupportChange[] {
  const key = (vendor: string, region: string): string => `${vendor}\u0000${region}`;
  const usedBefore = new Set(before.mappings.map((m) => key(m.vendor, m.region)));
  const used = new Map<string, { vendor: string; region: string; origins: number }>();
  for (const m of after.mappings) {
    const k = key(m.vendor, m.region);
    if (!usedBefore.has(k)) continue;
    const u = used.get(k);
    if (u === undefined) used.set(k, { vendor: m.vendor, region: m.region, origins: 1 });
    else u.origins += 1;
  }
  const out: SupportChange[] = [];
  for (const u of used.values()) {
    const b = supportOf(before, u.vendor, u.region);
    const a = supportOf(after, u.vendor, u.region);
    if (a !== b) out.push({ ...u, before: b, after: a });
  }
  return out.sort((x, y) => compareCodeUnits(x.vendor, y.vendor) || compareCodeUnits(x.region, y.region));
}

function supportOf(snapshot: ZoneSnapshot, vendor: string, region: string): RegionSupport {
  if (snapshot.supportedRegions === null) return 'unknown';
  return snapshotUpperTierColos(snapshot, vendor, region) === undefined ? 'unsupported' : 'supported';
}

function verdictsByIp(snapshot: ZoneSnapshot): Map<string, SnapshotVerdict> {
  return new Map((snapshot.ipRanges?.verdicts ?? []).map((v) => [v.origin_ip, v]));
}

function recordedOf(v: SnapshotVerdict | undefined): RecordedVerdict {
  if (v === undefined) return { verdict: null, published: null };
  return { verdict: v.verdict, published: v.published === undefined ? null : { ...v.published } };
}
