/**
 * `npm run bench`, in one run: `cdktf synth` of main.ts at 1, 10 and 50 zones × 3,500 mappings with and without
 * the lookup; whole-process `list` (the built CLI) against the official `cloudflare` SDK at 0, 50, 100 and 200 ms;
 * and the in-process lookups against the SDK. All against the bundled emulator with injected latency.
 *
 *   npm run bench -- [--parts synth,process,inproc,ipranges,sizes,coverage] [--zones 1,10,50] [--latencies 0,50,100,200] [--latency-ms 50]
 *                    [--runs 5] [--synth-runs 2] [--process-runs 7] [--concurrency N] [--quick]
 *
 * The emulator runs in a child process, so its work does not share this process's event loop with the
 * clients being timed, and so the synth (a blocking lookup in another process) can reach it.
 */
import Cloudflare from 'cloudflare';
import { VERSION as SDK_VERSION } from 'cloudflare/version';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OriginCloudRegionsClient } from '../lib/client';
import { defaultSupportedRegions, generateMappings, type EmulatorSeed } from '../lib/emulator';
import { startEmulatorProcess } from '../lib/emulator/process';
import { compareOnScenario, oursFetcher, sdkFetcher, type ListResult, type ListScenario } from './lists';
import { measureProcessLists } from './process-lists';
import { renderReport, type BenchReport, type SynthRow } from './report';
import { measureIpRanges } from './ipranges';
import { measureSizes } from './sizes';
import { measureCoverage } from './coverage';
import { measureSynth } from './synth';

// A made-up credential the emulator is seeded with; it never leaves loopback.
const TOKEN = 'bench-emulator-token-not-a-secret';
const SYNTH_MAPPINGS = 3500;

function zoneId(label: string): string {
  return createHash('md5').update(`ocr-bench-${label}`).digest('hex');
}

type Part = 'synth' | 'process' | 'inproc' | 'ipranges' | 'sizes' | 'coverage';
const PARTS: readonly Part[] = ['synth', 'process', 'inproc', 'ipranges', 'sizes', 'coverage'];
/** Parts that need no emulator seed and print their own section. */
const STANDALONE: readonly Part[] = ['ipranges', 'sizes', 'coverage'];

interface Options {
  readonly parts: ReadonlySet<Part>;
  readonly zones: readonly number[];
  readonly latencies: readonly number[];
  readonly latencyMs: number;
  readonly runs: number;
  readonly synthRuns: number;
  readonly processRuns: number;
  readonly concurrency: number | undefined;
}

