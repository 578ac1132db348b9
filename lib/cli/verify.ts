import { Command, Option } from 'commander';
import type { MappingList } from '../client/listing';
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
  type LoadedIpRanges,
  type PublishedLocation,
} from '../ipranges';
import { fetchZone } from '../lookup/fetch-zone';
import { toApiMapping, type ApiMapping, type OriginCloudRegionMapping } from '../model/mapping';
import { inlineCode } from '../sinks/markdown';
import { forTerminal } from '../sinks/terminal';
import { columns, NOTHING_VERIFIED_EXIT_CODE, type CliIo } from './io';
import { withProgress } from './progress';
import { perPageOption } from './per-page';
import { listingClient } from './listing-client';

/** A mapping with its verdict: the row of `verify`. */
export interface VerifiedMapping {
  /** The mapping as listed. */
  readonly mapping: OriginCloudRegionMapping;
  /** What the feeds say about it. */
  readonly result: IpRangeVerdict;
}

/** One element of `verify --format json`: the API's field names plus `verdict` and `published`. */
export type VerifiedApiMapping = ApiMapping & Pick<IpRangeVerdict, 'verdict' | 'published'>;

/** The verdict of each mapping, in the listing's order. Pure. */
export function verifyMappings(
  loaded: Pick<LoadedIpRanges, 'index'>,
  mappings: readonly OriginCloudRegionMapping[],
): VerifiedMapping[] {
  return mappings.map((mapping) => ({ mapping, result: verdictFor(loaded.index, mapping) }));
}

/** `verify --format json`: an array with the API's field names plus `verdict` and `published`. */
export function renderVerifiedJson(rows: readonly VerifiedMapping[]): string {
  const out: VerifiedApiMapping[] = rows.map((r) => ({
    ...toApiMapping(r.mapping),
    verdict: r.result.verdict,
    published: r.result.published,
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

/** `vendor/region`, or `vendor, no region` for a prefix the vendor lists without one (`vendor_only`). */
function placement(p: PublishedLocation): string {
  return p.region === UNKNOWN_REGION ? `${p.vendor}, no region` : `${p.vendor}/${p.region}`;
}

function publishedText(result: IpRangeVerdict): string {
  const p = result.published;
  return p === null ? '-' : `${placement(p)} (${p.prefix})`;
}

function countLine(rows: readonly VerifiedMapping[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.result.verdict, (counts.get(r.result.verdict) ?? 0) + 1);
  const parts = [...counts.entries()].map(([v, n]) => `${n} ${v}`);
  const n = rows.length;
  return `${n} mapping${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * `verify --format table`: ORIGIN IP, VENDOR, REGION, VERDICT, PUBLISHED, then a count line. Every value passes
 * through `forTerminal`.
 */
export function renderVerifiedTable(rows: readonly VerifiedMapping[]): string {
  const cells = rows.map((r) =>
    [r.mapping.originIp, r.mapping.vendor, r.mapping.region, r.result.verdict, publishedText(r.result)].map((c) =>
      forTerminal(c),
    ),
  );
  return (
    [...columns([['ORIGIN IP', 'VENDOR', 'REGION', 'VERDICT', 'PUBLISHED'], ...cells]), countLine(rows)].join('\n') +
    '\n'
  );
}

/** `verify --format markdown`: a GFM table, every value an inert code span (`inlineCode`). */
export function renderVerifiedMarkdown(rows: readonly VerifiedMapping[], feeds: readonly FeedLoadResult[]): string {
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

/**
 * Notes for stderr: the loader's warnings, and for each vendor nobody configured a feed for, when it matters, how
 * to configure it.
 */
export function feedNotes(loaded: LoadedIpRanges, rows: readonly VerifiedMapping[]): string[] {
  const verdicts = rows.map((r) => ({ vendor: r.mapping.vendor, verdict: r.result.verdict }));
  return [...loaded.warnings, ...unconfiguredFeedNotes(loaded, verdicts).map((n) => `note: ${n}`)];
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

/**
 * The `verify` command: lists a zone's mappings and checks each against the vendors' published IP ranges.
 * Exit 0 when nothing contradicts, 2 on any `region_mismatch`/`vendor_mismatch`, 3 when nothing could be verified,
 * 1 on error.
 */
export function verifyCommand(io: CliIo): Command {
  return new Command('verify')
    .description("check each mapping of a zone against the cloud vendors' published IP ranges")
    .requiredOption('--zone <id>', 'zone id (32 lowercase hex characters)')
    .addOption(
      new Option('--format <format>', 'table for people, json for scripts, markdown for a pull-request comment')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .addOption(perPageOption())
    .addHelpText('after', EXAMPLES)
    .action(
      async (opts: { zone: string; format: 'table' | 'json' | 'markdown'; perPage?: string }, command: Command) => {
        validateZoneId(opts.zone, '--zone');
        const { client, debug } = listingClient(io, command, opts.perPage);
        let list: MappingList;
        let loaded: LoadedIpRanges;
        try {
          const work = (): Promise<[MappingList, LoadedIpRanges]> =>
            Promise.all([
              fetchZone(client, opts.zone, { supportedRegions: false }).then((zone) => zone.list),
              loadIpRanges({ env: io.env }),
            ]);
          [list, loaded] = debug
            ? await work()
            : await withProgress(io, `Fetching mappings of zone ${opts.zone} and IP range feeds …`, work);
        } finally {
          await client.close();
        }
        const rows = verifyMappings(loaded, list.mappings);
        for (const note of feedNotes(loaded, rows)) io.stderr.write(`${forTerminal(note)}\n`);
        io.stdout.write(
          opts.format === 'json'
            ? renderVerifiedJson(rows)
            : opts.format === 'markdown'
              ? renderVerifiedMarkdown(rows, loaded.feeds)
              : renderVerifiedTable(rows),
        );
        if (
          nothingVerified(
            loaded,
            rows.map((r) => r.result),
          )
        ) {
          io.stderr.write(`origin-cloud-regions: ${forTerminal(nothingVerifiedMessage(loaded))}\n`);
          process.exitCode = NOTHING_VERIFIED_EXIT_CODE;
        } else process.exitCode = rows.some((r) => isContradiction(r.result.verdict)) ? 2 : 0;
      },
    );
}
