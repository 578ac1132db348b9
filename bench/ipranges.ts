/**
 * The cost of IP range verification (`verifyIpRanges`) at 3,500 mappings against all four feeds:
 * - loading: the four feeds downloaded from the emulator over loopback, validated, indexed and cached (cold), and
 *   revalidated with conditional requests (`304`, the cached copies parsed again: every later process);
 * - after loading: what one zone's lookup adds (a verdict per mapping, the mismatch findings, the `ip_ranges`
 *   output and the snapshot's `ipRanges` field).
 * Synthetic feeds the size of the real ones (AWS 9,000 IPv4 + 3,500 IPv6 prefixes, Azure 20,000, Google 900,
 * Oracle 800), generated from a seed.
 *
 *   npm run bench -- --parts ipranges        (or: npx tsx bench/ipranges.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloudflareApiEmulator, seededRandom } from '../lib/emulator';
import { ipRangesOutput, loadIpRanges, verifyZone, type FeedVendor, type LoadedIpRanges } from '../lib/ipranges';
import { ipRangesToSnapshot } from '../lib/snapshot/ip-ranges';
import { ipRangeFindings } from '../lib/validate';
import { awsFeed, azureFeed, gcpFeed, ociFeed } from '../test/ipranges/feeds';
import { median } from './stats';

const MAPPINGS = 3500;

/** Options of {@link measureIpRanges}. */
export interface IpRangesBenchOptions {
  /** Timed runs of each measurement; the median is reported. @default 5 */
  readonly runs?: number;
}

