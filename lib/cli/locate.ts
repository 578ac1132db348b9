import { Command, Option } from 'commander';
import { GLOBAL_REGION, loadIpRanges, locateIp, type LoadedIpRanges, type PublishedLocation } from '../ipranges';
import { canonicalIp } from '../model/ip';
import type { ApiMapping } from '../model/mapping';
import { forTerminal } from '../sinks/terminal';
import type { CliIo } from './io';

/** Where one IP is published, and the mapping to create for it when that is unambiguous. */
export interface LocatedIp {
  /** The IP in canonical form. */
  readonly ip: string;
  /** Every loaded feed's longest match, most specific first; empty when no feed lists the IP. */
  readonly published: readonly PublishedLocation[];
  /**
   * A ready mapping (`origin_ip`, `vendor`, `region`) when exactly one vendor publishes the IP in one region that
   * is not global; `null` otherwise (unpublished, anycast, or published by several).
   */
  readonly mapping: ApiMapping | null;
}

/** Locates each IP in the loaded feeds. Pure. */
export function locateIps(loaded: Pick<LoadedIpRanges, 'index'>, ips: readonly string[]): LocatedIp[] {
  return ips.map((ip) => {
    const published = locateIp(loaded.index, ip);
    const only = published.length === 1 ? published[0] : undefined;
    const mapping =
      only !== undefined && only.region !== GLOBAL_REGION
        ? { origin_ip: ip, vendor: only.vendor, region: only.region }
        : null;
    return { ip, published, mapping };
  });
}

/** `locate --format table`: IP, VENDOR, REGION, PREFIX; one row per published location, `-` when none. */
export function renderLocatedTable(rows: readonly LocatedIp[]): string {
  const header = ['IP', 'VENDOR', 'REGION', 'PREFIX'];
  const cells = rows.flatMap((r) =>
    (r.published.length === 0
      ? [[r.ip, '-', 'unpublished', '-']]
      : r.published.map((p) => [r.ip, p.vendor, p.region, p.prefix])
    ).map((c) => c.map((x) => forTerminal(x))),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

const EXAMPLES = `
No Cloudflare call: only the IP range feeds are read (see "verify --help" for configuring them).

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
      const rows = locateIps(loaded, canonical);
      io.stdout.write(opts.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : renderLocatedTable(rows));
      process.exitCode = 0;
    });
}
