import { spawn } from 'node:child_process';
import * as path from 'node:path';

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

/**
 * Runs the real `origin-cloud-regions` entry point in a child process, as a user would, with exactly
 * the environment given (nothing from the developer's shell, such as real credentials, leaks in).
 * Asynchronous, so an emulator in the test's own process keeps serving.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
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