/** Measures loading and the per-zone cost; returns a Markdown section for the bench report. */
export async function measureIpRanges(options: IpRangesBenchOptions = {}): Promise<string> {
  const runs = options.runs ?? 5;
  const random = seededRandom(15);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const v4 = (length: number): string => {
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    const net = (int(0x100000000) & mask) >>> 0;
    return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${length}`;
  };
  const v6 = (length: number): string => {
    const groups = Array.from({ length: 8 }, (_, i) => (i * 16 < length ? int(0x10000) : 0));
    const last = Math.floor(length / 16);
    if (length % 16 !== 0) groups[last] &= (0xffff << (16 - (length % 16))) & 0xffff;
    return `${groups.map((g) => g.toString(16)).join(':')}/${length}`;
  };
  const awsRegions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1', 'sa-east-1', 'GLOBAL'];
  const azureV = (): string => (random() < 0.7 ? v4(pick([15, 16, 20, 22, 24, 27, 28, 30])) : v6(pick([36, 44, 48])));
  const texts: Record<FeedVendor, string> = {
    aws: awsFeed(
      Array.from({ length: 9000 }, () => [v4(pick([16, 18, 20, 22, 24, 24, 24, 25, 26, 27, 28])), pick(awsRegions)]),
      Array.from({ length: 3500 }, () => [v6(pick([40, 44, 48, 52, 56])), pick(awsRegions)]),
    ),
    gcp: gcpFeed(
      Array.from({ length: 900 }, () => [
        random() < 0.8 ? v4(pick([16, 19, 20, 22])) : v6(pick([32, 44, 48])),
        pick(['us-central1', 'europe-west4', 'global']),
      ]),
    ),
    oci: ociFeed({
      'us-ashburn-1': Array.from({ length: 400 }, () => v4(pick([16, 17, 18, 20]))),
      'eu-frankfurt-1': Array.from({ length: 400 }, () => v4(pick([16, 17, 18, 20]))),
    }),
    azure: azureFeed({
      westeurope: Array.from({ length: 10000 }, azureV),
      francecentral: Array.from({ length: 10000 }, azureV),
    }),
  };

  const emulator = await CloudflareApiEmulator.start({ seed: { zones: {} } });
  const dirs: string[] = [];
  const cacheDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'ocr-bench-ipranges-'));
    dirs.push(d);
    return d;
  };
  try {
    for (const [vendor, text] of Object.entries(texts)) emulator.ipRangeFeeds.set(`${vendor}.json`, text);
    const env = (dir: string): Record<string, string> => ({
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: dir,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: emulator.ipRangeFeedUrl('aws.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: emulator.ipRangeFeedUrl('gcp.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: emulator.ipRangeFeedUrl('oci.json'),
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: emulator.ipRangeFeedUrl('azure.json'),
    });

    // Loading, cold (a fresh cache folder each run) and revalidated (304 from the emulator, the cache parsed).
    const cold: number[] = [];
    const warm: number[] = [];
    let loaded: LoadedIpRanges | undefined;
    for (let run = 0; run < runs; run++) {
      const dir = cacheDir();
      let t = performance.now();
      loaded = await loadIpRanges({ env: env(dir) });
      cold.push(performance.now() - t);
      t = performance.now();
      const again = await loadIpRanges({ env: env(dir) });
      warm.push(performance.now() - t);
      if (!again.feeds.every((f) => f.status === 'not_modified')) throw new Error('the feeds were not revalidated');
    }
    if (loaded === undefined || loaded.warnings.length > 0) throw new Error(`feeds: ${loaded?.warnings.join('; ')}`);
    const index = loaded.index;

    // 3,500 mappings: 80 % inside a published prefix (nine in ten of those claiming the publishing vendor, the
    // published region 95 % of the time), the rest anywhere.
    const published = Object.keys(texts) as FeedVendor[];
    const regionsOf: Record<FeedVendor, string[]> = {
      aws: awsRegions.slice(0, 5),
      gcp: ['us-central1', 'europe-west4'],
      oci: ['us-ashburn-1', 'eu-frankfurt-1'],
      azure: ['westeurope', 'francecentral'],
    };
    const mappings = Array.from({ length: MAPPINGS }, () => {
      const vendor = pick(published);
      const region = pick(regionsOf[vendor]);
      const ip = random() < 0.5 ? v4(32).replace('/32', '') : v6(128).replace('/128', '');
      return { originIp: ip, vendor, region };
    });
    // Addresses inside published prefixes: probe random addresses until 80 % of the mappings hit a prefix.
    let inside = 0;
    for (let i = 0; i < mappings.length && inside < MAPPINGS * 0.8; i++) {
      for (let tries = 0; tries < 2000; tries++) {
        const ip = v4(32).replace('/32', '');
        const hit = index.lookupAll(ip)[0];
        if (hit === undefined) continue;
        const claimVendor = random() < 0.9 ? hit.vendor : pick(published);
        mappings[i] = { originIp: ip, vendor: claimVendor, region: random() < 0.95 ? hit.regions[0] : 'us-east-1' };
        inside++;
        break;
      }
    }

    const verdictsOnly: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const cpu = process.cpuUsage();
      verifyZone(loaded, mappings);
      const used = process.cpuUsage(cpu);
      verdictsOnly.push((used.user + used.system) / 1000);
    }
    const perZone: number[] = [];
    const perZoneCpu: number[] = [];
    const counts = new Map<string, number>();
    let outputBytes = 0;
    let snapshotBytes = 0;
    for (let run = 0; run < runs + 1; run++) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      const zone = verifyZone(loaded, mappings);
      const findings = ipRangeFindings(zone.verdicts);
      const output = ipRangesOutput(zone);
      const snapshot = ipRangesToSnapshot(zone);
      perZone.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      perZoneCpu.push((used.user + used.system) / 1000);
      if (run === 0) {
        for (const v of zone.verdicts) counts.set(v.verdict, (counts.get(v.verdict) ?? 0) + 1);
        outputBytes = JSON.stringify(output).length;
        snapshotBytes = JSON.stringify(snapshot, null, 2).length;
        counts.set('findings', findings.length);
      }
    }
    const ms = (n: number): string => `${n.toFixed(1)} ms`;
    const sizes = Object.entries(texts)
      .map(([v, t]) => `${v} ${(t.length / 1e6).toFixed(2)} MB`)
      .join(', ');
    return [
      '## IP range verification (3,500 mappings, four feeds)',
      '',
      `Synthetic feeds the size of the real ones in prefixes (AWS 12,500, Azure 20,000, Google 900, Oracle 800; ${sizes}), served by the emulator over loopback. Median of ${runs} runs; wall clock, and CPU time where the machine is shared.`,
      '',
      '| measurement | time |',
      '| --- | --- |',
      `| loading, cold: download, validate, index, write the cache (once per process) | ${ms(median(cold))} |`,
      `| loading, revalidated: four \`304\`s, the cached copies parsed and indexed (once per process) | ${ms(median(warm))} |`,
      `| per zone after loading: verdicts + findings + \`ip_ranges\` output + snapshot field, first run | ${ms(perZone[0])} (CPU ${ms(perZoneCpu[0])}) |`,
      `| per zone after loading, warm (median) | ${ms(median(perZone.slice(1)))} (CPU ${ms(median(perZoneCpu.slice(1)))}) |`,
      `| of which the 3,500 verdicts alone (CPU; first run, then median) | ${ms(verdictsOnly[0])}, ${ms(median(verdictsOnly.slice(1)))} |`,
      '',
      `Verdicts: ${[...counts.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}. The \`ip_ranges\` output is ${outputBytes.toLocaleString('en-US')} bytes, the snapshot's \`ipRanges\` field ${snapshotBytes.toLocaleString('en-US')} bytes.`,
    ].join('\n');
  } finally {
    await emulator.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureIpRanges().then(
    (text) => process.stdout.write(`${text}\n`),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
