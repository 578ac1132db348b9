import { Command } from 'commander';
import type { CliIo } from './io';

/** The `list` command (placeholder until implemented). */
export function listCommand(io: CliIo): Command {
  void io;
  return new Command('list').description('not implemented yet');
}
