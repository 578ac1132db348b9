import { Command } from 'commander';
import type { CliIo } from './io';

/** The `emulator` command (placeholder until implemented). */
export function emulatorCommand(io: CliIo): Command {
  void io;
  return new Command('emulator').description('not implemented yet');
}
