import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child';
import type { EmulatorHandle } from './lists';
import { median } from './stats';

/** Inputs of the whole-process `list` comparison. */
export interface ProcessListOptions {
  /** Drives the emulator child: its URL, counters and latency. */
  readonly emulator: EmulatorHandle & { setLatency(ms: number): Promise<void> };
  readonly zoneId: string;
  /** Mappings the zone holds; every run must print exactly this many. */
  readonly mappings: number;
  readonly token: string;
  readonly latenciesMs: readonly number[];
  /** Paired runs per latency (ours then SDK, alternating). */
  readonly runs: number;
  /** The checkout (holds dist/ and bench/). */
  readonly cwd: string;
}

/** One process of one side at one latency. */
export interface ProcessSide {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  readonly requests: number;
}

/** A row: ours and the SDK at one latency, with the median of the per-pair ratios (SDK ÷ ours). */
export interface ProcessListRow {
  readonly latencyMs: number;
  readonly ours: ProcessSide;
  readonly sdk: ProcessSide;
  readonly medianPairedRatio: number;
}

/** The CLI entry the comparison runs: built by `npm ci` / `npm run build`. */
export function cliEntry(cwd: string): string {
  return join(cwd, 'dist', 'lib', 'cli', 'main.js');
}

/**
 * Whole-process `list`, as a CI job pays for it: `node dist/lib/cli/main.js list --zone Z --format json`
 * against `node bench/sdk-list.mjs Z` (the official SDK), each a fresh child process, so start-up (module
 * loading) counts as well as the requests. Runs alternate ours → SDK and the ratio is taken per pair, so a
 * slow moment of the machine hits both sides of a pair.
 */
export async function measureProcessLists(options: ProcessListOptions): Promise<ProcessListRow[]> {
  const entry = cliEntry(options.cwd);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (or \`npm ci\`) first.`);
  const ours = ['node', [entry, 'list', '--zone', options.zoneId, '--format', 'json']] as const;
  const sdk = ['node', [join(options.cwd, 'bench', 'sdk-list.mjs'), options.zoneId]] as const;
  const rows: ProcessListRow[] = [];
  // Warm-up (not timed): the file system cache of both module graphs.
  await options.emulator.setLatency(0);
  await once(options, ...ours);
  await once(options, ...sdk);
  for (const latencyMs of options.latenciesMs) {
    await options.emulator.setLatency(latencyMs);
    const o: { ms: number; requests: number }[] = [];
    const s: { ms: number; requests: number }[] = [];
    for (let i = 0; i < options.runs; i++) {
      o.push(await once(options, ...ours));
      s.push(await once(options, ...sdk));
    }
    const side = (runs: { ms: number; requests: number }[]): ProcessSide => ({
      medianMs: median(runs.map((r) => r.ms)),
      runsMs: runs.map((r) => r.ms),
      requests: Math.max(...runs.map((r) => r.requests)),
    });
    rows.push({
      latencyMs,
      ours: side(o),
      sdk: side(s),
      medianPairedRatio: median(o.map((r, i) => s[i].ms / r.ms)),
    });
  }
  return rows;
}

async function once(
  options: ProcessListOptions,
  command: string,
  args: readonly string[],
): Promise<{ ms: number; requests: number }> {
  await options.emulator.resetStats();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('CLOUDFLARE_') && !key.startsWith('ORIGIN_CLOUD_REGIONS_') && key !== 'NODE_OPTIONS') {
      env[key] = value;
    }
  }
  env.CLOUDFLARE_API_TOKEN = options.token;
  env.CLOUDFLARE_BASE_URL = options.emulator.baseUrl;
  const start = performance.now();
  const stdout = await runChild(command, args, options.cwd, env, options.token);
  const ms = performance.now() - start;
  const { requests } = await options.emulator.stats();
  const printed = JSON.parse(stdout) as unknown;
  if (!Array.isArray(printed) || printed.length !== options.mappings) {
    throw new Error(
      `${args[0]} printed ${Array.isArray(printed) ? printed.length : 'no array of'} mappings, expected ${options.mappings}.`,
    );
  }
  return { ms, requests };
}
