/**
 * `npm run bench`: this project's lookup against the official `cloudflare` SDK, side by side, on the bundled
 * emulator with injected latency; then `cdktf synth` of main.ts with and without the lookup.
 *
 *   npm run bench -- [--latency-ms 50] [--runs 5] [--synth-runs 3] [--concurrency N] [--quick] [--skip-synth]
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
import { renderReport, type BenchReport } from './report';
import { measureSynth } from './synth';

// A made-up credential the emulator is seeded with; it never leaves loopback.
const TOKEN = 'bench-emulator-token-not-a-secret';
const SYNTH_MAPPINGS = 3500;

function zoneId(label: string): string {
  return createHash('md5').update(`ocr-bench-${label}`).digest('hex');
}

function parseOptions(argv: readonly string[]): {
  latencyMs: number;
  runs: number;
  synthRuns: number;
  skipSynth: boolean;
  concurrency: number | undefined;
  quick: boolean;
} {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'latency-ms': { type: 'string', default: '50' },
      runs: { type: 'string' },
      'synth-runs': { type: 'string' },
      concurrency: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'skip-synth': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench -- [--latency-ms 50] [--runs 5] [--synth-runs 3] [--concurrency N] [--quick] [--skip-synth]\n' +
        '  --latency-ms  latency the emulator adds to every API request (default 50)\n' +
        '  --runs        timed runs per list scenario; the median is reported (default 5, --quick 3)\n' +
        '  --synth-runs  cdktf synth runs with and without the lookup (default 3, --quick 1)\n' +
        '  --concurrency requests at once for this client (pageConcurrency and ORIGIN_CLOUD_REGIONS_CONCURRENCY;\n' +
        "                default: the client's own default)\n" +
        '  --quick       fewer runs, for a fast look\n' +
        '  --skip-synth  only the list scenarios\n',
    );
    process.exit(0);
  }
  const int = (name: string, text: string | undefined, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}".`);
    return n;
  };
  return {
    latencyMs: int('latency-ms', values['latency-ms'], 50, 0),
    runs: int('runs', values.runs, values.quick ? 3 : 5, 1),
    synthRuns: int('synth-runs', values['synth-runs'], values.quick ? 1 : 3, 1),
    skipSynth: values['skip-synth'],
    quick: values.quick,
    concurrency: values.concurrency === undefined ? undefined : int('concurrency', values.concurrency, 8, 1),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));

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

  const seed: EmulatorSeed = {
    zones: {},
    supportedRegions: defaultSupportedRegions(),
    credentials: { tokens: [TOKEN] },
  };
  let seedNumber = 1;
  for (const s of [...scenarios, multi]) {
    for (const id of s.zoneIds) seed.zones[id] = { mappings: generateMappings(s.mappingsPerZone, seedNumber++) };
  }
  // A seed file rather than an inline seed: 14,520 mappings are better handed to the child on disk.
  const dir = await mkdtemp(join(tmpdir(), 'ocr-bench-'));
  const seedFile = join(dir, 'seed.json');
  await writeFile(seedFile, JSON.stringify(seed));

  process.stderr.write(`Starting the emulator (latency ${options.latencyMs} ms per request)…\n`);
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
  try {
    const fetchOurs = oursFetcher(ours);
    // Warm-up (not timed): opens connections and JIT-compiles both clients' paths.
    await fetchOurs(scenarios[0].zoneIds);
    await sdkFetcher(sdk, 'one after another')(scenarios[0].zoneIds);

    const lists: ListResult[] = [];
    for (const s of scenarios) {
      process.stderr.write(`Measuring ${s.label}…\n`);
      lists.push(await compareOnScenario(emulator, s, fetchOurs, sdkFetcher(sdk, 'one after another'), undefined));
    }
    process.stderr.write(`Measuring ${multi.label}…\n`);
    // Zones one after another is how SDK users write it (a `for` over zones); it takes ~6 s a run at 50 ms, so it
    // gets fewer runs. Promise.all is the SDK at its best: zones in parallel, pages within a zone still sequential.
    const sequentialRuns = Math.min(options.runs, options.quick ? 1 : 3);
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

    let synth: BenchReport['synth'];
    if (!options.skipSynth) {
      process.stderr.write(`Measuring cdktf synth (${options.synthRuns} × 2 runs)…\n`);
      try {
        const measured = await measureSynth({
          emulator,
          zoneId: scenarios[2].zoneIds[0],
          token: TOKEN,
          runs: options.synthRuns,
          cwd: resolve(__dirname, '..'),
          extraEnv: concurrencyEnv,
        });
        synth = { ...measured, mappings: SYNTH_MAPPINGS };
      } catch (e) {
        synth = { error: e instanceof Error ? e.message : String(e) };
      }
    }

    const header = [
      `Emulator latency ${options.latencyMs} ms per request · Node ${process.version} · ${availableParallelism()} CPUs · ` +
        `median of ${options.runs} runs (SDK with zones one after another: ${sequentialRuns}).`,
      `Ours: \`OriginCloudRegionsClient\` (per_page 100, ${options.concurrency === undefined ? 'default concurrency cap' : `concurrency ${options.concurrency}`}; \`listZones\` for several zones). ` +
        `SDK: \`cloudflare\` ${SDK_VERSION}, \`for await\` over \`cache.originCloudRegions.list({ zone_id, per_page: 100 })\`. ` +
        'Both clients are warmed up; requests are counted by the emulator; both must return the same complete set of origins.',
    ];
    const report: BenchReport = { header, lists, totalMs: performance.now() - started, ...(synth ? { synth } : {}) };
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
