import { Command, InvalidArgumentError } from 'commander';
import { addReportOptions } from './diff';
import type { CliIo } from './io';
import { perPageOption } from './per-page';
import type { RefreshOptions } from './refresh-run';
import { zoneOption, zonesFileOption } from './zones';

const EXAMPLES = `
Refreshes the snapshots (<zone>.json) in the snapshot folder from the API, least recently refreshed
first, within a request budget, so that synths can run offline (ORIGIN_CLOUD_REGIONS_OFFLINE=1) from
committed snapshots. Zones: --zone and --zones-file (one zone id per line, # starts a comment), else
every <zone>.json already in the folder. When the budget is spent, refresh stops cleanly and names the
zones that remain; the next run starts with them. The order is kept in <folder>/.refresh-state.json
(when each zone was last refreshed); keep it between runs (commit it, or cache it in CI). A snapshot whose data did not
change is not touched (same bytes).

Each zone costs one request per 100 mappings plus one for its supported regions; --max-requests is
checked against that cost (from the zone's current snapshot) before each zone starts. The default is
what this process's rate budget allows (Cloudflare: 1200 requests per 5 minutes).

stdout is a drift report of the zones this run refreshed, unchanged ones on one line (as "diff" prints
it, plus the IP range verdicts and region support that changed), and of any zone a killed run replaced but
never reported (<folder>/.refresh-journal.jsonl). Its hidden marker is keyed on the zones asked for, so
every run over the same zones carries the same one (--comment-id sets another); progress and the zones that remain go to stderr. Exit codes: 0 nothing
changed, 2 some zone's mappings, verdicts or used regions changed, 1 error (the report and summary of what
was done are still printed). When an IP range feed cannot be read, the recorded verdicts it would decide
are kept, with a warning.

Examples:
  $ origin-cloud-regions refresh
  $ origin-cloud-regions refresh --max-requests 600 --format json > refresh.json
  $ origin-cloud-regions refresh --snapshot-dir snapshots --zones-file zones.txt > drift.md
`;

/** The `refresh` command: many zones' snapshots, within a request budget; prints what changed. */
export function refreshCommand(io: CliIo): Command {
  const command = new Command('refresh')
    .description(
      "Refresh the zones' snapshots from the API within a request budget, least recently refreshed first; print what changed.",
    )
    .option(
      '--snapshot-dir <folder>',
      'the snapshot folder (default: ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR, else .origin-cloud-regions)',
    )
    .addOption(zoneOption('a zone to refresh (repeatable); default: every <zone>.json in the folder'))
    .addOption(zonesFileOption())
    .option(
      '--max-requests <n>',
      'most API requests this run may send (default: what the rate budget allows)',
      parseMax,
    )
    .option(
      '--verify-ip-ranges',
      "record each zone's IP range verdicts in its snapshot, for an offline synth with verifyIpRanges (also ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES=1); a snapshot that holds verdicts always gets them again",
    )
    .option(
      '--coverage',
      "record each zone's origins in its snapshot, for an offline synth with coverage (also ORIGIN_CLOUD_REGIONS_COVERAGE=1; about 4 more requests per zone); a snapshot that holds origins always gets them again",
    );
  return addReportOptions(command)
    .addOption(perPageOption())
    .addHelpText('after', EXAMPLES)
    .action(async (options: RefreshOptions) => {
      // Loaded on use: the snapshot modules (and zod) are for this command only.
      const { runRefresh } = await import('./refresh-run');
      await runRefresh(io, options);
    });
}

function parseMax(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('give a whole number of requests, at least 1, such as 600.');
  return Number(value);
}
