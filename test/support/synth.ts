import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './constants';

/** Result of one real `cdktf synth`. */
export interface SynthRun {
  /** Exit code. */
  readonly code: number | null;
  /** Everything the CLI printed on stdout. */
  readonly stdout: string;
  /** Everything the CLI printed on stderr. */
  readonly stderr: string;
  /** The output folder. */
  readonly outdir: string;
  /** Milliseconds the synth took. */
  readonly ms: number;
}

/** Environment of every real synth: no telemetry, no update check, nothing inherited that could leak in. */
export function synthEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TERM', 'npm_config_cache']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  Object.assign(env, {
    CHECKPOINT_DISABLE: '1',
    CDKTF_DISABLE_TELEMETRY: '1',
    DISABLE_VERSION_CHECK: '1',
    CI: '1',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  });
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * Runs a real `npx cdktf synth --output <outdir>` in `cwd`; with `cli`, runs that cdktf executable
 * instead (for an app without its own cdktf-cli, as with a global install).
 */
export function runCdktfSynth(
  cwd: string,
  outdir: string,
  env: Record<string, string | undefined>,
  cli?: string,
): Promise<SynthRun> {
  const [command, args] = cli === undefined ? ['npx', ['--no', '--', 'cdktf']] : [cli, []];
  return runSynthProcess(command, [...args, 'synth', '--output', outdir], cwd, synthEnv(env), outdir);
}

/** Runs one synth process to its end and collects what it printed. */
export function runSynthProcess(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  outdir: string,
): Promise<SynthRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, outdir, ms: Date.now() - started }));
  });
}

/** The synthesized `cdk.tf.json` of a stack, as text. */
export function stackText(outdir: string, stack = 'origins'): string {
  return readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
}

/** The synthesized `cdk.tf.json` of a stack, parsed. */
export function stackJson(outdir: string, stack = 'origins'): StackJson {
  return JSON.parse(stackText(outdir, stack)) as StackJson;
}

/** The annotations cdktf recorded in `manifest.json` for a stack. */
export function manifestAnnotations(
  outdir: string,
  stack = 'origins',
): { level: string; message: string; constructPath: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { annotations: { level: string; message: string; constructPath: string }[] }>;
  };
  return manifest.stacks[stack]?.annotations ?? [];
}

/** The parts of a synthesized stack the tests read. */
export interface StackJson {
  output?: Record<string, { value: unknown; description?: string }>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown>;
  terraform?: { backend?: Record<string, unknown>; required_providers?: Record<string, unknown> };
}

/**
 * A throwaway copy of the example app (main.ts, cdktf.json, lib/, package and TypeScript config) in a
 * fresh temporary folder, sharing the repository's node_modules through a symlink. Two of them are two
 * "checkouts" at different absolute paths.
 */
export function makeCheckout(prefix = 'ocr-checkout-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of ['main.ts', 'cdktf.json', 'package.json', 'tsconfig.json', 'lib']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Every file under `dir` as text, for scanning. */
export function readTree(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ file: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}
