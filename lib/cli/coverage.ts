import { promises as dns } from 'node:dns';
import { Command } from 'commander';
import { mapConcurrent } from '../client/concurrent';
import { ZONE_ID } from '../client/validate-input';
import {
  classifyCoverage,
  collectZoneOrigins,
  coverageHasGaps,
  coverageJson,
  missingSourceWarning,
  renderCoverageMarkdown,
  type HostnameResolver,
  type ZoneCoverage,
} from '../coverage';
import { InvalidInputError } from '../errors';
import { loadIpRanges, locateIp, nothingVerifiedMessage, unconfiguredFeedNotes } from '../ipranges';
import { fetchZone } from '../lookup/fetch-zone';
import { forTerminal } from '../sinks/terminal';
import { formatOption, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';
import { withListingClient } from './listing-client';
import { namedZones, zoneOption, zonesFileOption, type ZoneFlags } from './zones';

const EXAMPLES = `
Reads each zone's proxied DNS records (A, AAAA, CNAME), its load balancers and their pools, and its mappings, then
says which origin IPs a cloud's IP range feed places but no mapping covers (unmapped, with the mapping to create),
which mappings point at no origin (orphaned), which origins are hostnames, and which pools mix regions.
Token permissions: Origin Cloud Regions read, DNS Read, Load Balancers Read, Load Balancing: Monitors and Pools Read
(and Zone Read, unless --account is given). A source the token may not read is a warning and the report says it is
partial. See docs/coverage.md.
Exit code: 0 when nothing is unmapped or orphaned, 2 when something is, 3 when no IP range feed could be read and
nothing is orphaned (nothing could be located), 1 on error.

Examples:
  $ origin-cloud-regions coverage --zone 023e105f4ecef8ad9ca31a8372d0c353 > coverage.md
  $ origin-cloud-regions coverage --zones-file zones.txt --format json | jq '.zones[].unmapped'
`;

interface CoverageOptions extends ZoneFlags {
  readonly account?: string;
  readonly format: 'markdown' | 'json';
  readonly resolveHostnames?: boolean;
  readonly resolver?: string;
}

/** A resolver of A and AAAA records through the system's, or the given, DNS servers. */
function dnsResolver(server: string | undefined): HostnameResolver {
  const resolver = new dns.Resolver({ timeout: 5_000, tries: 2 });
  if (server !== undefined) {
    try {
      resolver.setServers([server]);
    } catch (error) {
      throw new InvalidInputError(
        '--resolver',
        `--resolver ${forTerminal(server)} is not a DNS server address. Give an IP, optionally with a port (192.0.2.53:53, [2001:db8::53]:53).`,
        { cause: error },
      );
    }
  }
  return async (hostname, signal) => {
    const onAbort = (): void => resolver.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const answers = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
      return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
}

async function runCoverage(io: CliIo, command: Command, opts: CoverageOptions): Promise<void> {
  const zones = [...new Set(namedZones(opts))];
  if (zones.length === 0) {
    throw new InvalidInputError('--zone', 'Name at least one zone with --zone <id> or --zones-file <file>.');
  }
  if (opts.account !== undefined && !ZONE_ID.test(opts.account)) {
    throw new InvalidInputError(
      '--account',
      '--account must be an account id: 32 lowercase hex characters, as in the dashboard URL.',
    );
  }
  const resolve = opts.resolveHostnames === true ? dnsResolver(opts.resolver) : undefined;
  const progress = `Reading the origins and mappings of ${zones.length} zone(s) …`;
  // Each zone's mappings (supported regions are not needed) and its origins, read together.
  const [zoneReads, loaded] = await withListingClient(io, command, undefined, progress, (client) =>
    Promise.all([
      mapConcurrent(zones, client.config.pageConcurrency, (zoneId, signal) =>
        Promise.all([
          fetchZone(client, zoneId, { supportedRegions: false }),
          collectZoneOrigins(client, zoneId, { accountId: opts.account, resolve, signal }),
        ]),
      ),
      loadIpRanges({ env: io.env }),
    ]),
  );
  for (const warning of loaded.warnings) io.stderr.write(`${forTerminal(warning)}\n`);
  const reports: ZoneCoverage[] = zoneReads.map(([zone, origins]) =>
    classifyCoverage(origins, zone.list.mappings, (ip) => locateIp(loaded.index, ip)),
  );
  // An origin no loaded feed places may belong to a vendor whose feed is not configured (Azure by default): say how.
  if (reports.some((r) => r.unknown.some((u) => u.published.length === 0))) {
    for (const note of unconfiguredFeedNotes(loaded, [{ vendor: '', verdict: 'unverified' }])) {
      io.stderr.write(`note: ${forTerminal(note)}\n`);
    }
  }
  for (const r of reports) {
    for (const m of r.missing) io.stderr.write(`warning: ${forTerminal(missingSourceWarning(r.zoneId, m))}\n`);
  }
  io.stdout.write(
    opts.format === 'json' ? JSON.stringify(coverageJson(reports), null, 2) + '\n' : renderCoverageMarkdown(reports),
  );
  if (coverageHasGaps(reports)) process.exitCode = 2;
  else if (loaded.index.loadedVendors().length === 0) {
    // No feed: no origin could be placed, so "nothing unmapped" would be a pass that was never checked.
    io.stderr.write(`origin-cloud-regions: ${forTerminal(nothingVerifiedMessage(loaded))}\n`);
    process.exitCode = NOTHING_VERIFIED_EXIT_CODE;
  } else process.exitCode = 0;
}

/** The `coverage` command: which origins of a zone have no mapping, and which mappings point at no origin. */
export function coverageCommand(io: CliIo): Command {
  return new Command('coverage')
    .description('find origins without a mapping, and mappings that point at no origin')
    .addOption(zoneOption('a zone (repeatable)'))
    .addOption(zonesFileOption())
    .option('--account <id>', "the account that owns the zones' pools (default: read from each zone)")
    .addOption(formatOption('markdown for a pull-request comment, json for scripts', ['markdown', 'json']))
    .option('--resolve-hostnames', 'resolve hostname origins (CNAME targets, pool hostnames) and classify their IPs')
    .option('--resolver <server>', 'the DNS server for --resolve-hostnames (default: the system resolver)')
    .addHelpText('after', EXAMPLES)
    .action((opts: CoverageOptions, command: Command) => runCoverage(io, command, opts));
}
