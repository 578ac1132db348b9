import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { placementOf, type Placement } from '../model/mapping';
import { hiddenMarker, inlineCode as code } from '../sinks/markdown';
import {
  checkSummary,
  diffSummary,
  reportHasDrift,
  total,
  zoneHasChanges,
  type CheckReport,
  type DiffReport,
  type DriftReport,
  type OriginVerdict,
  type RecordedVerdict,
  type ZoneCheckReport,
  type ZoneDiffReport,
} from './report';

/** Options of {@link renderMarkdownReport}. */
export interface MarkdownReportOptions {
  /** Rows shown per table before the rest is summarized. @default 50 */
  readonly limit?: number;
  /** Longest report, in UTF-16 code units (which never undercount GitHub's characters). @default 60000 */
  readonly maxLength?: number;
  /** The id in the report's hidden marker, which a CI step searches for. @default {@link defaultCommentId} */
  readonly commentId?: string;
}

/** Default rows per table. */
export const DEFAULT_ROW_LIMIT = 50;
/** Default longest report: GitHub refuses comments over 65,536 characters. */
export const MAX_COMMENT_LENGTH = 60_000;
/** Tables with more rows than this are folded into `<details>`. */
const DETAILS_AFTER_ROWS = 10;
/** Zones without drift named on their one line before "and N more". */
const QUIET_ZONES_NAMED = 20;

const COMMENT_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._:/]|-(?!-)){0,99}$/;

/** Whether `id` may be a {@link MarkdownReportOptions.commentId}: letters, digits, `.` `_` `:` `/` `-` (no `--`), up to 100. */
export function isValidCommentId(id: string): boolean {
  return COMMENT_ID.test(id);
}

/** The default comment id: the report's kind and a digest of its zone ids, such as `diff:3f0a9c1d22be`. */
export function defaultCommentId(
  report: Pick<DriftReport, 'kind'> & { readonly zones: readonly { readonly zoneId: string }[] },
): string {
  const zones = report.zones.map((z) => z.zoneId).sort();
  const digest = createHash('sha256').update(zones.join('\n')).digest('hex').slice(0, 12);
  return `${report.kind}:${digest}`;
}

/** The hidden marker line of a report, `<!-- origin-cloud-regions:<id> -->`; throws on an invalid `commentId`. */
export function commentMarker(report: DriftReport, commentId?: string): string {
  if (commentId !== undefined && !isValidCommentId(commentId)) {
    throw new InvalidInputError(
      'commentId',
      'The comment id may hold letters, digits and . _ : / - (no "--"), start with a letter or digit, and be at most 100 characters. Pick one such as pr-review/origins.',
    );
  }
  return hiddenMarker(`origin-cloud-regions:${commentId ?? defaultCommentId(report)}`);
}

/**
 * Renders a report as Markdown for one pull-request comment: a hidden marker line, a summary, then per zone with
 * changes its tables (flagged rows first; a table over 10 rows folded into `<details>`, one over `limit` rows cut),
 * and zones without drift on one line. A report over `maxLength` shows fewer rows, then fewer zones, and says so.
 * Every value from the data is an inert code span: mentions, links, emoji, HTML, math, control and bidi
 * characters are never rendered.
 *
 * @example
 * ```ts
 * import { buildDiffReport, readMappingSource, renderMarkdownReport } from 'cdktf-origin-cloud-regions/drift';
 *
 * const base = readMappingSource('main/cdktf.out');
 * const head = readMappingSource('cdktf.out');
 * const report = buildDiffReport({ label: base.path, zones: base.zones }, { label: head.path, zones: head.zones });
 * const comment = renderMarkdownReport(report, { limit: 20 }); // post it on the pull request
 * ```
 *
 * @throws {@link InvalidInputError} when `commentId` is not valid
 */
export function renderMarkdownReport(report: DriftReport, options: MarkdownReportOptions = {}): string {
  const limit = Math.max(0, options.limit ?? DEFAULT_ROW_LIMIT);
  const maxLength = options.maxLength ?? MAX_COMMENT_LENGTH;
  const marker = commentMarker(report, options.commentId);
  const doc = report.kind === 'diff' ? diffDocument(report, marker) : checkDocument(report, marker);
  return fit(doc, limit, maxLength);
}

interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly string[];
}

interface ZoneBlock {
  readonly heading: string;
  readonly lead: readonly string[];
  readonly tables: readonly Table[];
}

interface ReportDocument {
  readonly marker: string;
  readonly intro: readonly string[];
  readonly zones: readonly ZoneBlock[];
  /** The zones without drift on one line, then the notes. */
  readonly outro: readonly string[];
}

function fit(doc: ReportDocument, limit: number, maxLength: number): string {
  const all = doc.zones.length;
  const full = render(doc, limit, all);
  if (full.length <= maxLength) return full;
  // Fewer rows per table first (the largest count that fits), then fewer zones.
  if (render(doc, 0, all, maxLength).length <= maxLength) {
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (render(doc, mid, all, maxLength).length <= maxLength) lo = mid;
      else hi = mid - 1;
    }
    return render(doc, lo, all, maxLength);
  }
  const zones = zonesThatFit(doc, maxLength);
  if (zones !== undefined) return render(doc, 0, zones, maxLength);
  // Not even the summary fits (an absurdly small maxLength): the marker and the note alone.
  return [doc.marker, cutNote(maxLength, 0, 0, all)].join('\n\n') + '\n';
}

/** The most zones, fewer than all, that fit without rows; in one pass (a render per count: minutes at 20,000 zones). */
function zonesThatFit(doc: ReportDocument, maxLength: number): number | undefined {
  const all = doc.zones.length;
  // Without rows, every row is hidden, whichever zones are shown.
  const rows = total(doc.zones, rowCount);
  // Each zone's blocks go between the intro and the rest, so a zone adds its joined text and one separator.
  const zoneLengths = doc.zones.map((zone) => zoneBlocks(zone, 0).join('\n\n').length + 2);
  const rest = [doc.marker, ...doc.intro, ...doc.outro];
  let shown = zoneLengths.reduce((n, length) => n + length, 0);
  for (let zones = all - 1; zones >= 0; zones -= 1) {
    shown -= zoneLengths[zones];
    const length = [...rest, cutNote(maxLength, rows, rows, all - zones)].join('\n\n').length + 1 + shown;
    if (length <= maxLength) return zones;
  }
  return undefined;
}

function render(doc: ReportDocument, rowLimit: number, zoneCount: number, cutTo?: number): string {
  const blocks = [doc.marker, ...doc.intro];
  let hiddenRows = 0;
  let totalRows = 0;
  doc.zones.forEach((zone, i) => {
    const rows = rowCount(zone);
    totalRows += rows;
    if (i >= zoneCount) {
      hiddenRows += rows;
      return;
    }
    hiddenRows += total(zone.tables, (t) => Math.max(0, t.rows.length - rowLimit));
    blocks.push(...zoneBlocks(zone, rowLimit));
  });
  blocks.push(...doc.outro);
  if (cutTo !== undefined) blocks.push(cutNote(cutTo, hiddenRows, totalRows, doc.zones.length - zoneCount));
  return blocks.join('\n\n') + '\n';
}

function rowCount(zone: ZoneBlock): number {
  return total(zone.tables, (t) => t.rows.length);
}

function zoneBlocks(zone: ZoneBlock, rowLimit: number): string[] {
  return [zone.heading, ...zone.lead, ...zone.tables.flatMap((t) => tableBlocks(t, Math.min(rowLimit, t.rows.length)))];
}

function cutNote(max: number, hiddenRows: number, totalRows: number, hiddenZones: number): string {
  const parts: string[] = [];
  if (hiddenRows > 0) parts.push(`${count(hiddenRows)} of ${count(totalRows)} table rows`);
  if (hiddenZones > 0) parts.push(`${plural(hiddenZones, 'zone')} with changes`);
  const what = parts.length > 0 ? `${parts.join(' and ')} are not shown` : 'parts are not shown';
  return `_This report was cut to fit one GitHub comment (at most ${count(max)} characters): ${what}. Run the same command with \`--format json\` for the complete report._`;
}

