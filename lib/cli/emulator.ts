import { Command } from 'commander';
import { InvalidInputError } from '../errors';
import { CloudflareApiEmulator } from '../emulator';
import type { CliIo } from './io';

const EXAMPLES = `
The emulator accepts the seed's credentials or, when the seed names none, the token
emulator-token (or email emulator@example.com with key emulator-key). It listens on 127.0.0.1 only.

Examples:
  $ origin-cloud-regions emulator --seed seed.json --port 8787
  $ CLOUDFLARE_BASE_URL=http://127.0.0.1:8787/client/v4 CLOUDFLARE_API_TOKEN=emulator-token \\
      origin-cloud-regions list --zone <a zone id of seed.json>
`;

/**
 * The `emulator` command: runs the local Cloudflare API emulator on 127.0.0.1 until SIGINT or
 * SIGTERM. Prints one JSON line `{"baseUrl": "http://127.0.0.1:<port>/client/v4"}` on stdout, so a
 * script can read it and set `CLOUDFLARE_BASE_URL`.
 */
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
      const port = opts.port === undefined ? 0 : integerOption('--port', opts.port, 0, 65535);
      const latencyMs = integerOption('--latency-ms', opts.latencyMs, 0, 600_000);
      const emulator = await CloudflareApiEmulator.start({ seedFile: opts.seed, port, latencyMs });
      io.stdout.write(JSON.stringify({ baseUrl: emulator.baseUrl }) + '\n');
      io.stderr.write(
        `emulator: serving ${emulator.baseUrl} with the seed's credentials (or the defaults in lib/emulator/README.md); Ctrl-C stops it\n`,
      );
      await untilSignal();
      await emulator.close();
    });
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

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
