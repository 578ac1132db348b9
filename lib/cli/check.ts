import { Command } from 'commander';
import type { CliIo } from './io';

/** The `check` command (placeholder until implemented). */
export function checkCommand(io: CliIo): Command {
  void io;
  return new Command('check').description('not implemented yet');
}
