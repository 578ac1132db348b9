import { Command } from 'commander';
import { validateZoneId } from '../client/validate-input';
import { toApiMapping } from '../model/mapping';
import type { MappingList } from '../client/listing';
import { forTerminal } from '../sinks/terminal';
import { columns, formatOption, type CliIo } from './io';
import { withListingClient } from './listing-client';
import { perPageOption } from './per-page';

/** A listing as a table for people, then a count line; every value through `forTerminal`. */
export function renderMappingTable(list: Pick<MappingList, 'zoneId' | 'mappings' | 'pages' | 'requests'>): string {
  const rows = list.mappings.map((m) => [m.originIp, m.vendor, m.region, m.modifiedOn ?? '-'].map(forTerminal));
  const n = list.mappings.length;
  const summary = `${n} mapping${n === 1 ? '' : 's'} in zone ${forTerminal(list.zoneId)} (${list.pages} page${list.pages === 1 ? '' : 's'}, ${list.requests} request${list.requests === 1 ? '' : 's'})`;
  return [...columns([['ORIGIN IP', 'VENDOR', 'REGION', 'MODIFIED'], ...rows]), summary].join('\n') + '\n';
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

/** The `list` command: every origin cloud region mapping of a zone, as a table or as JSON. */
export function listCommand(io: CliIo): Command {
  return new Command('list')
    .description('print every origin cloud region mapping of a zone (sorted: IPv4, then IPv6, numerically)')
    .requiredOption('--zone <id>', 'zone id (32 lowercase hex characters)')
    .addOption(perPageOption())
    .addOption(formatOption('table for people, json (an array of mappings) for scripts', ['table', 'json']))
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { zone: string; perPage?: string; format: 'table' | 'json' }, command: Command) => {
      // Checked here too so that the error names the flag the user typed.
      validateZoneId(opts.zone, '--zone');
      const list = await withListingClient(io, command, opts.perPage, `Fetching mappings of zone ${opts.zone} …`, (c) =>
        c.listMappings(opts.zone),
      );
      io.stdout.write(
        opts.format === 'json'
          ? JSON.stringify(list.mappings.map(toApiMapping), null, 2) + '\n'
          : renderMappingTable(list),
      );
    });
}
