import type { ListResult } from './lists';
import type { ProcessListRow } from './process-lists';
import { formatKiB, formatMs, formatRatio } from './stats';
import { BASELINE_ENV, type SynthSummary } from './synth';

/** The synth of one zone count, with the lookup and without it (same run). */
export interface SynthRow {
  readonly zones: number;
  readonly mappingsPerZone: number;
  readonly lookup: SynthSummary;
  readonly baseline: SynthSummary;
}

/** Everything the report shows; a part that was not selected is absent, one that failed carries its error. */
export interface BenchReport {
  readonly header: readonly string[];
  readonly lists?: readonly ListResult[];
  readonly synth?: readonly SynthRow[] | { error: string };
  readonly synthLatencyMs: number;
  readonly processLists?: { rows: readonly ProcessListRow[]; mappings: number; runs: number } | { error: string };
  readonly totalMs: number;
}

/** Issue 16's targets at 50 zones × 3,500 mappings. */
export const TARGETS = {
  /** Total synth time at most this many times the baseline synth. */
  synthRatio: 2,
  /** App peak RSS, MiB. */
  appRssMiB: 400,
  /** `cdk.tf.json` bytes per zone (KB = 1,000 bytes) with the default outputs. */
  tfJsonBytesPerZone: 300_000,
} as const;

const kb = (bytes: number): string =>
  bytes < 10_000
    ? `${Math.round(bytes).toLocaleString('en-US')} B`
    : `${Math.round(bytes / 1000).toLocaleString('en-US')} KB`;

