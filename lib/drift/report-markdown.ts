import type { MappingPlacement } from './diff';
import type { CheckReport, DiffReport, DriftReport, ZoneCheckReport, ZoneDiffReport } from './report';
import { reportHasDrift } from './report';

/** Options of {@link renderMarkdownReport}. */
export interface MarkdownReportOptions {
  /** Rows shown per table before the rest is summarized. @default 50 */
  readonly limit?: number;
}

/** Default rows per table. */
export const DEFAULT_ROW_LIMIT = 50;

/**
 * Renders a report as Markdown for a pull-request comment: a one-line summary, then per zone a
 * table each of added, removed and changed mappings (or missing, mismatched and unexpected ones
 * for a check). Tables longer than `limit` show their first rows in sorted order and say how many
 * more there are. Pure and deterministic; every value from the data is escaped.
 *
 * @example
 * ```ts
 * import { buildDiffReport, readMappingSource, renderMarkdownReport } from 'cdktf-origin-cloud-regions';
 *
 * const base = readMappingSource('main/cdktf.out');
 * const head = readMappingSource('cdktf.out');
 * const report = buildDiffReport({ label: base.path, zones: base.zones }, { label: head.path, zones: head.zones });
 * const comment = renderMarkdownReport(report, { limit: 20 }); // post it on the pull request
 * ```
 */
export function renderMarkdownReport(report: DriftReport, options: MarkdownReportOptions = {}): string {
  const limit = options.limit ?? DEFAULT_ROW_LIMIT;
  const blocks = report.kind === 'diff' ? diffBlocks(report, limit) : checkBlocks(report, limit);
  return blocks.join('\n\n') + '\n';
}

function diffBlocks(report: DiffReport, limit: number): string[] {
  const totals = { added: 0, removed: 0, changed: 0, before: 0, after: 0 };
  for (const z of report.zones) {
    totals.added += z.diff.added.length;
    totals.removed += z.diff.removed.length;
    totals.changed += z.diff.changed.length;
    totals.before += z.beforeCount;
    totals.after += z.afterCount;
  }
  const zones = plural(report.zones.length, 'zone');
  const summary = reportHasDrift(report)
    ? `**${count(totals.added)} added, ${count(totals.removed)} removed, ${count(totals.changed)} changed** across ${zones} ` +
      `(${count(totals.before)} → ${plural(totals.after, 'mapping')})`
    : `No drift: ${plural(totals.after, 'mapping')} unchanged across ${zones}.`;
  const blocks = [summary, `Base: ${code(report.base)} → head: ${code(report.head)}`];
  for (const zone of report.zones) blocks.push(...diffZoneBlocks(zone, limit));
  return blocks;
}

function diffZoneBlocks(zone: ZoneDiffReport, limit: number): string[] {
  const presence = !zone.inBase ? ', only in head' : !zone.inHead ? ', only in base' : '';
  const blocks = [
    `### Zone ${code(zone.zoneId)} (${count(zone.beforeCount)} → ${plural(zone.afterCount, 'mapping')}${presence})`,
  ];
  const { added, removed, changed } = zone.diff;
  if (added.length + removed.length + changed.length === 0) {
    blocks.push('No drift.');
    return blocks;
  }
  const header = ['Origin IP', 'Vendor', 'Region', 'Upper-tier colos'];
  const row = (m: {
    originIp: string;
    vendor: string;
    region: string;
    upperTierColos?: readonly string[];
  }): string[] => [
    escapeCell(m.originIp),
    escapeCell(m.vendor),
    escapeCell(m.region),
    escapeCell(colos(m.upperTierColos)),
  ];
  if (added.length > 0) blocks.push(...section('Added', added.length, header, added.map(row), limit));
  if (removed.length > 0) blocks.push(...section('Removed', removed.length, header, removed.map(row), limit));
  if (changed.length > 0) {
    const rows = changed.map((c) => [
      escapeCell(c.originIp),
      arrow(c.before.vendor, c.after.vendor),
      arrow(c.before.region, c.after.region),
      arrow(colos(c.before.upperTierColos), colos(c.after.upperTierColos)),
    ]);
    blocks.push(...section('Changed (before → after)', changed.length, header, rows, limit));
  }
  return blocks;
}

