import { fstatSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError } from '../errors';
import { BUNDLED_SEEDS_DIR, CloudflareApiEmulator, readSeedFile, resolveSeedFile } from '../emulator';
import { acceptedCredentials } from '../emulator/auth';
import type { EmulatorSeed } from '../emulator';
import { forTerminal } from '../sinks/terminal';
import type { CliIo } from './io';

const EXAMPLES = `
The emulator accepts the seed's credentials or, when the seed names none, the token
emulator-token (or email emulator@example.com with key emulator-key). It listens on 127.0.0.1 only.
--seed takes a file or the name of a seed bundled with the package: demo (its token is
demo-token-origin-cloud-regions). It stops on SIGINT or SIGTERM, and when the process that started
it is gone (it was orphaned, or its stdin was a pipe that closed).

Examples:
  $ origin-cloud-regions emulator --seed demo
  $ origin-cloud-regions emulator --seed seed.json --port 8787
  $ CLOUDFLARE_BASE_URL=http://127.0.0.1:8787/client/v4 CLOUDFLARE_API_TOKEN=emulator-token \\
      origin-cloud-regions list --zone <a zone id of seed.json>
`;

/** The `emulator` command: the local Cloudflare API emulator, its base URL as one JSON line on stdout. */
export function emulatorCommand(io: CliIo): Command {
  return new Command('emulator')
    .description('run the local Cloudflare API emulator on 127.0.0.1 until Ctrl-C; prints {"baseUrl": ...} on stdout')
    .option(
      '--seed <file>',
      'seed JSON file: { "zones": { "<zone id>": { "mappings": [...] } } } (default: no mappings)',
    )
    .option('--port <n>', 'TCP port on 127.0.0.1 (default: an ephemeral port)')
    .option('--latency-ms <n>', 'delay added to every API response, in milliseconds', '0')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { seed?: string; port?: string; latencyMs: string }) => {
      // Read before the URL is printed: a caller may stop the parent as soon as it reads the URL, and a process
      // descheduled between printing and reading would take its new parent for the one to watch.
      const parent = process.ppid;
      const port = opts.port === undefined ? 0 : integerOption('--port', opts.port, 0, 65535);
      const latencyMs = integerOption('--latency-ms', opts.latencyMs, 0, 600_000);
      const seed = opts.seed === undefined ? undefined : await readSeedFile(opts.seed);
      const emulator = await CloudflareApiEmulator.start({ seed, port, latencyMs });
      io.stdout.write(JSON.stringify({ baseUrl: emulator.baseUrl }) + '\n');
      io.stderr.write(`emulator: serving ${emulator.baseUrl}; ${credentialsLine(seed, opts.seed)}; Ctrl-C stops it\n`);
      await untilStopped(parent);
      await emulator.close();
    });
}

// The defaults and a bundled seed's token are public test values, printed; a seed file of the user's own is named,
// never its values.
function credentialsLine(seed: EmulatorSeed | undefined, seedArg: string | undefined): string {
  const accepted = acceptedCredentials(seed?.credentials, undefined);
  const own = seed?.credentials && (seed.credentials.tokens?.length || seed.credentials.keys?.length);
  if (own && seedArg !== undefined && dirname(resolve(resolveSeedFile(seedArg))) !== BUNDLED_SEEDS_DIR) {
    return `it accepts the credentials listed in ${forTerminal(seedArg)} (not printed)`;
  }
  const [key] = accepted.keys;
  const keyPart = key ? ` (or email ${key.email} with key ${key.key})` : '';
  return `it accepts CLOUDFLARE_API_TOKEN=${accepted.tokens.join(' or ')}${keyPart}`;
}

function integerOption(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new InvalidInputError(
      flag,
      `${flag} must be an integer from ${min} to ${max}, got "${text}". Pass a number in that range.`,
    );
  }
  return n;
}

// Also when the process that started this one is gone: `npx` killed by a SIGTERM leaves its shell's child (this
// process) behind, reparented; a parent holding a pipe on stdin closes it by dying.
function untilStopped(parent: number): Promise<void> {
  const stdin = stdinIsPipe() ? process.stdin : undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      clearInterval(watch);
      stdin?.off('end', done).off('close', done).pause();
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    const watch = setInterval(() => {
      if (process.ppid !== parent) done();
    }, 250);
    watch.unref();
    stdin?.once('end', done).once('close', done).resume();
  });
}

function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