function tableBlocks(table: Table, shown: number): string[] {
  const out = [`#### ${table.title}: ${count(table.rows.length)}`];
  if (shown > 0) {
    const text = [
      `| ${table.header.join(' | ')} |`,
      `| ${table.header.map(() => '---').join(' | ')} |`,
      ...table.rows.slice(0, shown),
    ].join('\n');
    if (table.rows.length > DETAILS_AFTER_ROWS) {
      const what =
        shown < table.rows.length ? `the first ${count(shown)} of ${count(table.rows.length)}` : `all ${count(shown)}`;
      out.push(`<details><summary>Show ${what} rows</summary>`, text, '</details>');
    } else out.push(text);
  }
  if (shown < table.rows.length) {
    out.push(`…and ${count(table.rows.length - shown)} more; run with \`--format json\` for the full list.`);
  }
  return out;
}

function diffDocument(report: DiffReport, marker: string): ReportDocument {
  const t = diffSummary(report.zones);
  const zones = plural(report.zones.length, 'zone');
  const verdicts = total(report.zones, (z) => z.verdictChanges?.length ?? 0);
  const upper =
    (t.upper_tier_changes > 0 ? `; the upper tier changed for ${plural(t.upper_tier_changes, 'region')}` : '') +
    (verdicts > 0 ? `; ${plural(verdicts, 'IP range verdict')} changed` : '');
  const summary = reportHasDrift(report)
    ? `**${count(t.added)} added, ${count(t.removed)} removed, ${count(t.changed)} changed** across ${zones} ` +
      `(${count(t.before_count)} → ${plural(t.after_count, 'mapping')})${upper}`
    : `No drift: ${plural(t.after_count, 'mapping')} unchanged across ${zones}${upper}.`;
  const intro = [summary];
  if (t.flagged > 0) {
    const mismatch = (f: { kind: string }): boolean => f.kind === 'region-mismatch' || f.kind === 'vendor-mismatch';
    const contradicted = report.zones.some((z) => z.flagged.some(mismatch));
    intro.push(
      `⚠️ **${plural(t.flagged, 'finding')} about added or changed origins: a vendor or region that is not supported${contradicted ? ", or that the clouds' published IP ranges contradict" : ''}.** The rows are marked ⚠️ below.`,
    );
  }
  intro.push(`Base: ${code(report.base)} → head: ${code(report.head)}`);
  const quiet = report.zones
    .filter((z) => !zoneHasChanges(z))
    .map((z) => `${zoneName(z.zoneId, z.label, false)} (${plural(z.afterCount, 'mapping')}${presenceOf(z)})`);
  return { marker, intro, zones: report.zones.filter(zoneHasChanges).map(diffZoneBlock), outro: quietLine(quiet) };
}

function presenceOf(zone: ZoneDiffReport): string {
  return !zone.inBase ? ', only in head' : !zone.inHead ? ', only in base' : '';
}

function diffZoneBlock(zone: ZoneDiffReport): ZoneBlock {
  const heading = `### ${zoneName(zone.zoneId, zone.label)} (${count(zone.beforeCount)} → ${plural(zone.afterCount, 'mapping')}${presenceOf(zone)})`;
  const lead: string[] = [];
  const flags = new Map<string, ZoneDiffReport['flagged'][number][]>();
  for (const f of zone.flagged) flags.set(f.originIp, [...(flags.get(f.originIp) ?? []), f]);
  if (zone.flagged.length > 0) {
    lead.push(
      `⚠️ ${plural(zone.flagged.length, 'finding')}; vendors and regions checked against ${authorityText(zone.validatedBy)}.`,
    );
  }
  const withCheck = flags.size > 0;
  const header = ['Origin IP', 'Vendor', 'Region', 'Upper tier (fills cache misses)'];
  const checked = withCheck ? [...header, 'Check'] : header;
  const check = (ip: string): string[] => (withCheck ? [checkCell(flags.get(ip))] : []);
  const { added, removed, changed } = zone.diff;
  const tables: Table[] = [
    {
      title: 'Added',
      header: checked,
      rows: flaggedFirst(added, flags).map((m) => line([...cells(m), colos(m.upperTierColos), ...check(m.originIp)])),
    },
    { title: 'Removed', header, rows: removed.map((m) => line([...cells(m), colos(m.upperTierColos)])) },
    {
      title: 'Changed (before → after)',
      header: checked,
      rows: flaggedFirst(changed, flags).map((c) =>
        line([
          code(c.originIp),
          arrow(c.before.vendor, c.after.vendor),
          arrow(c.before.region, c.after.region),
          colosArrow(c.before.upperTierColos, c.after.upperTierColos),
          ...check(c.originIp),
        ]),
      ),
    },
    {
      title: 'Upper tier changed (the data centers that fill cache misses)',
      header: ['Vendor', 'Region', 'Origins', 'Upper tier (before → after)'],
      rows: zone.upperTierChanges.map((u) =>
        line([code(u.vendor), code(u.region), count(u.origins), `${colos(u.before)} → ${colos(u.after)}`]),
      ),
    },
    ...refreshTables(zone),
  ];
  return { heading, lead, tables: tables.filter((t) => t.rows.length > 0) };
}