const USAGE =
  'Usage: npm run bench -- [--parts synth,process,inproc,ipranges,sizes,coverage] [--zones 1,10,50] [--latencies 0,50,100,200]\n' +
  '                        [--latency-ms 50] [--runs 5] [--synth-runs 2] [--process-runs 7] [--concurrency N] [--quick]\n' +
  '  --parts         which measurements (default all): synth = cdktf synth with/without the lookup;\n' +
  '                  process = whole-process list, CLI vs SDK; inproc = in-process lookups vs SDK;\n' +
  '                  ipranges = IP range verification at 3,500 mappings (bench/ipranges.ts);\n' +
  '                  sizes = reports and the prefix index at 10x the fleet sizes of docs/scale.md (bench/sizes.ts);\n' +
  '                  coverage = a lookup with and without coverage, 5,000 proxied records (bench/coverage.ts)\n' +
  '  --zones         zone counts of the synth table, 3,500 mappings each (default 1,10,50)\n' +
  '  --latencies     emulator latencies (ms) of the whole-process list (default 0,50,100,200)\n' +
  '  --latency-ms    emulator latency of the synth and in-process parts (default 50)\n' +
  '  --runs          timed runs per in-process scenario; the median is reported (default 5, --quick 3)\n' +
  '  --synth-runs    cdktf synth runs with and without the lookup per zone count (default 2, --quick 1)\n' +
  '  --process-runs  paired whole-process runs per latency (default 7, --quick 1)\n' +
  '  --concurrency   requests at once for this client (pageConcurrency and ORIGIN_CLOUD_REGIONS_CONCURRENCY;\n' +
  "                  default: the client's own default)\n" +
  '  --quick         fewer runs, for a fast look\n';

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      parts: { type: 'string' },
      zones: { type: 'string' },
      latencies: { type: 'string' },
      'latency-ms': { type: 'string' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string' },
      'process-runs': { type: 'string' },
      concurrency: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string | undefined, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}".`);
    return n;
  };
  const ints = (name: string, text: string | undefined, fallback: readonly number[], min: number): number[] =>
    text === undefined ? [...fallback] : text.split(',').map((t) => int(name, t.trim(), 0, min));
  const parts = (values.parts ?? PARTS.join(',')).split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!(PARTS as readonly string[]).includes(p)) {
      throw new Error(`--parts takes ${PARTS.join(', ')} (comma-separated), got "${p}".`);
    }
  }
  const quick = values.quick;
  return {
    parts: new Set(parts as Part[]),
    zones: ints('zones', values.zones, [1, 10, 50], 1),
    latencies: ints('latencies', values.latencies, [0, 50, 100, 200], 0),
    latencyMs: int('latency-ms', values['latency-ms'], 50, 0),
    runs: int('runs', values.runs, quick ? 3 : 5, 1),
    synthRuns: int('synth-runs', values['synth-runs'], quick ? 1 : 2, 1),
    processRuns: int('process-runs', values['process-runs'], quick ? 1 : 7, 1),
    concurrency: values.concurrency === undefined ? undefined : int('concurrency', values.concurrency, 8, 1),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  const cwd = resolve(__dirname, '..');
  // IP range verification (bench/ipranges.ts) needs no zone seed: measured first, printed on its own.
  if (options.parts.has('ipranges')) process.stdout.write(`${await measureIpRanges({ runs: options.runs })}\n\n`);
  if (options.parts.has('sizes')) process.stdout.write(`${measureSizes({ runs: options.runs })}\n\n`);
  if (options.parts.has('coverage')) process.stdout.write(`${await measureCoverage({ runs: options.runs })}\n\n`);
  if ([...options.parts].every((p) => STANDALONE.includes(p))) return;

  const single = (n: number): ListScenario => ({
    label: `1 zone × ${n.toLocaleString('en-US')}`,
    zoneIds: [zoneId(`single-${n}`)],
    mappingsPerZone: n,
    runs: options.runs,
  });
  const scenarios = [single(20), single(1000), single(SYNTH_MAPPINGS)];
  const multi: ListScenario = {
    label: '20 zones × 500',
    zoneIds: Array.from({ length: 20 }, (_, i) => zoneId(`multi-${i}`)),
    mappingsPerZone: 500,
    runs: options.runs,
  };
  const synthZones = Array.from({ length: Math.max(0, ...options.zones) }, (_, i) => zoneId(`synth-${i}`));

  const seed: EmulatorSeed = {
    zones: {},
    supportedRegions: defaultSupportedRegions(),
    credentials: { tokens: [TOKEN] },
  };
  let seedNumber = 1;
  for (const s of [...scenarios, multi]) {
    for (const id of s.zoneIds) seed.zones[id] = { mappings: generateMappings(s.mappingsPerZone, seedNumber++) };
  }
  if (options.parts.has('synth')) {
    for (const id of synthZones) seed.zones[id] = { mappings: generateMappings(SYNTH_MAPPINGS, seedNumber++) };
  }
  // A seed file rather than an inline seed: up to 190,000 mappings are better handed to the child on disk.
  const dir = await mkdtemp(join(tmpdir(), 'ocr-bench-'));
  const seedFile = join(dir, 'seed.json');
  await writeFile(seedFile, JSON.stringify(seed));

  process.stderr.write(`Starting the emulator…\n`);
  const emulator = await startEmulatorProcess({ seedFile, latencyMs: options.latencyMs });
  // The process-wide cap reads the environment when first used, so set it before the first request.
  const concurrencyEnv: Record<string, string> =
    options.concurrency === undefined ? {} : { ORIGIN_CLOUD_REGIONS_CONCURRENCY: String(options.concurrency) };
  Object.assign(process.env, concurrencyEnv);
  const ours = new OriginCloudRegionsClient({
    apiToken: TOKEN,
    baseUrl: emulator.baseUrl,
    env: {},
    ...(options.concurrency === undefined ? {} : { pageConcurrency: options.concurrency }),
  });
  const sdk = new Cloudflare({
    apiToken: TOKEN,
    apiKey: null,
    apiEmail: null,
    baseURL: emulator.baseUrl,
    maxRetries: 0,
  });
  const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  try {
    let synth: BenchReport['synth'];
    if (options.parts.has('synth')) {
      await emulator.setLatency(options.latencyMs);
      try {
        const rows: SynthRow[] = [];
        for (const zones of options.zones) {
          process.stderr.write(`Measuring cdktf synth, ${zones} zone(s) (${options.synthRuns} × 2 runs)…\n`);
          const measured = await measureSynth({
            emulator,
            zoneIds: synthZones.slice(0, zones),
            token: TOKEN,
            runs: options.synthRuns,
            cwd,
            extraEnv: concurrencyEnv,
          });
          rows.push({ zones, mappingsPerZone: SYNTH_MAPPINGS, ...measured });
        }
        synth = rows;
      } catch (e) {
        synth = { error: errorText(e) };
      }
    }

    let processLists: BenchReport['processLists'];
    if (options.parts.has('process')) {
      process.stderr.write(`Measuring whole-process list at ${options.latencies.join(', ')} ms…\n`);
      try {
        const rows = await measureProcessLists({
          emulator,
          zoneId: scenarios[2].zoneIds[0],
          mappings: SYNTH_MAPPINGS,
          token: TOKEN,
          latenciesMs: options.latencies,
          runs: options.processRuns,
          cwd,
        });
        processLists = { rows, mappings: SYNTH_MAPPINGS, runs: options.processRuns };
      } catch (e) {
        processLists = { error: errorText(e) };
      }
    }

    let lists: ListResult[] | undefined;
    let sequentialRuns = 0;
    if (options.parts.has('inproc')) {
      await emulator.setLatency(options.latencyMs);
      const fetchOurs = oursFetcher(ours);
      // Warm-up (not timed): opens connections and JIT-compiles both clients' paths.
      await fetchOurs(scenarios[0].zoneIds);
      await sdkFetcher(sdk, 'one after another')(scenarios[0].zoneIds);
      lists = [];
      for (const s of scenarios) {
        process.stderr.write(`Measuring in-process ${s.label}…\n`);
        lists.push(await compareOnScenario(emulator, s, fetchOurs, sdkFetcher(sdk, 'one after another'), undefined));
      }
      process.stderr.write(`Measuring in-process ${multi.label}…\n`);
      // Zones one after another is how SDK users write it (a `for` over zones); it takes ~6 s a run at 50 ms, so
      // it gets fewer runs. Promise.all is the SDK at its best: zones in parallel, pages within a zone sequential.
      sequentialRuns = Math.min(options.runs, 3);
      lists.push(
        await compareOnScenario(
          emulator,
          multi,
          fetchOurs,
          sdkFetcher(sdk, 'one after another'),
          'one after another',
          sequentialRuns,
        ),
      );
      lists.push(await compareOnScenario(emulator, multi, fetchOurs, sdkFetcher(sdk, 'Promise.all'), 'Promise.all'));
    }

    const concurrency =
      options.concurrency === undefined ? "the client's default concurrency cap" : `concurrency ${options.concurrency}`;
    const header = [
      `Node ${process.version} · ${availableParallelism()} CPUs · \`cloudflare\` SDK ${SDK_VERSION} · ours with ${concurrency} · ` +
        'the emulator runs in a child process (rate budget off on loopback) and counts the requests.',
      `Command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\``.replace(' -- `', '`'),
    ];
    if (lists !== undefined) {
      header.push(
        `In-process: median of ${options.runs} runs (SDK with zones one after another: ${sequentialRuns}) at ${options.latencyMs} ms.`,
      );
    }
    const report: BenchReport = {
      header,
      synthLatencyMs: options.latencyMs,
      totalMs: performance.now() - started,
      ...(synth ? { synth } : {}),
      ...(processLists ? { processLists } : {}),
      ...(lists ? { lists } : {}),
    };
    process.stdout.write(renderReport(report) + '\n');
  } finally {
    await ours.close();
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
