import { type Command, CommanderError } from 'commander';
import { OriginCloudRegionsError } from '../errors/base';
import { redactSecrets } from '../client/redact';
import { credentialsIn } from '../settings/resolve';
import { forTerminal } from '../sinks/terminal';
import { processIo, type CliIo } from './io';
import { PACKAGE_VERSION } from '../version';

// Every command, in help order. A call loads only the module of the command it runs (the client, the readers, zod,
// the emulator and the feeds are each needed by some commands only); the program's own help loads them all.
const COMMANDS: readonly { readonly name: string; load(): Promise<(io: CliIo) => Command> }[] = [
  { name: 'list', load: async () => (await import('./list')).listCommand },
  { name: 'diff', load: async () => (await import('./diff')).diffCommand },
  { name: 'check', load: async () => (await import('./check')).checkCommand },
  { name: 'refresh', load: async () => (await import('./refresh')).refreshCommand },
  { name: 'verify', load: async () => (await import('./verify')).verifyCommand },
  { name: 'locate', load: async () => (await import('./locate')).locateCommand },
  { name: 'coverage', load: async () => (await import('./coverage')).coverageCommand },
  { name: 'emulator', load: async () => (await import('./emulator')).emulatorCommand },
];

// The one a call names (its first argument that is not an option), or all.
function commandsFor(argv: readonly string[]): typeof COMMANDS {
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const only = COMMANDS.filter((c) => c.name === named);
  return only.length === 1 ? only : COMMANDS;
}

const EXAMPLES = `
Run "origin-cloud-regions <command> --help" for a command's options and examples.

Examples:
  $ origin-cloud-regions list --zone 023e105f4ecef8ad9ca31a8372d0c353 --format json
  $ origin-cloud-regions check --expect origins.json
  $ origin-cloud-regions diff base/cdktf.out cdktf.out > drift.md
`;

/** Runs the CLI and returns its exit code, also set as `process.exitCode`; never calls `process.exit`. */
export async function runCli(argv: readonly string[], program: Command, io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  program
    .name('origin-cloud-regions')
    .description("Look up, check and diff a Cloudflare zone's origin cloud region mappings.")
    .version(PACKAGE_VERSION, '-V, --version', 'print the version and exit')
    .option('--debug', 'on error, print the stack trace too (credentials stay redacted)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Usage errors quote what the user typed, which may hold terminal escapes: escape each line.
      writeErr: (s) => io.stderr.write(escapeLines(s)),
    })
    .exitOverride();
  for (const make of await Promise.all(commandsFor(argv).map((c) => c.load()))) {
    // addCommand, unlike .command(), does not inherit the program's settings: copy them, so a
    // command's usage errors and help also go through `io` and also say where to look next.
    const command = make(io).copyInheritedSettings(program);
    program.addCommand(
      command.showHelpAfterError(`(run "origin-cloud-regions ${command.name()} --help" for usage and examples)`),
    );
  }
  // A code left by an earlier call in this process (a library caller, a test) must not become this call's.
  process.exitCode = 0;
  let code: number;
  try {
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    code = reportError(error, io, debug);
  }
  process.exitCode = code;
  return code;
}

function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    // help and version exit with 0; commander already printed usage problems.
    return error.exitCode === 0 ? 0 : 1;
  }
  const secrets = credentialsIn(io.env);
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof OriginCloudRegionsError ? ` [${error.code}]` : '';
  // One line, whole: a line break or control character inside the message is shown escaped, never
  // obeyed and never a reason to cut the message (and its fix) short.
  io.stderr.write(`origin-cloud-regions: ${forTerminal(redactSecrets(message, secrets))}${code}\n`);
  if (debug && error instanceof Error && error.stack) {
    io.stderr.write(escapeLines(redactSecrets(error.stack, secrets)) + '\n');
  }
  return 1;
}

function escapeLines(text: string): string {
  return text.split('\n').map(forTerminal).join('\n');
}
