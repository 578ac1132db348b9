#!/usr/bin/env node
import './engine-flags';
import { Command } from 'commander';
import { withoutHttp2 } from '../client/undici';
import { runCli } from './run';

// The CLI never asks undici for HTTP/2: its process need not load it (see withoutHttp2).
withoutHttp2();

// Exits as soon as the command is done and its output is flushed: waiting for the event loop to drain and the
// runtime to tear down on its own took 30-60 ms more per call (docs/performance.md).
void runCli(process.argv, new Command()).then((code) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),
);
