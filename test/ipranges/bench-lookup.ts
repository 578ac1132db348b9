/**
 * Measures the cost of verdicts after loading: 3,500 mappings against four synthetic feeds the size of the real
 * ones (AWS ~9,000 IPv4 + 3,500 IPv6 prefixes, Azure ~20,000, Google ~900, Oracle ~800), generated from a seed.
 * Not a test (no assertions); run with `node --import tsx test/ipranges/bench-lookup.ts`.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../lib/emulator';
import { PrefixIndex, parseFeed, verdictFor, type FeedVendor, type IpRangeFeed } from '../../lib/ipranges';
import { awsFeed, azureFeed, gcpFeed, ociFeed } from './feeds';

const random = seededRandom(15);
const int = (n: number): number => Math.floor(random() * n);

function v4(length: number): string {
  const n = int(0x100000000);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${length}`;
}
function v6(length: number): string {
  const groups = Array.from({ length: 8 }, (_, i) => (i * 16 < length ? int(0x10000) : 0));
  const bits = length % 16;
  const last = Math.floor(length / 16);
  if (bits !== 0 && last < 8) groups[last] &= (0xffff << (16 - bits)) & 0xffff;
  for (let i = last + (bits === 0 ? 0 : 1); i < 8; i++) groups[i] = 0;
  return `${groups.map((g) => g.toString(16)).join(':')}/${length}`;
}
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1', 'sa-east-1', 'GLOBAL'];

const texts: Record<FeedVendor, string> = {
  aws: awsFeed(
    Array.from({ length: 9000 }, () => [v4(pick([16, 18, 20, 21, 22, 23, 24, 24, 24, 25, 26, 27, 28])), pick(regions)]),
    Array.from({ length: 3500 }, () => [v6(pick([40, 44, 48, 52, 56, 64])), pick(regions)]),
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
    westeurope: Array.from({ length: 10000 }, () =>
      random() < 0.7 ? v4(pick([15, 16, 20, 22, 24, 27, 28, 30])) : v6(pick([36, 44, 48, 64])),
    ),
    centralfrance: Array.from({ length: 10000 }, () =>
      random() < 0.7 ? v4(pick([15, 16, 20, 22, 24, 27, 28, 30])) : v6(pick([36, 44, 48, 64])),
    ),
  }),
};

let started = performance.now();
const feeds: IpRangeFeed[] = (Object.keys(texts) as FeedVendor[]).map((v) => parseFeed(v, texts[v], 'bench'));
const parseMs = performance.now() - started;
started = performance.now();
const index = PrefixIndex.build(feeds);
const buildMs = performance.now() - started;

// 3,500 mappings: 80 % inside some published prefix (an address inside it), 20 % anywhere; half IPv6 half IPv4.
const all = feeds.flatMap((f) => f.prefixes.map((p) => ({ vendor: f.vendor, prefix: p.prefix })));
const mappings = Array.from({ length: 3500 }, () => {
  const base = pick(all);
  const [net] = base.prefix.split('/');
  let ip = net;
  if (random() < 0.2) ip = v4(32).replace('/32', '');
  else if (net.includes(':'))
    ip = net.replace(/::$/, '::' + int(0xffff).toString(16)).replace(/:0$/, ':' + int(0xffff).toString(16));
  else ip = net.replace(/\d+$/, (d) => String(Math.min(255, Number(d) + int(2))));
  return { originIp: ip, vendor: pick(['aws', 'gcp', 'oci', 'azure']), region: 'us-east-1' };
});

// Collect the loading's garbage first when allowed (node --expose-gc), so the runs time the lookups alone.
(globalThis as { gc?: () => void }).gc?.();
const runs: number[] = [];
const cpu: number[] = [];
const counts = new Map<string, number>();
for (let run = 0; run < 7; run++) {
  // CPU time too: on a shared machine the wall clock includes time spent waiting for a core.
  const cpuStart = process.cpuUsage();
  started = performance.now();
  for (const m of mappings) {
    const v = verdictFor(index, m).verdict;
    if (run === 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  runs.push(performance.now() - started);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
}
const sorted = [...runs].sort((a, b) => a - b);
process.stdout.write(
  [
    `prefixes: ${feeds.map((f) => `${f.vendor} ${f.prefixes.length}`).join(', ')}`,
    `parse (all four feeds): ${parseMs.toFixed(1)} ms; index build: ${buildMs.toFixed(1)} ms`,
    `3,500 verdicts: first run ${runs[0].toFixed(1)} ms, median of 7 ${sorted[3].toFixed(1)} ms (wall clock)`,
    `3,500 verdicts: first run ${cpu[0].toFixed(1)} ms, median of 7 ${[...cpu].sort((a, b) => a - b)[3].toFixed(1)} ms (CPU time)`,
    `verdicts: ${[...counts.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  ].join('\n') + '\n',
);
