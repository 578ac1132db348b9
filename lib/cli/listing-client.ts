import type { Command } from 'commander';
import { OriginCloudRegionsClient } from '../client/client';
import type { CliIo } from './io';
import { perPageFrom } from './per-page';
import { withProgress } from './progress';

/**
 * Runs `work` with a listing command's client, closed after it. With `--debug` it writes one line per request on
 * stderr, and no `progress` line, which those lines would tear.
 */
export async function withListingClient<T>(
  io: CliIo,
  command: Command,
  perPage: string | undefined,
  progress: string,
  work: (client: OriginCloudRegionsClient) => Promise<T>,
): Promise<T> {
  const debug = command.optsWithGlobals<{ debug?: boolean }>().debug === true;
  const client = new OriginCloudRegionsClient({
    env: io.env,
    ...perPageFrom(perPage),
    ...(debug ? { debug: (line: string) => void io.stderr.write(`debug: ${line}\n`) } : {}),
  });
  try {
    return debug ? await work(client) : await withProgress(io, progress, () => work(client));
  } finally {
    await client.close();
  }
}
