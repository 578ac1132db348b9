import { createHash } from 'node:crypto';
import { hiddenMarker, inlineCode } from '../sinks/markdown';
import type { MissingSource, ZoneCoverage } from './types';

/** Longest Markdown report by default: GitHub refuses comments over 65,536 characters. */
export const MAX_COVERAGE_COMMENT_LENGTH = 60_000;
/** Rows shown per table by default before the rest is summarized. */
export const COVERAGE_ROW_LIMIT = 50;
/** Sources shown per cell before "and N more". */
const SOURCES_PER_CELL = 3;

/** Whether a report holds a gap that fails the `coverage` command (exit 2): something unmapped or orphaned. */
export function coverageHasGaps(zones: readonly ZoneCoverage[]): boolean {
  return zones.some((z) => z.unmapped.length > 0 || z.orphaned.length > 0);
}

/** The `--format json` shape: snake_case keys, as the issue and the API spell them. */
export function coverageJson(zones: readonly ZoneCoverage[]): unknown {
  return {
    zones: zones.map((z) => ({
      zone_id: z.zoneId,
      complete: z.missing.length === 0,
      unmapped: z.unmapped,
      unknown: z.unknown,
      orphaned: z.orphaned,
      hostnames: z.hostnames.map((h) => ({
        name: h.name,
        sources: h.sources,
        changing_addresses: h.changingAddresses,
        ...(h.resolved === undefined ? {} : { resolved: h.resolved }),
      })),
      mapped: z.mapped,
      mixed_pools: z.mixedPools,
      missing: z.missing,
    })),
  };
}

const n = (count: number, word: string): string =>
  `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

function sourcesCell(sources: readonly string[]): string {
  const shown = sources.slice(0, SOURCES_PER_CELL).map(inlineCode).join(', ');
  return sources.length > SOURCES_PER_CELL ? `${shown} and ${sources.length - SOURCES_PER_CELL} more` : shown;
}

function table(title: string, header: readonly string[], rows: readonly string[][], limit: number): string[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, limit).map((r) => `| ${r.join(' | ')} |`);
  const more = rows.length > shown.length ? [`…and ${rows.length - shown.length} more (see \`--format json\`).`] : [];
  return [
    `**${title}: ${rows.length.toLocaleString('en-US')}**`,
    [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...shown].join('\n'),
    ...more,
  ];
}

function missingLine(m: MissingSource): string {
  return `⚠️ **Partial:** could not read ${inlineCode(m.source)} (${inlineCode(m.reason)}); its origins are not in this report. Give the API token ${inlineCode(m.permission)} to include them.`;
}

function zoneSection(z: ZoneCoverage, limit: number): string[] {
  const parts = [`### Zone ${inlineCode(z.zoneId)}`, ...z.missing.map(missingLine)];
  if (z.missing.length > 0 && z.orphaned.length > 0) {
    parts.push('Some orphaned mappings below may be origins of the sources that could not be read.');
  }
  parts.push(
    ...table(
      'Unmapped origins (create these mappings)',
      ['Origin IP', 'Suggested', 'Sources'],
      z.unmapped.map((u) => [inlineCode(u.ip), inlineCode(u.suggested), sourcesCell(u.sources)]),
      limit,
    ),
    ...table(
      'Orphaned mappings (no origin uses the IP)',
      ['Origin IP', 'Mapping'],
      z.orphaned.map((o) => [inlineCode(o.ip), inlineCode(o.mapping)]),
      limit,
    ),
    ...table(
      'Pools mixing regions (a pool gets one upper tier)',
      ['Pool', 'Placements'],
      z.mixedPools.map((p) => [inlineCode(p.pool), p.placements.map(inlineCode).join(', ')]),
      limit,
    ),
    ...table(
      'Hostname origins (not located by IP)',
      ['Hostname', 'Sources', 'Note'],
      z.hostnames.map((h) => [
        inlineCode(h.name),
        sourcesCell(h.sources),
        h.changingAddresses === null
          ? h.resolved === undefined
            ? ''
            : `resolved: ${h.resolved.map(inlineCode).join(', ') || 'nothing'}`
          : `${inlineCode(h.changingAddresses)}: its addresses change, an IP mapping goes stale`,
      ]),
      limit,
    ),
    ...table(
      'Unknown origins (no feed places them in one region)',
      ['Origin IP', 'Published', 'Sources'],
      z.unknown.map((u) => [
        inlineCode(u.ip),
        u.published.length === 0 ? 'in no loaded feed' : u.published.map(inlineCode).join(', '),
        sourcesCell(u.sources),
      ]),
      limit,
    ),
  );
  return parts;
}

