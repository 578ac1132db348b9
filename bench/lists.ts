import type Cloudflare from 'cloudflare';
import { listZones, type OriginCloudRegionsClient } from '../lib/client';
import { canonicalIp } from '../lib/model/ip';
import { median, timed } from './stats';

/** What the benchmark needs from the emulator: its URL and request counters. */
export interface EmulatorHandle {
  readonly baseUrl: string;
  stats(): Promise<{ requests: number; maxInFlight: number }>;
  resetStats(): unknown;
}

/** One list scenario: some zones of the same size. */
export interface ListScenario {
  readonly label: string;
  readonly zoneIds: readonly string[];
  readonly mappingsPerZone: number;
  readonly runs: number;
}

/** How the SDK walks several zones. */
export type SdkZoneOrder = 'one after another' | 'Promise.all';

/** Measurements of one implementation on one scenario. */
export interface Measured {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Requests of one run (the largest seen, should runs differ). */
  readonly requests: number;
  readonly maxInFlight: number;
}

/** A row of the results: ours against one way of using the SDK. */
export interface ListResult {
  readonly scenario: ListScenario;
  readonly sdkOrder: SdkZoneOrder | undefined;
  readonly ours: Measured;
  readonly sdk: Measured;
}

type Fetcher = (zoneIds: readonly string[]) => Promise<string[]>;

/**
 * This project's client: `listMappings` for one zone, `listZones` (concurrent under the shared cap) for several.
 * One client for the whole benchmark, as one synth uses one; connections are warmed before timing.
 */
export function oursFetcher(client: OriginCloudRegionsClient): Fetcher {
  return async (zoneIds) => {
    const lists =
      zoneIds.length === 1 ? [await client.listMappings(zoneIds[0])] : await listZones(client, [...zoneIds]);
    return lists.flatMap((l) => l.mappings.map((m) => m.originIp));
  };
}

/** The official SDK the way its docs show: auto-pagination with `for await`, `per_page` 100. */
export function sdkFetcher(sdk: Cloudflare, order: SdkZoneOrder): Fetcher {
  const one = async (zoneId: string): Promise<string[]> => {
    const ips: string[] = [];
    for await (const m of sdk.cache.originCloudRegions.list({ zone_id: zoneId, per_page: 100 })) ips.push(m.origin_ip);
    return ips;
  };
  return async (zoneIds) => {
    if (order === 'Promise.all') return (await Promise.all(zoneIds.map(one))).flat();
    const all: string[] = [];
    for (const zoneId of zoneIds) all.push(...(await one(zoneId)));
    return all;
  };
}

/**
 * Runs ours and the SDK alternately (`runs` times each; who goes first alternates, so neither always
 * meets a warmer server), checks that both returned the complete, identical set of origins, and
 * reads the request counts from the emulator after every run.
 */
export async function compareOnScenario(
  emulator: EmulatorHandle,
  scenario: ListScenario,
  ours: Fetcher,
  sdk: Fetcher,
  sdkOrder: SdkZoneOrder | undefined,
  sdkRuns = scenario.runs,
): Promise<ListResult> {
  const expected = scenario.zoneIds.length * scenario.mappingsPerZone;
  const samples = { ours: [] as number[], sdk: [] as number[] };
  const counts = { ours: { requests: 0, maxInFlight: 0 }, sdk: { requests: 0, maxInFlight: 0 } };
  let oursIps: string[] | undefined;
  let sdkIps: string[] | undefined;
  for (let run = 0; run < Math.max(scenario.runs, sdkRuns); run++) {
    const order: ('ours' | 'sdk')[] = run % 2 === 0 ? ['ours', 'sdk'] : ['sdk', 'ours'];
    for (const who of order) {
      if (who === 'sdk' && run >= sdkRuns) continue;
      if (who === 'ours' && run >= scenario.runs) continue;
      await emulator.resetStats();
      const { ms, value } = await timed(() => (who === 'ours' ? ours : sdk)(scenario.zoneIds));
      const stats = await emulator.stats();
      samples[who].push(ms);
      counts[who].requests = Math.max(counts[who].requests, stats.requests);
      counts[who].maxInFlight = Math.max(counts[who].maxInFlight, stats.maxInFlight);
      if (value.length !== expected) {
        throw new Error(`${scenario.label}: ${who} returned ${value.length} mappings, expected ${expected}`);
      }
      if (who === 'ours') oursIps ??= value;
      else sdkIps ??= value;
    }
  }
  assertSameOrigins(scenario.label, oursIps!, sdkIps!);
  const measured = (who: 'ours' | 'sdk'): Measured => ({
    medianMs: median(samples[who]),
    runsMs: samples[who],
    ...counts[who],
  });
  return { scenario, sdkOrder, ours: measured('ours'), sdk: measured('sdk') };
}

function assertSameOrigins(label: string, ours: readonly string[], sdk: readonly string[]): void {
  const a = [...ours].sort();
  const b = sdk.map((ip) => canonicalIp(ip)).sort();
  if (a.length !== b.length || a.some((ip, i) => ip !== b[i])) {
    throw new Error(`${label}: this client and the SDK returned different origins`);
  }
}
