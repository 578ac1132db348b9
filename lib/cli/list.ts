import { validateZoneId } from '../client/validate-input';
import { Command, Option } from 'commander';
import { toApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import type { MappingList } from '../client/listing';
import { columns, type CliIo } from './io';
import { withProgress } from './progress';
import { forTerminal } from '../sinks/terminal';
import { perPageOption } from './per-page';
import { listingClient } from './listing-client';

/**
 * Renders a listing as a fixed-width table for people: ORIGIN IP, VENDOR, REGION, MODIFIED, then a count line.
 * Every value passes through `forTerminal`, so control and bidi characters show as escapes.
 */
export function renderMappingTable(list: Pick<MappingList, 'zoneId' | 'mappings' | 'pages' | 'requests'>): string {
  const rows = list.mappings.map((m: OriginCloudRegionMapping) =>
    [m.originIp, m.vendor, m.region, m.modifiedOn ?? '-'].map((cell) => forTerminal(cell)),
  );
  const n = list.mappings.length;
  const summary = `${n} mapping${n === 1 ? '' : 's'} in zone ${forTerminal(list.zoneId)} (${list.pages} page${list.pages === 1 ? '' : 's'}, ${list.requests} request${list.requests === 1 ? '' : 's'})`;
  return [...columns([['ORIGIN IP', 'VENDOR', 'REGION', 'MODIFIED'], ...rows]), summary].join('\n') + '\n';
}

/** Renders a listing as JSON for scripts: an array of mappings with the API's field names, sorted. */
export function renderMappingJson(list: Pick<MappingList, 'mappings'>): string {
  return JSON.stringify(list.mappings.map(toApiMapping), null, 2) + '\n';
}

const EXAMPLES = `
Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL with CLOUDFLARE_API_KEY;
CLOUDFLARE_BASE_URL overrides the API address. The token needs read access to the zone's settings
(Zone → Zone Settings → Read); a 403 means it lacks it.
On a terminal, a lookup that takes over a second shows a progress line on stderr.

Examples:
  $ origin-cloud-regions list --zone 023e105f4ecef8ad9ca31a8372d0c353
  $ origin-cloud-regions list --zone 023e105f4ecef8ad9ca31a8372d0c353 --format json | jq '.[].origin_ip'
`;

/**
 * The `list` command: prints every origin cloud region mapping of a zone, as a table or as JSON.
 * Credentials and the base URL come from the environment (CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL, …).
 */
export function listCommand(io: CliIo): Command {
  return new Command('list')
    .description('print every origin cloud region mapping of a zone (sorted: IPv4, then IPv6, numerically)')
    .requiredOption('--zone <id>', 'zone id (32 lowercase hex characters)')
    .addOption(perPageOption())
    .addOption(
      new Option('--format <format>', 'table for people, json (an array of mappings) for scripts')
        .choices(['table', 'json'])
        .default('table'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { zone: string; perPage?: string; format: 'table' | 'json' }, command: Command) => {
      // Checked here too so that the error names the flag the user typed.
      validateZoneId(opts.zone, '--zone');
      const { client, debug } = listingClient(io, command, opts.perPage);
      try {
        const fetch = (): Promise<MappingList> => client.listMappings(opts.zone);
        // With --debug, stderr carries debug lines; a progress line would be torn between them.
        const list = debug ? await fetch() : await withProgress(io, `Fetching mappings of zone ${opts.zone} …`, fetch);
        io.stdout.write(opts.format === 'json' ? renderMappingJson(list) : renderMappingTable(list));
      } finally {
        await client.close();
      }
    });
}
