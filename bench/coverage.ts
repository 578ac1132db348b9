/**
 * What coverage adds to a zone's lookup, side by side: a zone of 3,500 mappings and 5,000 proxied DNS records (no
 * load balancer), listed alone, then listed while its origins are read, and classified against the IP range feeds.
 * Bound (issue #25): at most 2 more requests and 100 ms more CPU (medians, this process's user + system time; the
 * emulator runs in a child process).
 *
 *   npm run bench -- --parts coverage        (or: npx tsx bench/coverage.ts)
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OriginCloudRegionsClient } from '../lib/client';
import { classifyCoverage, collectZoneOrigins } from '../lib/coverage';
import { generateMappings, type EmulatorDnsRecord } from '../lib/emulator';
import { startEmulatorProcess } from '../lib/emulator/process';
import { BUNDLED_SEEDS_DIR } from '../lib/emulator/seed';
import { loadIpRanges, locateIp } from '../lib/ipranges';
import type { OriginCloudRegionMapping } from '../lib/model/mapping';
import { formatMs, median } from './stats';

const TOKEN = 'bench-emulator-token-not-a-secret';
const ZONE = 'c0ffee00c0ffee00c0ffee00c0ffee00';
/** The bounds of issue #25. */
export const COVERAGE_BOUNDS = { requests: 2, cpuMs: 100 } as const;

/** Options of {@link measureCoverage}. */
export interface CoverageBenchOptions {
  /** Timed runs of each side; the median is reported. @default 5 */
  readonly runs?: number;
  /** Emulator latency, ms. @default 50 */
  readonly latencyMs?: number;
  /** Proxied DNS records of the zone. @default 5000 */
  readonly records?: number;
}

interface Side {
  readonly ms: number;
  readonly cpuMs: number;
  readonly requests: number;
}

async function timeSide(runs: number, baseUrl: string, work: (client: OriginCloudRegionsClient) => Promise<unknown>) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let requests = 0;
  for (let run = 0; run < runs; run++) {
    const client = new OriginCloudRegionsClient({ baseUrl, apiToken: TOKEN });
    try {
      const used = process.cpuUsage();
      const t = performance.now();
      await work(client);
      wall.push(performance.now() - t);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
      requests = client.requestsSent;
    } finally {
      await client.close();
    }
  }
  return { ms: median(wall), cpuMs: median(cpu), requests };
}

/** Measures the lookup without and with coverage; returns a Markdown section for the bench report. */
export async function measureCoverage(options: CoverageBenchOptions = {}): Promise<string> {
  const runs = options.runs ?? 5;
  const records = options.records ?? 5000;
  const mappings = generateMappings(3500, 7);
  // Most records point at mapped origins, the rest at addresses with no mapping.
  const dnsRecords: EmulatorDnsRecord[] = Array.from({ length: records }, (_, i) => ({
    type: 'A',
    name: `host-${i}.example.com`,
    content: i < 3000 ? mappings[i % mappings.length].origin_ip : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  }));
  const feeds = join(BUNDLED_SEEDS_DIR, 'ip-ranges');
  const loaded = await loadIpRanges({
    env: Object.fromEntries(
      ['aws', 'gcp', 'oci', 'azure'].map((v) => [
        `ORIGIN_CLOUD_REGIONS_IP_RANGES_${v.toUpperCase()}`,
        join(feeds, `${v}.json`),
      ]),
    ),
  });
  const emulator = await startEmulatorProcess({
    seed: { zones: { [ZONE]: { mappings, dnsRecords } }, credentials: { tokens: [TOKEN] } },
    latencyMs: options.latencyMs ?? 50,
  });
  const place = (ip: string) => locateIp(loaded.index, ip);
  let lookup: Side;
  let withCoverage: Side;
  let alone: Side;
  try {
    lookup = await timeSide(runs, emulator.baseUrl, (client) => client.listMappings(ZONE));
    withCoverage = await timeSide(runs, emulator.baseUrl, async (client) => {
      const [list, origins] = await Promise.all([client.listMappings(ZONE), collectZoneOrigins(client, ZONE)]);
      return classifyCoverage(origins, list.mappings, place);
    });
    // Coverage's own work, with the mappings at hand: the part of the difference that is not noise.
    let listed: readonly OriginCloudRegionMapping[] = [];
    await timeSide(1, emulator.baseUrl, async (client) => (listed = (await client.listMappings(ZONE)).mappings));
    alone = await timeSide(runs, emulator.baseUrl, async (client) =>
      classifyCoverage(await collectZoneOrigins(client, ZONE), listed, place),
    );
  } finally {
    await emulator.stop();
  }
  const extraRequests = withCoverage.requests - lookup.requests;
  const extraCpu = withCoverage.cpuMs - lookup.cpuMs;
  const ok = (met: boolean): string => (met ? 'within' : '**over**');
  return [
    `### Coverage: one zone, 3,500 mappings, ${records.toLocaleString('en-US')} proxied DNS records (${runs} runs, medians, ${options.latencyMs ?? 50} ms latency)`,
    '',
    '| | Requests | Wall | CPU |',
    '| --- | --- | --- | --- |',
    `| Lookup (list) | ${lookup.requests} | ${formatMs(lookup.ms)} | ${formatMs(lookup.cpuMs)} |`,
    `| Lookup + coverage (collect, classify) | ${withCoverage.requests} | ${formatMs(withCoverage.ms)} | ${formatMs(withCoverage.cpuMs)} |`,
    `| Coverage alone (collect, classify) | ${alone.requests} | ${formatMs(alone.ms)} | ${formatMs(alone.cpuMs)} |`,
    `| Added | ${extraRequests} (${ok(extraRequests <= COVERAGE_BOUNDS.requests)} ${COVERAGE_BOUNDS.requests}) | ${formatMs(withCoverage.ms - lookup.ms)} | ${formatMs(extraCpu)} (${ok(extraCpu <= COVERAGE_BOUNDS.cpuMs)} ${COVERAGE_BOUNDS.cpuMs} ms) |`,
  ].join('\n');
}

if (require.main === module) {
  measureCoverage().then(
    (text) => process.stdout.write(`${text}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
