/**
 * `npm run demo`: starts the bundled Cloudflare API emulator (a child process) seeded with an example
 * zone, runs a real `cdktf synth` of main.ts against it, and prints a short summary of what was made.
 * Works offline: the only network is 127.0.0.1. The mappings are checked against the emulator's sample IP range
 * feeds (one of them contradicts the demo zone); `--no-verify-ip-ranges` leaves that out.
 *
 *   npm run demo -- [--output <dir>] [--no-verify-ip-ranges]      (default output: cdktf.out)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulatorProcess, type EmulatorProcess } from '../lib/emulator/process';
import { VERDICTS } from '../lib/ipranges/verdict';
import { runCli } from '../lib/cli/run';
import { Command } from 'commander';

const REPO_ROOT = path.resolve(__dirname, '..');
const SEED = path.join(REPO_ROOT, 'lib', 'emulator', 'seeds', 'demo.json');
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
// Accepted by the demo seed only; it opens nothing but the local emulator.
const DEMO_TOKEN = 'demo-token-origin-cloud-regions';

interface Annotation {
  level: string;
  message: string;
}

async function main(): Promise<number> {
  const outIndex = process.argv.indexOf('--output');
  const outdir = path.resolve(outIndex > 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1] : 'cdktf.out');
  const verify = !process.argv.includes('--no-verify-ip-ranges');
  let emulator: EmulatorProcess | undefined;
  // The feeds' download cache of this run only: the demo never writes into the user's cache folder.
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'ocr-demo-feeds-'));
  try {
    emulator = await startEmulatorProcess({ seedFile: SEED });
    const feeds = `${new URL(emulator.baseUrl).origin}/__ip-ranges`;
    process.stdout.write(`Emulator: ${emulator.baseUrl} (seed lib/emulator/seeds/demo.json, zone ${ZONE})\n`);
    process.stdout.write('Running: npx cdktf synth (main.ts) ...\n');
    const synth = await run('npx', ['--no', '--', 'cdktf', 'synth', '--output', outdir], {
      ...process.env,
      CLOUDFLARE_BASE_URL: emulator.baseUrl,
      CLOUDFLARE_API_TOKEN: DEMO_TOKEN,
      CLOUDFLARE_EMAIL: undefined,
      CLOUDFLARE_API_KEY: undefined,
      CLOUDFLARE_ZONE_ID: ZONE,
      ORIGIN_CLOUD_REGIONS_OFFLINE: undefined,
      ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES: verify ? '1' : '0',
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: cacheDir,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: `${feeds}/aws.json`,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_GCP: `${feeds}/gcp.json`,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_OCI: `${feeds}/oci.json`,
      ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE: `${feeds}/azure.json`,
      CHECKPOINT_DISABLE: '1',
      CDKTF_DISABLE_TELEMETRY: '1',
      DISABLE_VERSION_CHECK: '1',
      CI: '1',
    });
    if (synth.code !== 0) {
      process.stderr.write(`${synth.output}\ncdktf synth failed (exit ${synth.code}); its output is above.\n`);
      return 1;
    }
    process.stdout.write(summary(outdir));
    process.stdout.write(await coverage(emulator.baseUrl, feeds, cacheDir));
    return 0;
  } finally {
    await emulator?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function summary(outdir: string): string {
  const stackFile = path.join(outdir, 'stacks', 'origins', 'cdk.tf.json');
  if (!existsSync(stackFile)) return `cdktf synth succeeded but ${stackFile} is missing.\n`;
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as {
    output: Record<string, { value: unknown }>;
    resource?: Record<string, Record<string, unknown>>;
  };
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { annotations?: Annotation[] }>;
  };
  const counts = stack.output[`ocr_${ZONE}_vendor_counts`]?.value as Record<string, number>;
  const mappings = Object.keys(stack.output[`ocr_${ZONE}_mappings`]?.value as Record<string, string>);
  const validation = stack.output[`ocr_${ZONE}_validation`]?.value as {
    authority: string;
    ip_ranges?: { verdict_counts: Record<string, number> };
  };
  const counted = validation.ip_ranges?.verdict_counts ?? {};
  const verdicts = VERDICTS.map((v) => [v, counted[v] ?? 0] as const).filter(([, n]) => n > 0);
  const v6 = mappings.filter((ip) => ip.includes(':')).length;
  const warnings = (manifest.stacks.origins?.annotations ?? []).filter(
    (a) => a.level.endsWith('warn') || a.level.endsWith('error'),
  );
  const markerType = Object.keys(stack.resource ?? {}).find((t) => `ocr_${ZONE}_marker` in (stack.resource?.[t] ?? {}));
  const lines = [
    '',
    `Zone ${ZONE}: ${mappings.length} mappings (${mappings.length - v6} IPv4, ${v6} IPv6), validated against ${validation.authority}`,
    ...Object.entries(counts).map(([vendor, n]) => `  ${vendor.padEnd(6)} ${n}`),
    validation.ip_ranges === undefined
      ? 'Published IP ranges: not checked (run without --no-verify-ip-ranges to check them)'
      : `Published IP ranges (the emulator's sample feeds): ${verdicts.map(([v, n]) => `${n} ${v}`).join(', ')}`,
    `Warnings (${warnings.length}):`,
    ...(warnings.length === 0 ? ['  none'] : warnings.map((w) => `  - ${w.message.replace(`zone ${ZONE}: `, '')}`)),
    `Drift marker: ${markerType ? `${markerType}.ocr_${ZONE}_marker` : 'none'}`,
    `Synthesized stack: ${displayPath(stackFile)}`,
    'Next: CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<your zone> npm run synth',
    '',
  ];
  return lines.join('\n');
}

/** The demo zone's coverage, through the real `coverage` command: one gap of each kind (docs/coverage.md). */
async function coverage(baseUrl: string, feeds: string, cacheDir: string): Promise<string> {
  let json = '';
  let errors = '';
  const io = {
    stdout: { write: (s: string) => ((json += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((errors += s), true) } as unknown as NodeJS.WritableStream,
    env: {
      PATH: process.env.PATH,
      CLOUDFLARE_BASE_URL: baseUrl,
      CLOUDFLARE_API_TOKEN: DEMO_TOKEN,
      ORIGIN_CLOUD_REGIONS_CACHE_DIR: cacheDir,
      ...Object.fromEntries(
        ['aws', 'gcp', 'oci', 'azure'].map((v) => [
          `ORIGIN_CLOUD_REGIONS_IP_RANGES_${v.toUpperCase()}`,
          `${feeds}/${v}.json`,
        ]),
      ),
    },
  };
  const code = await runCli(
    ['node', 'origin-cloud-regions', 'coverage', '--zone', ZONE, '--format', 'json'],
    new Command(),
    io,
  );
  if (code !== 0 && code !== 2) return `Coverage: failed (exit ${code}): ${errors}\n`;
  const [z] = (JSON.parse(json) as { zones: CoverageZone[] }).zones;
  const list = (items: string[]): string => (items.length === 0 ? 'none' : items.join(', '));
  return [
    `Coverage (origin-cloud-regions coverage --zone ${ZONE}; exit ${code}):`,
    `  unmapped:   ${list(z.unmapped.map((u) => `${u.ip} → create ${u.suggested} (${u.sources.join(', ')})`))}`,
    `  orphaned:   ${list(z.orphaned.map((o) => `${o.ip} (${o.mapping})`))}`,
    `  unknown:    ${list(z.unknown.map((u) => `${u.ip} (${u.sources.join(', ')})`))}`,
    `  hostnames:  ${list(z.hostnames.map((h) => (h.changing_addresses ? `${h.name} (${h.changing_addresses}: addresses change)` : h.name)))}`,
    `  mixed pool: ${list(z.mixed_pools.map((p) => `${p.pool} (${p.placements.join(' + ')})`))}`,
    `  mapped:     ${z.mapped}`,
    '',
  ].join('\n');
}

interface CoverageZone {
  unmapped: { ip: string; sources: string[]; suggested: string }[];
  orphaned: { ip: string; mapping: string }[];
  unknown: { ip: string; sources: string[] }[];
  hostnames: { name: string; changing_addresses: string | null }[];
  mixed_pools: { pool: string; placements: string[] }[];
  mapped: number;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
