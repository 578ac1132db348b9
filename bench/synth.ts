import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from './child';
import type { EmulatorHandle } from './lists';
import { median } from './stats';

const GNU_TIME = '/usr/bin/time';

/** The environment variable main.ts honours to skip the lookup, so the same app can be timed without it. */
export const BASELINE_ENV = 'ORIGIN_CLOUD_REGIONS_BENCH_BASELINE';

/** One `cdktf synth` run. */
export interface SynthRun {
  /** Wall time of the whole `npx cdktf synth`. */
  readonly ms: number;
  /** Wall time of the app process alone (`npx tsx main.ts` as cdktf runs it), when GNU time is present. */
  readonly appMs: number | undefined;
  /** Peak resident memory of the app process (KiB), when GNU time is present. */
  readonly appMaxRssKiB: number | undefined;
  /** Peak resident memory of the largest process of the whole synth (KiB), when GNU time is present. */
  readonly synthMaxRssKiB: number | undefined;
  /** API requests the synth made (emulator counter). */
  readonly requests: number;
  /** Outputs named `ocr_*` in the synthesized stacks. */
  readonly lookupOutputs: number;
  /** Entries of the zones' `ocr_<zone>_mappings` outputs, summed (0 when absent). */
  readonly mappingsInOutput: number;
  /** Bytes of every stack's `cdk.tf.json`, summed. */
  readonly tfJsonBytes: number;
  /** Bytes of the lookup's outputs by kind (`mappings`, `summary`, …) and of its `marker` resources (compact JSON). */
  readonly bytesByKind: Readonly<Record<string, number>>;
}

/** Medians over several synths of one variant. */
export interface SynthSummary {
  readonly runs: readonly SynthRun[];
  readonly medianMs: number;
  readonly medianAppMs: number | undefined;
  readonly maxAppRssKiB: number | undefined;
  readonly maxSynthRssKiB: number | undefined;
  readonly requests: number;
  readonly lookupOutputs: number;
  readonly mappingsInOutput: number;
  readonly tfJsonBytes: number;
  /** Bytes by kind of the last run (see {@link SynthRun.bytesByKind}). */
  readonly bytesByKind: Readonly<Record<string, number>>;
}

/** Inputs of the synth measurement. */
export interface SynthOptions {
  readonly emulator: EmulatorHandle;
  /** The zones main.ts looks up (CLOUDFLARE_ZONE_ID, comma-separated). */
  readonly zoneIds: readonly string[];
  readonly token: string;
  readonly runs: number;
  /** The app's directory (holds cdktf.json and main.ts). */
  readonly cwd: string;
  /** Extra environment for the app (for example `ORIGIN_CLOUD_REGIONS_CONCURRENCY`). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/**
 * Times real `cdktf synth` runs of main.ts with the lookup and without it (baseline: {@link BASELINE_ENV}=1),
 * alternating, lookup first so that any cold cache (tsx's transpile cache) penalises the lookup, not the baseline.
 */
export async function measureSynth(options: SynthOptions): Promise<{ lookup: SynthSummary; baseline: SynthSummary }> {
  const lookup: SynthRun[] = [];
  const baseline: SynthRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    lookup.push(await synthOnce(options, false));
    baseline.push(await synthOnce(options, true));
  }
  return { lookup: summarize(lookup), baseline: summarize(baseline) };
}

