import type { Command } from 'commander';
import { OriginCloudRegionsClient } from '../client/client';
import type { CliIo } from './io';
import { perPageFrom } from './per-page';

/**
 * The client of a command that lists a zone (`list`, `verify`): settings from the environment, `--per-page` over
 * them, and with `--debug` one line per request on stderr (then the caller shows no progress line, which the debug
 * lines would tear).
 *
 * @throws {@link InvalidInputError} for a bad `--per-page` or setting, before any request
 */
export function listingClient(
  io: CliIo,
  command: Command,
  perPage: string | undefined,
): { readonly client: OriginCloudRegionsClient; readonly debug: boolean } {
  const flag = perPageFrom(perPage);
  const debug = command.optsWithGlobals<{ debug?: boolean }>().debug === true;
  const client = new OriginCloudRegionsClient({
    env: io.env,
    ...flag,
    ...(debug ? { debug: (line: string) => void io.stderr.write(`debug: ${line}\n`) } : {}),
  });
  return { client, debug };
}
