#!/usr/bin/env node
import './engine-flags';
import { Command } from 'commander';
import { runCli } from './run';

// Exits as soon as the command is done and its output is flushed: waiting for the event loop to drain and the
// runtime to tear down on its own took 30-60 ms more per call (docs/performance.md).
void runCli(process.argv, new Command()).then((code) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),
);