/** The results as Markdown: a table per measurement, then the issue's targets with pass or miss. */
export function renderReport(report: BenchReport): string {
  const lines: string[] = ['## Benchmark', '', ...report.header, ''];
  if (report.synth !== undefined) lines.push(...renderSynth(report.synth, report.synthLatencyMs), '');
  if (report.processLists !== undefined) lines.push(...renderProcessLists(report.processLists), '');
  if (report.lists !== undefined) lines.push(...renderLists(report.lists), '');
  lines.push(...renderTargets(report), '', `Benchmark wall time: ${(report.totalMs / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}

function renderSynth(synth: NonNullable<BenchReport['synth']>, latencyMs: number): string[] {
  const title = `### \`cdktf synth\` of main.ts against the emulator child at ${latencyMs} ms, with the lookup vs without (\`${BASELINE_ENV}=1\`)`;
  if ('error' in synth) return [title, '', `Not measured: ${synth.error}`];
  const out = [
    title,
    '',
    'Medians over the runs (peak RSS: the largest seen). "×" is with ÷ without, same run. Targets at 50 zones: ' +
      `synth ≤ ${TARGETS.synthRatio}× baseline, app peak RSS ≤ ${TARGETS.appRssMiB} MiB, \`cdk.tf.json\` ≤ ${kb(TARGETS.tfJsonBytesPerZone)} per zone.`,
    '',
    '| Zones × mappings | Runs | Synth: with / without | × (target ≤ 2× at 50) | App process wall: with / without | ' +
      'App peak RSS: with / without (target ≤ 400 MiB at 50) | Synth peak RSS: with / without | Requests | ' +
      '`cdk.tf.json` per zone (target ≤ 300 KB) / baseline file | Mappings in output |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of synth) {
    const appMs = (s: SynthSummary): string => (s.medianAppMs === undefined ? 'n/a' : formatMs(s.medianAppMs));
    out.push(
      `| ${r.zones} × ${r.mappingsPerZone.toLocaleString('en-US')} | ${r.lookup.runs.length} | ` +
        `${formatMs(r.lookup.medianMs)} / ${formatMs(r.baseline.medianMs)} | ${formatRatio(r.lookup.medianMs / r.baseline.medianMs)} | ` +
        `${appMs(r.lookup)} / ${appMs(r.baseline)} | ${formatKiB(r.lookup.maxAppRssKiB)} / ${formatKiB(r.baseline.maxAppRssKiB)} | ` +
        `${formatKiB(r.lookup.maxSynthRssKiB)} / ${formatKiB(r.baseline.maxSynthRssKiB)} | ${r.lookup.requests.toLocaleString('en-US')} | ` +
        `${kb(r.lookup.tfJsonBytes / r.zones)} / ${kb(r.baseline.tfJsonBytes)} | ` +
        `${r.lookup.mappingsInOutput.toLocaleString('en-US')} of ${(r.zones * r.mappingsPerZone).toLocaleString('en-US')} |`,
    );
  }
  const largest = synth[synth.length - 1];
  if (largest !== undefined && Object.keys(largest.lookup.bytesByKind).length > 0) {
    const kinds = Object.entries(largest.lookup.bytesByKind).sort((a, b) => b[1] - a[1]);
    out.push(
      '',
      `Where the bytes go at ${largest.zones} zone(s), per zone (compact JSON of each \`ocr_<zone>_<kind>\` output and the marker resource; ` +
        'the file is indented, so it is larger): ' +
        kinds.map(([k, b]) => `${k} ${kb(b / largest.zones)}`).join(' · ') +
        '.',
    );
  }
  const void_ = synth.filter((r) => r.baseline.lookupOutputs > 0);
  if (void_.length > 0) {
    out.push(
      '',
      `⚠️ The baseline still emitted \`ocr_*\` outputs: main.ts ignores ${BASELINE_ENV}, so the comparison is void.`,
    );
  }
  return out;
}

function renderProcessLists(lists: NonNullable<BenchReport['processLists']>): string[] {
  const title = '### Whole-process `list`: the CLI against the official `cloudflare` SDK';
  if ('error' in lists) return [title, '', `Not measured: ${lists.error}`];
  const out = [
    title,
    '',
    `One zone of ${lists.mappings.toLocaleString('en-US')} mappings; each run a fresh child process, start-up included: ` +
      '`node dist/lib/cli/main.js list --zone Z --format json` vs `node bench/sdk-list.mjs Z` (`for await` over ' +
      '`cache.originCloudRegions.list({ zone_id, per_page: 100 })`, then `JSON.stringify`). ' +
      `${lists.runs} paired runs per latency (ours, then the SDK); both must print every mapping.`,
    '',
    '| Latency | Ours: requests | Ours: median | SDK: requests | SDK: median | SDK ÷ ours (median of paired ratios) |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of lists.rows) {
    out.push(
      `| ${r.latencyMs} ms | ${r.ours.requests} | ${formatMs(r.ours.medianMs)} | ${r.sdk.requests} | ` +
        `${formatMs(r.sdk.medianMs)} | ${formatRatio(r.medianPairedRatio)} |`,
    );
  }
  return out;
}

function renderLists(lists: readonly ListResult[]): string[] {
  const out = [
    '### In-process lookups against the official SDK (same process, both clients warmed up)',
    '',
    '| Scenario | Mappings | Ours: requests | Ours: max in flight | Ours: median | SDK: requests | SDK: median | Speed-up |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of lists) {
    const s = r.scenario;
    const label = r.sdkOrder === undefined ? s.label : `${s.label} (SDK: zones ${r.sdkOrder})`;
    out.push(
      `| ${label} | ${(s.zoneIds.length * s.mappingsPerZone).toLocaleString('en-US')} | ${r.ours.requests} | ` +
        `${r.ours.maxInFlight} | ${formatMs(r.ours.medianMs)} | ${r.sdk.requests} | ${formatMs(r.sdk.medianMs)} | ` +
        `${formatRatio(r.sdk.medianMs / r.ours.medianMs)} |`,
    );
  }
  return out;
}

function renderTargets(report: BenchReport): string[] {
  const mark = (ok: boolean): string => (ok ? '✅' : '❌');
  const out = ['### Targets (issue 16)', ''];
  const synth = report.synth;
  if (synth !== undefined && !('error' in synth)) {
    for (const r of synth) {
      const pages = Math.ceil(r.mappingsPerZone / 100);
      out.push(
        `- ℹ️ ${r.zones} zone(s): ${r.lookup.requests.toLocaleString('en-US')} requests (${r.zones} × ${pages} pages of mappings; the rest are \`supported_regions\` reads)`,
      );
    }
    const at50 = synth.find((r) => r.zones === 50);
    if (at50 === undefined) {
      out.push('- (50 zones not measured: the synth targets are stated at 50 zones)');
    } else {
      const ratio = at50.lookup.medianMs / at50.baseline.medianMs;
      const rss = at50.lookup.maxAppRssKiB === undefined ? undefined : at50.lookup.maxAppRssKiB / 1024;
      const perZone = at50.lookup.tfJsonBytes / at50.zones;
      const complete = at50.lookup.mappingsInOutput === at50.zones * at50.mappingsPerZone;
      out.push(
        `- ${mark(ratio <= TARGETS.synthRatio)} 50 zones: total synth ≤ ${TARGETS.synthRatio}× the baseline: ` +
          `${formatMs(at50.lookup.medianMs)} vs ${formatMs(at50.baseline.medianMs)} = ${formatRatio(ratio)}`,
        `- ${mark(rss !== undefined && rss <= TARGETS.appRssMiB)} 50 zones: app peak RSS ≤ ${TARGETS.appRssMiB} MiB: ` +
          `${formatKiB(at50.lookup.maxAppRssKiB)}`,
        `- ${mark(perZone <= TARGETS.tfJsonBytesPerZone && complete)} 50 zones: \`cdk.tf.json\` ≤ ${kb(TARGETS.tfJsonBytesPerZone)} per zone ` +
          `with the default outputs: ${kb(perZone)} (${at50.lookup.tfJsonBytes.toLocaleString('en-US')} bytes in all` +
          (complete ? ')' : '; the mappings outputs are incomplete)'),
      );
    }
  }
  const lists = report.processLists;
  if (lists !== undefined && !('error' in lists)) {
    const slower = lists.rows.filter((r) => r.medianPairedRatio < 1);
    out.push(
      `- ${mark(slower.length === 0)} whole-process \`list\` at least as fast as the SDK at every latency measured` +
        (slower.length === 0 ? '' : ` (slower at: ${slower.map((r) => `${r.latencyMs} ms`).join(', ')})`),
    );
    // Issue 23: whole-process `list` at least 9× faster than the SDK at 100 ms latency.
    const at100 = lists.rows.find((r) => r.latencyMs === 100);
    if (at100 !== undefined) {
      out.push(
        `- ${mark(at100.medianPairedRatio >= 9)} whole-process \`list\` at 100 ms at least 9× faster than the SDK: ` +
          `${formatMs(at100.ours.medianMs)} vs ${formatMs(at100.sdk.medianMs)} = ${formatRatio(at100.medianPairedRatio)}`,
      );
    }
  }
  return out;
}