/** The tables only a `refresh` report has: recorded verdicts and region support that changed. */
function refreshTables(zone: ZoneDiffReport): Table[] {
  return [
    {
      title: 'IP range verdict changed (before → after)',
      header: ['Origin IP', 'Vendor', 'Region', 'Verdict (published IP ranges)'],
      rows: (zone.verdictChanges ?? []).map((v) => line([...cells(v), `${recorded(v.before)} → ${recorded(v.after)}`])),
    },
    {
      title: "Support changed in the zone's supported regions (before → after)",
      header: ['Vendor', 'Region', 'Origins', 'Support'],
      rows: (zone.supportChanges ?? []).map((c) =>
        line([code(c.vendor), code(c.region), count(c.origins), `${c.before} → ${c.after}`]),
      ),
    },
  ];
}

function recorded(r: RecordedVerdict): string {
  if (r.verdict === null) return 'not recorded';
  return verdictCell({ verdict: r.verdict, published: r.published });
}

function authorityText(by: ZoneDiffReport['validatedBy']): string {
  if (by === 'synth') return 'the validation recorded at synth (the `ocr_<zone>_validation` output)';
  if (by === 'supported_regions') return "the zone's supported regions in the head snapshot";
  return 'the bundled catalog of cloud regions (the head side holds no supported regions)';
}

const KIND_TEXT: ReadonlyMap<string, string> = new Map([
  ['unknown-vendor', 'vendor not supported'],
  ['unknown-region', 'region not supported'],
  ['non-canonical-ip', 'IP sent in non-canonical form'],
  ['implausible-value', 'not a plausible vendor or region id'],
  ['colliding-key', 'spelled another way elsewhere in the zone, which Terraform reads as the same key'],
  ['region-mismatch', 'the published IP ranges place it in another region'],
  ['vendor-mismatch', 'another cloud publishes this IP'],
]);

function checkCell(findings: readonly ZoneDiffReport['flagged'][number][] | undefined): string {
  if (findings === undefined || findings.length === 0) return '';
  return findings
    .map((f) => {
      const what = KIND_TEXT.get(f.kind) ?? code(f.kind);
      return f.suggestion === undefined ? `⚠️ ${what}` : `⚠️ ${what}; did you mean ${code(f.suggestion)}?`;
    })
    .join('<br>');
}

function checkDocument(report: CheckReport, marker: string): ReportDocument {
  const t = checkSummary(report.zones);
  const withUnexpected = report.zones.some((z) => z.reportUnexpected);
  const zones = plural(report.zones.length, 'zone');
  const sizes = `(${plural(t.live_count, 'live mapping')}, ${count(t.expected_count)} expected)`;
  const counts = [`${count(t.missing)} missing`, `${count(t.mismatched)} mismatched`];
  if (withUnexpected) counts.push(`${count(t.unexpected)} unexpected`);
  const summary = reportHasDrift(report)
    ? `**${counts.join(', ')}** in ${zones} ${sizes}`
    : `No drift: every expected mapping matches the live list${withUnexpected ? ', and none is unexpected,' : ''} in ${zones} ${sizes}.`;
  const drifted = report.zones.filter((z) => !z.drift.inSync);
  const inSync = report.zones.filter((z) => z.drift.inSync);
  const quiet = inSync.map(
    (z) =>
      `${zoneName(z.zoneId, undefined, false)} (${plural(z.liveCount, 'live mapping')}, ${count(z.expectedCount)} expected)`,
  );
  const outro = quietLine(quiet);
  if (report.zones.some((z) => !z.reportUnexpected)) {
    outro.push('_Mappings no expectation names were not checked; run with `--unexpected` to list them._');
  }
  return {
    marker,
    intro: [summary, `Expectations: ${code(report.expectations)}`],
    zones: drifted.map(checkZoneBlock),
    outro,
  };
}