function checkBlocks(report: CheckReport, limit: number): string[] {
  const totals = { missing: 0, mismatched: 0, unexpected: 0, live: 0, expected: 0 };
  for (const z of report.zones) {
    totals.missing += z.drift.missing.length;
    totals.mismatched += z.drift.mismatched.length;
    totals.unexpected += z.drift.unexpected.length;
    totals.live += z.liveCount;
    totals.expected += z.expectedCount;
  }
  const withUnexpected = report.zones.some((z) => z.reportUnexpected);
  const zones = plural(report.zones.length, 'zone');
  const sizes = `(${plural(totals.live, 'live mapping')}, ${count(totals.expected)} expected)`;
  const counts = [`${count(totals.missing)} missing`, `${count(totals.mismatched)} mismatched`];
  if (withUnexpected) counts.push(`${count(totals.unexpected)} unexpected`);
  const summary = reportHasDrift(report)
    ? `**${counts.join(', ')}** in ${zones} ${sizes}`
    : `No drift: every expected mapping matches the live list${withUnexpected ? ', and none is unexpected,' : ''} in ${zones} ${sizes}.`;
  const blocks = [summary, `Expectations: ${code(report.expectations)}`];
  for (const zone of report.zones) blocks.push(...checkZoneBlocks(zone, limit));
  return blocks;
}

function checkZoneBlocks(zone: ZoneCheckReport, limit: number): string[] {
  const blocks = [
    `### Zone ${code(zone.zoneId)} (${plural(zone.liveCount, 'live mapping')}, ${count(zone.expectedCount)} expected)`,
  ];
  const { missing, mismatched, unexpected } = zone.drift;
  if (zone.drift.inSync) blocks.push('No drift.');
  const header = ['Origin IP', 'Vendor', 'Region'];
  const row = (m: { originIp: string; vendor: string; region: string }): string[] => [
    escapeCell(m.originIp),
    escapeCell(m.vendor),
    escapeCell(m.region),
  ];
  if (missing.length > 0)
    blocks.push(...section('Missing (expected, not mapped)', missing.length, header, missing.map(row), limit));
  if (mismatched.length > 0) {
    const rows = mismatched.map((m) => [
      escapeCell(m.originIp),
      arrow(m.expected.vendor, m.actual.vendor),
      arrow(m.expected.region, m.actual.region),
    ]);
    blocks.push(...section('Mismatched (expected → live)', mismatched.length, header, rows, limit));
  }
  if (unexpected.length > 0)
    blocks.push(...section('Unexpected (mapped, not expected)', unexpected.length, header, unexpected.map(row), limit));
  if (!zone.reportUnexpected)
    blocks.push('_Mappings no expectation names were not checked; run with `--unexpected` to list them._');
  return blocks;
}

function section(title: string, total: number, header: string[], rows: string[][], limit: number): string[] {
  const shown = rows.slice(0, Math.max(0, limit));
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...shown.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  const out = [`#### ${title}: ${count(total)}`];
  if (shown.length > 0) out.push(lines.join('\n'));
  if (rows.length > shown.length) {
    out.push(`…and ${count(rows.length - shown.length)} more; run with --format json for the full list.`);
  }
  return out;
}

function arrow(before: string, after: string): string {
  return before === after ? escapeCell(before) : `${escapeCell(before)} → ${escapeCell(after)}`;
}

function colos(list: MappingPlacement['upperTierColos']): string {
  return list === undefined || list.length === 0 ? '—' : list.join(', ');
}

/**
 * Escapes text for a Markdown table cell: pipes would end the cell, line breaks the row, and
 * other punctuation could turn an API value into emphasis, links or HTML.
 */
export function escapeCell(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\|`*_[\]<>#]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  // Inline code cannot escape backticks; a longer fence around text that holds them does the job.
  const clean = text.replace(/\r\n|\r|\n/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return fence === '`' ? `\`${clean}\`` : `${fence} ${clean} ${fence}`;
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}
