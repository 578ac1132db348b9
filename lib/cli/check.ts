import { validateZoneId } from '../client/validate-input';
import { Command } from 'commander';
import { InvalidExpectationError, InvalidInputError } from '../errors';
import { InputFileError, InputFileNotFoundError } from '../errors/files';
import { readRegularFile } from '../files/read-regular-file';
import { compareWithExpectations, type Expectation } from '../expectations/compare';
import { lookupZones } from '../lookup/lookup-zones';
import { regionAuthorityOf } from '../lookup/result';
import { validateExpectations, type RegionAuthority } from '../validate';
import { parseExpectationsFile } from '../expectations/file';
import type { CheckReport } from '../reports/report';
import {
  addReportOptions,
  verifyIpRangesOption,
  writeReportVerifiedIfAsked,
  type ReportOptions,
  type VerifyOption,
} from './diff';
import type { CliIo } from './io';
import { withProgress } from './progress';
import { perPageFrom, perPageOption } from './per-page';

const EXAMPLES = `
The expectations file is JSON, either a list or an object with an optional zone id:
  [{ "originIp": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }]
  { "zoneId": "023e105f4ecef8ad9ca31a8372d0c353", "expect": [ ... ] }
IPs may be written in any valid notation. Vendors and regions are checked against the zone's
supported regions (or, when those are unavailable, the bundled catalog) before comparing. YAML is not accepted: reading it would add a
parser dependency to the package; convert YAML to JSON first (for example with yq -o json).

Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL with CLOUDFLARE_API_KEY;
CLOUDFLARE_BASE_URL overrides the API address.

Exit codes (as terraform plan -detailed-exitcode): 0 no drift, 1 error, 2 drift.
On a terminal, a lookup that takes over a second shows a progress line on stderr.

Examples:
  $ origin-cloud-regions check --zone 023e105f4ecef8ad9ca31a8372d0c353 --expect origins.json
  $ origin-cloud-regions check --expect origins.json --unexpected --format json

The Markdown report starts with a hidden marker, <!-- origin-cloud-regions:check:<digest> --> (or
<!-- origin-cloud-regions:<id> --> with --comment-id <id>), so a CI step can update its previous comment.
`;

interface CheckFlags {
  readonly zone?: string;
  readonly expect: string;
  readonly unexpected: boolean;
  readonly perPage?: string;
}

/** The `check` command: compares a zone's live mappings with an expectations file. */
export function checkCommand(io: CliIo): Command {
  const command = new Command('check')
    .description("Check a zone's live mappings against an expectations file (for CI).")
    .option('--zone <id>', "the zone id (default: the file's zoneId)")
    .requiredOption('--expect <file>', 'expectations file (JSON)')
    .option(
      '--unexpected',
      'also report mapped origins that no expectation names (off by default: zones may hold origins managed elsewhere)',
      false,
    );
  return addReportOptions(command)
    .addOption(verifyIpRangesOption())
    .addOption(perPageOption())
    .addHelpText('after', EXAMPLES)
    .action(async (options: ReportOptions & VerifyOption & CheckFlags) => {
      const perPage = perPageFrom(options.perPage);
      const file = parseExpectationsFile(readExpectations(options.expect), options.expect);
      if (options.zone !== undefined && file.zoneId !== undefined && options.zone !== file.zoneId) {
        throw new InvalidInputError(
          '--zone',
          `--zone ${options.zone} differs from the zoneId ${file.zoneId} in ${options.expect}. Give the same zone in both, or drop one.`,
        );
      }
      const zoneId = options.zone ?? file.zoneId;
      if (zoneId === undefined) {
        throw new InvalidInputError('--zone', `No zone given. Pass --zone <id>, or put "zoneId" in ${options.expect}.`);
      }
      validateZoneId(zoneId, options.zone !== undefined ? '--zone' : `zoneId in ${options.expect}`);
      // The lookup's own rules (validation, and the catalog fallback when supported_regions is unavailable);
      // always online: check compares with the live zone, whatever ORIGIN_CLOUD_REGIONS_OFFLINE says. IP range
      // verification runs once, below, over the report (not in the lookup as well, whatever the environment says).
      const [result] = await withProgress(io, `Fetching mappings and supported regions of zone ${zoneId} …`, () =>
        lookupZones([{ zoneId, client: { env: io.env, ...perPage }, offline: false, verifyIpRanges: false }], {
          env: io.env,
        }),
      );
      const authority = regionAuthorityOf(result);
      assertKnownRegions(file.entries, authority, options.expect);
      const drift = compareWithExpectations(result.mappings, file.expect, { reportUnexpected: options.unexpected });
      const report: CheckReport = {
        kind: 'check',
        expectations: options.expect,
        zones: [
          {
            zoneId,
            liveCount: result.mappings.length,
            expectedCount: file.expect.length,
            reportUnexpected: options.unexpected,
            drift,
          },
        ],
      };
      await writeReportVerifiedIfAsked(io, report, options);
    });
}

function assertKnownRegions(entries: readonly Expectation[], authority: RegionAuthority, file: string): void {
  try {
    validateExpectations(entries, authority);
  } catch (error) {
    if (!(error instanceof InvalidExpectationError)) throw error;
    // The CLI prints one line per error, so the problem list goes on that line.
    const problems = error.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new InvalidInputError(
      error.field,
      `${file} names unknown vendors or regions (${authority.kind}): ${problems}. Fix those entries; vendors and regions are spelled as the Cloudflare API returns them.`,
      { cause: error },
    );
  }
}

function readExpectations(file: string): string {
  // A regular file of at most 64 MiB: a FIFO or /dev/zero given by mistake never hangs the check.
  try {
    return readRegularFile(file, { what: 'expectations file' }).toString('utf8');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const message =
      error instanceof InputFileNotFoundError
        ? `${file} does not exist. Give the path of a JSON expectations file to --expect.`
        : `${file}: ${error.problem}. ${error.fix}`;
    throw new InvalidInputError('--expect', message, { cause: error });
  }
}
