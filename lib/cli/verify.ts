import { Command } from 'commander';
import { validateZoneId } from '../client/validate-input';
import {
  isContradiction,
  loadIpRanges,
  nothingVerified,
  nothingVerifiedMessage,
  unconfiguredFeedNotes,
  verdictFor,
  type FeedLoadResult,
  UNKNOWN_REGION,
  type IpRangeVerdict,
  type PublishedLocation,
} from '../ipranges';
import { fetchZone } from '../lookup/fetch-zone';
import { placementOf, toApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { inlineCode } from '../sinks/markdown';
import { forTerminal } from '../sinks/terminal';
import { columns, formatOption, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';
import { withListingClient } from './listing-client';
import { perPageOption } from './per-page';

interface VerifiedMapping {
  readonly mapping: OriginCloudRegionMapping;
  readonly result: IpRangeVerdict;
}

/** `vendor/region`, or `vendor, no region` for a prefix the vendor lists without one (`vendor_only`). */
function placement(p: PublishedLocation): string {
  return p.region === UNKNOWN_REGION ? `${p.vendor}, no region` : placementOf(p);
}

function countLine(rows: readonly VerifiedMapping[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.result.verdict, (counts.get(r.result.verdict) ?? 0) + 1);
  const parts = [...counts.entries()].map(([v, n]) => `${n} ${v}`);
  const n = rows.length;
  return `${n} mapping${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function renderJson(rows: readonly VerifiedMapping[]): string {
  const out = rows.map((r) => ({
    ...toApiMapping(r.mapping),
    verdict: r.result.verdict,
    published: r.result.published,
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

function renderTable(rows: readonly VerifiedMapping[]): string {
  const cells = rows.map((r) => {
    const p = r.result.published;
    const published = p === null ? '-' : `${placement(p)} (${p.prefix})`;
    return [r.mapping.originIp, r.mapping.vendor, r.mapping.region, r.result.verdict, published].map(forTerminal);
  });
  return (
    [...columns([['ORIGIN IP', 'VENDOR', 'REGION', 'VERDICT', 'PUBLISHED'], ...cells]), countLine(rows)].join('\n') +
    '\n'
  );
}

// Every value an inert code span.
function renderMarkdown(rows: readonly VerifiedMapping[], feeds: readonly FeedLoadResult[]): string {
  const lines = [
    '| Origin IP | Vendor | Region | Verdict | Published |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const p = r.result.published;
      const published = p === null ? '—' : `${inlineCode(placement(p))} in ${inlineCode(p.prefix)}`;
      return `| ${inlineCode(r.mapping.originIp)} | ${inlineCode(r.mapping.vendor)} | ${inlineCode(r.mapping.region)} | ${inlineCode(r.result.verdict)} | ${published} |`;
    }),
    '',
    `${countLine(rows)}.`,
    '',
    `Feeds: ${feeds.map((f) => `${f.vendor} ${f.version === undefined ? f.status : `${inlineCode(f.version)} (${f.status})`}`).join(', ')}.`,
  ];
  return lines.join('\n') + '\n';
}

const EXAMPLES = `
Verdicts: confirmed, region_mismatch, vendor_mismatch, anycast, vendor_only, unpublished, unverified (see
docs/ip-ranges.md).
Exit code: 0 when nothing contradicts the feeds, 2 when any mapping is a region_mismatch or vendor_mismatch,
3 when nothing could be verified (no feed loaded, or a feed failed and every mapping is unverified), 1 on error.
Feeds: ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS, _GCP, _OCI, _AZURE (an https URL, a file path, or "off"); AWS, Google and
Oracle default to their official URLs, Azure to none. Downloads are cached in ORIGIN_CLOUD_REGIONS_CACHE_DIR.

Examples:
  $ origin-cloud-regions verify --zone 023e105f4ecef8ad9ca31a8372d0c353
  $ ORIGIN_CLOUD_REGIONS_IP_RANGES_AZURE=ServiceTags_Public.json origin-cloud-regions verify --zone 023e105f4ecef8ad9ca31a8372d0c353 --format markdown
`;

/** The `verify` command: checks each mapping of a zone against the vendors' published IP ranges. */
export function verifyCommand(io: CliIo): Command {
  const format = 'table for people, json for scripts, markdown for a pull-request comment';
  return new Command('verify')
    .description("check each mapping of a zone against the cloud vendors' published IP ranges")
    .requiredOption('--zone <id>', 'zone id (32 lowercase hex characters)')
    .addOption(formatOption(format, ['table', 'json', 'markdown']))
    .addOption(perPageOption())
    .addHelpText('after', EXAMPLES)
    .action(
      async (opts: { zone: string; format: 'table' | 'json' | 'markdown'; perPage?: string }, command: Command) => {
        validateZoneId(opts.zone, '--zone');
        const progress = `Fetching mappings of zone ${opts.zone} and IP range feeds …`;
        const [list, loaded] = await withListingClient(io, command, opts.perPage, progress, (client) =>
          Promise.all([
            fetchZone(client, opts.zone, { supportedRegions: false }).then((zone) => zone.list),
            loadIpRanges({ env: io.env }),
          ]),
        );
        const rows = list.mappings.map((mapping) => ({ mapping, result: verdictFor(loaded.index, mapping) }));
        const verdicts = rows.map((r) => ({ vendor: r.mapping.vendor, verdict: r.result.verdict }));
        // For each vendor nobody configured a feed for, when it matters, how to configure it.
        const notes = [...loaded.warnings, ...unconfiguredFeedNotes(loaded, verdicts).map((n) => `note: ${n}`)];
        for (const note of notes) io.stderr.write(`${forTerminal(note)}\n`);
        io.stdout.write(
          opts.format === 'json'
            ? renderJson(rows)
            : opts.format === 'markdown'
              ? renderMarkdown(rows, loaded.feeds)
              : renderTable(rows),
        );
        if (nothingVerified(loaded, verdicts)) {
          io.stderr.write(`origin-cloud-regions: ${forTerminal(nothingVerifiedMessage(loaded))}\n`);
          process.exitCode = NOTHING_VERIFIED_EXIT_CODE;
        } else process.exitCode = rows.some((r) => isContradiction(r.result.verdict)) ? 2 : 0;
      },
    );
}