function checkZoneBlock(zone: ZoneCheckReport): ZoneBlock {
  const heading = `### ${zoneName(zone.zoneId)} (${plural(zone.liveCount, 'live mapping')}, ${count(zone.expectedCount)} expected)`;
  const { missing, mismatched, unexpected } = zone.drift;
  const header = ['Origin IP', 'Vendor', 'Region'];
  const verdicts = new Map((zone.ipRanges ?? []).map((r) => [r.originIp, r]));
  const judged = zone.ipRanges === undefined ? header : [...header, 'Published IP ranges (live)'];
  const judge = (ip: string): string[] => (zone.ipRanges === undefined ? [] : [verdictCell(verdicts.get(ip))]);
  const tables: Table[] = [
    { title: 'Missing (expected, not mapped)', header, rows: missing.map((m) => line(cells(m))) },
    {
      title: 'Mismatched (expected → live)',
      header: judged,
      rows: mismatched.map((m) =>
        line([
          code(m.originIp),
          arrow(m.expected.vendor, m.actual.vendor),
          arrow(m.expected.region, m.actual.region),
          ...judge(m.originIp),
        ]),
      ),
    },
    {
      title: 'Unexpected (mapped, not expected)',
      header: judged,
      rows: unexpected.map((m) => line([...cells(m), ...judge(m.originIp)])),
    },
  ];
  return { heading, lead: [], tables: tables.filter((t) => t.rows.length > 0) };
}

/** A live placement's verdict: ⚠️ and the published placement when the feeds contradict it. */
function verdictCell(r: Pick<OriginVerdict, 'verdict' | 'published'> | undefined): string {
  if (r === undefined) return '';
  const p = r.published;
  if (p !== null && (r.verdict === 'region_mismatch' || r.verdict === 'vendor_mismatch'))
    return `⚠️ ${code(r.verdict)}: published in ${code(placementOf(p))} (${code(p.prefix)})`;
  return code(r.verdict);
}

function quietLine(names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const named = names.slice(0, QUIET_ZONES_NAMED);
  const rest = names.length - named.length;
  return [
    `No drift in ${plural(names.length, 'zone')}: ${named.join(', ')}${rest > 0 ? `, and ${count(rest)} more` : ''}.`,
  ];
}

function zoneName(zoneId: string, label?: string, capital = true): string {
  if (label !== undefined) return `${code(label)} — zone ${code(zoneId)}`;
  return `${capital ? 'Zone' : 'zone'} ${code(zoneId)}`;
}

/** Flagged origins first (in sorted order), then the rest: a cut table never hides a flagged row behind valid ones. */
function flaggedFirst<T extends { readonly originIp: string }>(
  list: readonly T[],
  flags: ReadonlyMap<string, unknown>,
): T[] {
  return [...list.filter((m) => flags.has(m.originIp)), ...list.filter((m) => !flags.has(m.originIp))];
}

function line(row: readonly string[]): string {
  return `| ${row.join(' | ')} |`;
}

function cells(m: Placement & { readonly originIp: string }): string[] {
  return [code(m.originIp), code(m.vendor), code(m.region)];
}

function arrow(before: string, after: string): string {
  return before === after ? code(before) : `${code(before)} → ${code(after)}`;
}

function colos(list: readonly string[] | undefined): string {
  if (list === undefined) return '—';
  if (list.length === 0) return 'none';
  return list.map(code).join(', ');
}

function colosArrow(before: readonly string[] | undefined, after: readonly string[] | undefined): string {
  return JSON.stringify(before) === JSON.stringify(after) ? colos(before) : `${colos(before)} → ${colos(after)}`;
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}
