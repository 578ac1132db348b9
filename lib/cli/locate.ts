import { Command } from 'commander';
import {
  FEED_VENDORS,
  isPseudoRegion,
  loadIpRanges,
  locateIp,
  nothingVerifiedMessage,
  type PublishedLocation,
} from '../ipranges';
import { canonicalIp } from '../model/ip';
import type { ApiMapping } from '../model/mapping';
import { forTerminal } from '../sinks/terminal';
import { columns, formatOption, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';

/** Where one IP is published, and the mapping to create for it when one vendor publishes it in one real region. */
interface LocatedIp {
  readonly ip: string;
  readonly published: readonly PublishedLocation[];
  readonly mapping: ApiMapping | null;
}

// An IP no feed lists is `unpublished` when every vendor's feed was read, else `unverified`.
function renderTable(rows: readonly LocatedIp[], complete: boolean): string {
  const cells = rows.flatMap((r) =>
    (r.published.length === 0
      ? [[r.ip, '-', complete ? 'unpublished' : 'unverified', '-']]
      : r.published.map((p) => [r.ip, p.vendor, p.region, p.prefix])
    ).map((c) => c.map(forTerminal)),
  );
  return columns([['IP', 'VENDOR', 'REGION', 'PREFIX'], ...cells]).join('\n') + '\n';
}

const EXAMPLES = `
No Cloudflare call: only the IP range feeds are read (see "verify --help" for configuring them).
"unpublished" means no feed lists the IP; with a feed missing, such an IP is "unverified" instead.
Exit code: 0, 3 when no feed could be read (nothing could be checked), 1 on error.

Examples:
  $ origin-cloud-regions locate 192.0.2.10 2001:db8::1
  $ origin-cloud-regions locate 192.0.2.10 --format json | jq '.[0].mapping'
`;

/** The `locate` command: which vendor and region publish each IP, and the mapping to create for it. */
export function locateCommand(io: CliIo): Command {
  return new Command('locate')
    .description('say which cloud vendor and region publish each IP (no Cloudflare call)')
    .argument('<ip...>', 'IPv4 or IPv6 addresses')
    .addOption(formatOption('table for people, json (with a ready mapping per IP) for scripts', ['table', 'json']))
    .addHelpText('after', EXAMPLES)
    .action(async (ips: string[], opts: { format: 'table' | 'json' }) => {
      const canonical = ips.map((ip) => canonicalIp(ip, 'ip'));
      const loaded = await loadIpRanges({ env: io.env });
      for (const warning of loaded.warnings) io.stderr.write(`${forTerminal(warning)}\n`);
      if (loaded.index.loadedVendors().length === 0) {
        // Every feed off or failed: an empty answer would read as "no cloud publishes these IPs".
        io.stderr.write(`origin-cloud-regions: ${forTerminal(nothingVerifiedMessage(loaded))}\n`);
        process.exitCode = NOTHING_VERIFIED_EXIT_CODE;
        return;
      }
      const rows = canonical.map((ip): LocatedIp => {
        const published = locateIp(loaded.index, ip);
        const only = published.length === 1 ? published[0] : undefined;
        const mapping =
          only !== undefined && !isPseudoRegion(only.region)
            ? { origin_ip: ip, vendor: only.vendor, region: only.region }
            : null;
        return { ip, published, mapping };
      });
      const complete = loaded.index.loadedVendors().length === FEED_VENDORS.length;
      io.stdout.write(opts.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : renderTable(rows, complete));
      process.exitCode = 0;
    });
}
