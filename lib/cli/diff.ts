import { Command } from 'commander';
import type { CliIo } from './io';

/** The `diff` command (placeholder until implemented). */
export function diffCommand(io: CliIo): Command {
  void io;
  return new Command('diff').description('not implemented yet');
}
