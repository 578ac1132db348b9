import { Command, Option } from 'commander';
import {
  FEED_VENDORS,
  isPseudoRegion,
  loadIpRanges,
  locateIp,
  nothingVerifiedMessage,
  type LoadedIpRanges,
  type PublishedLocation,
} from '../ipranges';
import { canonicalIp } from '../model/ip';
import type { ApiMapping } from '../model/mapping';
import { forTerminal } from '../sinks/terminal';
import { columns, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';

/** Where one IP is published, and the mapping to create for it when that is unambiguous. */
export interface LocatedIp {
  /** The IP in canonical form. */
  readonly ip: string;
  /** Every loaded feed's longest match, most specific first; empty when no feed lists the IP. */
  readonly published: readonly PublishedLocation[];
  /**
   * A ready mapping (`origin_ip`, `vendor`, `region`) when exactly one vendor publishes the IP in one region that
   * is not global or unknown; `null` otherwise (unpublished, anycast, no region, or published by several).
   */
  readonly mapping: ApiMapping | null;
}

/** Locates each IP in the loaded feeds. Pure. */
export function locateIps(loaded: Pick<LoadedIpRanges, 'index'>, ips: readonly string[]): LocatedIp[] {
  return ips.map((ip) => {
    const published = locateIp(loaded.index, ip);
    const only = published.length === 1 ? published[0] : undefined;
    const mapping =
      only !== undefined && !isPseudoRegion(only.region)
        ? { origin_ip: ip, vendor: only.vendor, region: only.region }
        : null;
    return { ip, published, mapping };
  });
}

/**
 * `locate --format table`: IP, VENDOR, REGION, PREFIX; one row per published location. An IP no feed lists reads
 * `unpublished` when every vendor's feed was read, `unverified` when one was not (`complete`).
 */
export function renderLocatedTable(rows: readonly LocatedIp[], complete = true): string {
  const cells = rows.flatMap((r) =>
    (r.published.length === 0
      ? [[r.ip, '-', complete ? 'unpublished' : 'unverified', '-']]
      : r.published.map((p) => [r.ip, p.vendor, p.region, p.prefix])
    ).map((c) => c.map((x) => forTerminal(x))),
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
    .addOption(
      new Option('--format <format>', 'table for people, json (with a ready mapping per IP) for scripts')
        .choices(['table', 'json'])
        .default('table'),
    )
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
      const rows = locateIps(loaded, canonical);
      const complete = loaded.index.loadedVendors().length === FEED_VENDORS.length;
      io.stdout.write(
        opts.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : renderLocatedTable(rows, complete),
      );
      process.exitCode = 0;
    });
}
