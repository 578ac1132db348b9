/**
 * Entry point of the emulator child process (see `startEmulatorProcess`): reads its options as
 * one JSON line on stdin, starts the emulator, prints `{"baseUrl": …}` as one JSON line, and exits
 * when stdin closes or on SIGTERM/SIGINT.
 */
import { CloudflareApiEmulator } from './server';
import type { EmulatorOptions } from './types';

let emulator: CloudflareApiEmulator | undefined;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await emulator?.close();
  process.exit(0);
}

function start(line: string): void {
  let options: EmulatorOptions;
  try {
    options = JSON.parse(line) as EmulatorOptions;
  } catch {
    fatal('the options line on stdin is not JSON');
    return;
  }
  CloudflareApiEmulator.start(options).then(
    (started) => {
      emulator = started;
      process.stdout.write(JSON.stringify({ baseUrl: started.baseUrl, pid: process.pid }) + '\n');
    },
    (error: unknown) => fatal(error instanceof Error ? error.message : String(error)),
  );
}

function fatal(message: string): void {
  process.stdout.write(JSON.stringify({ error: message }) + '\n', () => process.exit(1));
}

let buffered = '';
let started = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  if (started) return;
  buffered += chunk;
  const newline = buffered.indexOf('\n');
  if (newline < 0) return;
  started = true;
  start(buffered.slice(0, newline));
  buffered = '';
});
// stdin closing means the parent is gone (or wants us gone): the child never outlives it.
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
