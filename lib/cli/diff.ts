import { Command, InvalidArgumentError, Option } from 'commander';
import { readMappingSource, readPlanSides } from '../readers/mapping-source';
import { buildDiffReport, reportHasDrift, type DriftReport } from '../reports/report';
import { DEFAULT_ROW_LIMIT, isValidCommentId, renderMarkdownReport } from '../reports/markdown';
import { renderJsonReport } from '../reports/json';
import { resolveVerifyIpRanges } from '../lookup/settings';
import { forTerminal } from '../sinks/terminal';
import { formatOption, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';

const EXAMPLES = `
Each side may be:
  - a snapshot file (.origin-cloud-regions/<zoneId>.json) or a folder of snapshots
  - a cdktf.out folder (every stacks/<name>/cdk.tf.json) or one cdk.tf.json
  - a Terraform plan in JSON (terraform show -json plan.out > plan.json); as one side of a
    two-argument diff, a plan stands for its planned (after) state
With one argument, that argument must be a plan in JSON: the report shows its before → after.
Zones are paired by zone id. A stack synthesized with cdktf synth --hcl (cdk.tf) cannot be read:
synthesize without --hcl. Files are read only if they are regular files of at most 64 MiB; inside a
folder, symbolic links that lead out of it are refused.

The Markdown report is made for one pull-request comment: its first line is a hidden marker,
<!-- origin-cloud-regions:diff:<12 hex digits of the zone set's SHA-256> --> (or
<!-- origin-cloud-regions:<id> --> with --comment-id <id>), which a CI step searches for to update its
previous comment. It stays under 60,000 characters; --format json is always complete.

Exit codes (as terraform plan -detailed-exitcode): 0 no drift, 1 error, 2 drift.

Examples:
  $ origin-cloud-regions diff base/cdktf.out cdktf.out
  $ origin-cloud-regions diff .origin-cloud-regions/023e105f4ecef8ad9ca31a8372d0c353.json cdktf.out
  $ terraform plan -out plan.out && terraform show -json plan.out > plan.json
  $ origin-cloud-regions diff plan.json > drift.md
  $ origin-cloud-regions diff old.json new.json --format json | jq '.summary'
  $ origin-cloud-regions diff base/cdktf.out cdktf.out --comment-id origins/pr > report.md
  $ origin-cloud-regions diff base/cdktf.out cdktf.out --verify-ip-ranges
`;

/** The `diff` command: compares the mappings of two sources, or the two sides of a plan. */
export function diffCommand(io: CliIo): Command {
  const command = new Command('diff')
    .description('Show which origins were added, removed or moved between two mapping sources, or in a Terraform plan.')
    .argument('<base>', 'the before side (or, alone, a plan in JSON)')
    .argument('[head]', 'the after side');
  return addReportOptions(command)
    .addOption(verifyIpRangesOption())
    .addHelpText('after', EXAMPLES)
    .action(async (base: string, head: string | undefined, options: ReportOptions & VerifyOption) => {
      let report: DriftReport;
      if (head === undefined) {
        const sides = readPlanSides(base);
        report = buildDiffReport(
          { label: `${base} (before)`, zones: sides.before },
          { label: `${base} (after)`, zones: sides.after },
        );
      } else {
        const before = readMappingSource(base);
        const after = readMappingSource(head);
        report = buildDiffReport({ label: base, zones: before.zones }, { label: head, zones: after.zones });
      }
      await writeReportVerifiedIfAsked(io, report, options);
    });
}

/** `--verify-ip-ranges`, given or not. */
export interface VerifyOption {
  readonly verifyIpRanges?: boolean;
}

/** `--verify-ip-ranges`: mark the reported mappings the clouds' published IP ranges contradict. */
export function verifyIpRangesOption(): Option {
  return new Option(
    '--verify-ip-ranges',
    "check added and changed mappings against the clouds' published IP ranges (also ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES=1); contradictions are marked",
  );
}

/** Prints the report ({@link writeReport}), marked first when verification is on (the flag, else the variable). */
export async function writeReportVerifiedIfAsked(
  io: CliIo,
  report: DriftReport,
  options: ReportOptions & VerifyOption,
): Promise<void> {
  const verified = resolveVerifyIpRanges(options, io.env) ? await verifyReport(io, report) : undefined;
  writeReport(io, verified?.report ?? report, options, verified?.verifiedNothing === true);
}

// Marks a diff's added or changed mappings, a check's mismatched and unexpected live ones; says when nothing verified.
async function verifyReport<R extends DriftReport>(io: CliIo, report: R) {
  // Loaded only with --verify-ip-ranges, like each command's own module (see run.ts): diff, check and refresh share
  // this file, and most of their runs never read a feed.
  const [{ loadIpRanges }, { verifyCheckReport, verifyDiffReport }, { nothingVerified, nothingVerifiedMessage }] =
    await Promise.all([import('../ipranges/load'), import('../reports/verify-ip-ranges'), import('../ipranges/zone')]);
  const loaded = await loadIpRanges({ env: io.env });
  for (const warning of loaded.warnings) io.stderr.write(`${forTerminal(warning)}\n`);
  const marked = (
    report.kind === 'diff' ? verifyDiffReport(report, loaded.index) : verifyCheckReport(report, loaded.index)
  ) as R;
  const verdicts = marked.zones.flatMap((z) => z.ipRanges ?? []);
  const verifiedNothing = nothingVerified(loaded, verdicts);
  if (verifiedNothing) io.stderr.write(`origin-cloud-regions: ${forTerminal(nothingVerifiedMessage(loaded))}\n`);
  return { report: marked, verifiedNothing };
}

/** Adds the options of a report: `--format`, `--limit` and `--comment-id`. */
export function addReportOptions(command: Command): Command {
  const format = 'report format: markdown (for a pull-request comment) or json (complete, for machines)';
  const limit = 'rows per Markdown table before the rest is summarized (JSON is always complete)';
  return command
    .addOption(formatOption(format, ['markdown', 'json']))
    .addOption(new Option('--limit <n>', limit).argParser(parseLimit).default(DEFAULT_ROW_LIMIT))
    .addOption(
      new Option(
        '--comment-id <id>',
        "id in the Markdown report's hidden marker <!-- origin-cloud-regions:<id> --> (letters, digits, . _ : / -); default: <kind>:<digest of the zone ids>",
      ).argParser(parseCommentId),
    );
}

function parseCommentId(value: string): string {
  if (!isValidCommentId(value)) {
    throw new InvalidArgumentError(
      'use letters, digits and . _ : / - (no "--"), starting with a letter or digit, at most 100 characters, such as pr-review/origins.',
    );
  }
  return value;
}

/** The options of a report: `--format`, `--limit`, `--comment-id`. */
export interface ReportOptions {
  readonly format: 'markdown' | 'json';
  readonly limit: number;
  readonly commentId?: string;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a whole number of rows, such as 50.');
  return Number(value);
}

/**
 * Prints a report and sets the exit code: {@link NOTHING_VERIFIED_EXIT_CODE} when verification verified nothing (it
 * wins over drift, so a job accepting 2 still fails), else 2 on drift, else 0.
 */
export function writeReport(io: CliIo, report: DriftReport, options: ReportOptions, verifiedNothing = false): void {
  io.stdout.write(
    options.format === 'json'
      ? renderJsonReport(report)
      : renderMarkdownReport(report, {
          limit: options.limit,
          ...(options.commentId === undefined ? {} : { commentId: options.commentId }),
        }),
  );
  process.exitCode = verifiedNothing ? NOTHING_VERIFIED_EXIT_CODE : reportHasDrift(report) ? 2 : 0;
}