function summary(zones: readonly ZoneCoverage[]): string {
  const sum = (f: (z: ZoneCoverage) => number): number => zones.reduce((t, z) => t + f(z), 0);
  const gaps = `${n(
    sum((z) => z.unmapped.length),
    'unmapped origin',
  )}, ${n(
    sum((z) => z.orphaned.length),
    'orphaned mapping',
  )}`;
  const rest = [
    n(
      sum((z) => z.mixedPools.length),
      'mixed pool',
    ),
    n(
      sum((z) => z.hostnames.length),
      'hostname',
    ),
    n(
      sum((z) => z.unknown.length),
      'unknown origin',
    ),
    `${sum((z) => z.mapped).toLocaleString('en-US')} mapped`,
  ].join(', ');
  const partial = zones.filter((z) => z.missing.length > 0).length;
  const lead = coverageHasGaps(zones) ? `**${gaps}**` : `No gaps: ${gaps}`;
  return `${lead}; ${rest}, across ${n(zones.length, 'zone')}.${partial > 0 ? ` ⚠️ ${n(partial, 'zone')} partial (a source could not be read).` : ''}`;
}

/** The hidden marker id of a coverage report: `coverage:<first 12 hex digits of the SHA-256 of the sorted zone ids>`. */
export function coverageCommentId(zones: readonly ZoneCoverage[]): string {
  const ids = zones.map((z) => z.zoneId).sort();
  return `coverage:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 12)}`;
}

/**
 * Renders coverage as Markdown for one pull-request comment: a hidden marker line (`<!-- origin-cloud-regions:coverage:<digest> -->`)
 * that a CI step finds to update its comment, a summary, then per zone its partial-source warnings and tables of
 * unmapped origins, orphaned mappings, mixed pools, hostnames and unknown origins. At most `maxLength` characters:
 * rows per table are halved until it fits, then zones are left out, and a note says so. Every value from the data
 * is an inert code span. Pure and deterministic.
 */
export function renderCoverageMarkdown(
  zones: readonly ZoneCoverage[],
  options: { readonly limit?: number; readonly maxLength?: number } = {},
): string {
  const maxLength = options.maxLength ?? MAX_COVERAGE_COMMENT_LENGTH;
  const head = [hiddenMarker(`origin-cloud-regions:${coverageCommentId(zones)}`), '## Origin coverage', summary(zones)];
  const cut =
    '_This report was cut to fit one GitHub comment. Run the same command with `--format json` for the complete report._';
  const initial = options.limit ?? COVERAGE_ROW_LIMIT;
  for (let limit = initial; ; limit = Math.floor(limit / 2)) {
    const blocks = [...head, ...zones.flatMap((z) => zoneSection(z, limit)), ...(limit < initial ? [cut] : [])];
    const text = blocks.join('\n\n') + '\n';
    if (text.length <= maxLength) return text;
    if (limit === 0) break;
  }
  const blocks = [...head];
  for (const z of zones) {
    const next = [...blocks, ...zoneSection(z, 0)];
    if ([...next, cut].join('\n\n').length + 1 > maxLength) break;
    blocks.splice(0, blocks.length, ...next);
  }
  return [...blocks, cut].join('\n\n').slice(0, maxLength - 1) + '\n';
}
