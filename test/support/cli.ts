import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Command } from 'commander';
import type { CliIo } from '../../lib/cli/io';
import { runCli as runCliInProcess } from '../../lib/cli/run';

/** The repository root. */
const ROOT = path.join(__dirname, '..', '..');

/** What one run of the CLI printed, and how it ended. */
export interface CliRun {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** A stream that keeps what is written to it, as text. */
function capture(isTTY = false): { stream: NodeJS.WritableStream & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = {
    write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    },
    isTTY,
  } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
  return { stream, text: () => text };
}

/**
 * Runs the `origin-cloud-regions` CLI in THIS process (`runCli` with a fresh commander program), with
 * exactly the environment given as its `io.env` (nothing from the developer's shell, such as real
 * credentials, leaks in) and stdout and stderr captured apart. Leaves `process.exitCode` as it found it, so a
 * drift exit (2) does not fail the test file. The real bin is run as a child process once, in
 * test/cli/bin.e2e.test.ts.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = { stdout: stdout.stream, stderr: stderr.stream, env };
  const before = process.exitCode;
  try {
    const code = await runCliInProcess(['node', 'origin-cloud-regions', ...args], new Command(), io);
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.exitCode = before;
  }
}

/**
 * Runs the real `origin-cloud-regions` entry point (lib/cli/main.ts) in a child process, as a user would, with
 * exactly the environment given. Asynchronous, so an emulator in the test's own process keeps serving.
 */
export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'main.ts'), ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** PATH and HOME only: what a child needs to run, and no credentials. */
export function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
}