async function synthOnce(options: SynthOptions, isBaseline: boolean): Promise<SynthRun> {
  const out = await mkdtemp(join(tmpdir(), 'ocr-bench-synth-'));
  try {
    const env = synthEnv(options, isBaseline);
    const withTime = existsSync(GNU_TIME);
    const appTimeFile = join(out, 'app.time');
    const synthTimeFile = join(out, 'synth.time');
    const app = withTime ? `${GNU_TIME} -f "%e %M" -o ${appTimeFile} npx tsx main.ts` : 'npx tsx main.ts';
    const synthArgs = ['cdktf', 'synth', '--app', app, '--output', join(out, 'cdktf.out')];
    const [command, args] = withTime
      ? [GNU_TIME, ['-f', '%e %M', '-o', synthTimeFile, 'npx', ...synthArgs]]
      : ['npx', synthArgs];
    await options.emulator.resetStats();
    const start = performance.now();
    await runChild(command, args, options.cwd, env, options.token, 'cdktf synth');
    const ms = performance.now() - start;
    const { requests } = await options.emulator.stats();
    const appTime = withTime ? await readGnuTime(appTimeFile) : undefined;
    const synthTime = withTime ? await readGnuTime(synthTimeFile) : undefined;
    const outputs = await readLookupOutputs(join(out, 'cdktf.out'), options.zoneIds);
    return {
      ms,
      appMs: appTime?.ms,
      appMaxRssKiB: appTime?.maxRssKiB,
      synthMaxRssKiB: synthTime?.maxRssKiB,
      requests,
      ...outputs,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

// Only loopback credentials reach the app: every CLOUDFLARE_* / ORIGIN_CLOUD_REGIONS_* of the caller is dropped.
function synthEnv(options: SynthOptions, isBaseline: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('CLOUDFLARE_') && !key.startsWith('ORIGIN_CLOUD_REGIONS_')) env[key] = value;
  }
  env.CLOUDFLARE_API_TOKEN = options.token;
  env.CLOUDFLARE_BASE_URL = options.emulator.baseUrl;
  env.CLOUDFLARE_ZONE_ID = options.zoneIds.join(',');
  env.CHECKPOINT_DISABLE = '1';
  env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = 'true';
  Object.assign(env, options.extraEnv);
  if (isBaseline) env[BASELINE_ENV] = '1';
  return env;
}

async function readGnuTime(file: string): Promise<{ ms: number; maxRssKiB: number } | undefined> {
  try {
    // With -o, GNU time writes "Command exited with non-zero status" first on failure; the figures are the last line.
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const [seconds, kib] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
    if (!Number.isFinite(seconds) || !Number.isFinite(kib)) return undefined;
    return { ms: seconds * 1000, maxRssKiB: kib };
  } catch {
    return undefined;
  }
}

async function readLookupOutputs(
  outDir: string,
  zoneIds: readonly string[],
): Promise<{
  lookupOutputs: number;
  mappingsInOutput: number;
  tfJsonBytes: number;
  bytesByKind: Record<string, number>;
}> {
  const mappingsOutputs = new Set(zoneIds.map((z) => `ocr_${z}_mappings`));
  let lookupOutputs = 0;
  let mappingsInOutput = 0;
  let tfJsonBytes = 0;
  const bytesByKind: Record<string, number> = {};
  const add = (kind: string, value: unknown): void => {
    bytesByKind[kind] = (bytesByKind[kind] ?? 0) + Buffer.byteLength(JSON.stringify(value));
  };
  const stacks = join(outDir, 'stacks');
  for (const stack of existsSync(stacks) ? await readdir(stacks) : []) {
    const file = join(stacks, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const text = await readFile(file, 'utf8');
    tfJsonBytes += Buffer.byteLength(text);
    const json = JSON.parse(text) as {
      output?: Record<string, { value?: unknown }>;
      resource?: Record<string, Record<string, unknown>>;
    };
    for (const resources of Object.values(json.resource ?? {})) {
      for (const [name, body] of Object.entries(resources)) if (name.startsWith('ocr_')) add('marker', body);
    }
    for (const [name, output] of Object.entries(json.output ?? {})) {
      if (!name.startsWith('ocr_')) continue;
      lookupOutputs++;
      add(/^ocr_[0-9a-f]+_(.+)$/.exec(name)?.[1] ?? name, output);
      if (mappingsOutputs.has(name) && typeof output.value === 'object' && output.value !== null) {
        mappingsInOutput += Object.keys(output.value).length;
      }
    }
  }
  return { lookupOutputs, mappingsInOutput, tfJsonBytes, bytesByKind };
}

function summarize(runs: readonly SynthRun[]): SynthSummary {
  const defined = (values: (number | undefined)[]): number[] => values.filter((v): v is number => v !== undefined);
  const appMs = defined(runs.map((r) => r.appMs));
  const appRss = defined(runs.map((r) => r.appMaxRssKiB));
  const synthRss = defined(runs.map((r) => r.synthMaxRssKiB));
  return {
    runs,
    medianMs: median(runs.map((r) => r.ms)),
    medianAppMs: appMs.length > 0 ? median(appMs) : undefined,
    maxAppRssKiB: appRss.length > 0 ? Math.max(...appRss) : undefined,
    maxSynthRssKiB: synthRss.length > 0 ? Math.max(...synthRss) : undefined,
    requests: Math.max(...runs.map((r) => r.requests)),
    lookupOutputs: Math.max(...runs.map((r) => r.lookupOutputs)),
    mappingsInOutput: Math.max(...runs.map((r) => r.mappingsInOutput)),
    tfJsonBytes: Math.max(...runs.map((r) => r.tfJsonBytes)),
    bytesByKind: runs[runs.length - 1].bytesByKind,
  };
}
