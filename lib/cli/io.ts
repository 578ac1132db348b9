import { Option } from 'commander';

/** Where a CLI command reads its environment and writes its output; swapped in tests. */
export interface CliIo {
  /** Results only (tables, JSON, reports). */
  readonly stdout: NodeJS.WritableStream;
  /** Errors, warnings and progress; never mixed into stdout. */
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** The real process streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Exit code of `verify`, `locate`, `coverage` and `diff`/`check --verify-ip-ranges` when nothing could be verified
 * (no feed read, or a feed failed and every verdict is `unverified`): distinct from 2 (contradiction or drift), so a
 * job that accepts 2 fails.
 */
export const NOTHING_VERIFIED_EXIT_CODE = 3;

/** `--format <format>`: one of `choices`, the first by default. */
export function formatOption(help: string, choices: readonly string[]): Option {
  return new Option('--format <format>', help).choices(choices).default(choices[0]);
}

/** Rows as aligned columns for a terminal, two spaces apart (the last column unpadded), one line each. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}
