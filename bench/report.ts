import type { ListResult } from './lists';
import { formatKiB, formatMs, formatRatio } from './stats';
import { BASELINE_ENV, type SynthSummary } from './synth';

/** Everything the report shows. */
export interface BenchReport {
  readonly header: readonly string[];
  readonly lists: readonly ListResult[];
  readonly synth?: { lookup: SynthSummary; baseline: SynthSummary; mappings: number } | { error: string };
  readonly totalMs: number;
}

/** The results as Markdown: a table per measurement, then the issue's targets with pass or miss. */
export function renderReport(report: BenchReport): string {
  const lines: string[] = ['## Benchmark: lookups against the official `cloudflare` SDK', '', ...report.header, ''];
  lines.push(
    '| Scenario | Mappings | Ours: requests | Ours: max in flight | Ours: median | SDK: requests | SDK: median | Speed-up |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of report.lists) {
    const s = r.scenario;
    const label = r.sdkOrder === undefined ? s.label : `${s.label} (SDK: zones ${r.sdkOrder})`;
    lines.push(
      `| ${label} | ${(s.zoneIds.length * s.mappingsPerZone).toLocaleString('en-US')} | ${r.ours.requests} | ` +
        `${r.ours.maxInFlight} | ${formatMs(r.ours.medianMs)} | ${r.sdk.requests} | ${formatMs(r.sdk.medianMs)} | ` +
        `${formatRatio(r.sdk.medianMs / r.ours.medianMs)} |`,
    );
  }
  lines.push('');
  if (report.synth !== undefined) lines.push(...renderSynth(report.synth), '');
  lines.push(...renderTargets(report), '', `Benchmark wall time: ${(report.totalMs / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}

function renderSynth(synth: NonNullable<BenchReport['synth']>): string[] {
  if ('error' in synth) return ['### `cdktf synth` of main.ts', '', `Not measured: ${synth.error}`];
  const row = (name: string, s: SynthSummary): string =>
    `| ${name} | ${formatMs(s.medianMs)} | ${s.medianAppMs === undefined ? 'n/a' : formatMs(s.medianAppMs)} | ` +
    `${formatKiB(s.maxAppRssKiB)} | ${formatKiB(s.maxSynthRssKiB)} | ${s.requests} | ${s.mappingsInOutput.toLocaleString('en-US')} |`;
  const out = [
    `### \`cdktf synth\` of main.ts, one zone of ${synth.mappings.toLocaleString('en-US')} mappings (median of ${synth.lookup.runs.length})`,
    '',
    '| App | Synth wall | App process wall | App peak RSS | Synth peak RSS | API requests | Mappings in output |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('with the lookup', synth.lookup),
    row(`without (\`${BASELINE_ENV}=1\`)`, synth.baseline),
  ];
  if (synth.baseline.lookupOutputs > 0) {
    out.push(
      '',
      `⚠️ The baseline still emitted ${synth.baseline.lookupOutputs} \`ocr_*\` outputs: main.ts ignores ${BASELINE_ENV}, so the comparison is void.`,
    );
  }
  return out;
}

function renderTargets(report: BenchReport): string[] {
  const mark = (ok: boolean): string => (ok ? '✅' : '❌');
  const out = ['### Targets (issue 6)', ''];
  const minimal = report.lists.filter((r) => r.sdkOrder !== 'Promise.all');
  const wrong = minimal.filter(
    (r) => r.ours.requests !== r.scenario.zoneIds.length * Math.ceil(r.scenario.mappingsPerZone / 100),
  );
  out.push(
    `- ${mark(wrong.length === 0)} requests = ceil(N/100) per zone, the minimum` +
      (wrong.length === 0
        ? ''
        : ` (off in: ${wrong.map((r) => `${r.scenario.label}: ${r.ours.requests}`).join(', ')})`),
  );
  const big = report.lists.find((r) => r.scenario.zoneIds.length === 1 && r.scenario.mappingsPerZone === 3500);
  if (big !== undefined) {
    const ratio = big.sdk.medianMs / big.ours.medianMs;
    out.push(`- ${mark(ratio >= 8)} at least 8× faster than the SDK at 3,500 mappings: ${formatRatio(ratio)}`);
  }
  const synth = report.synth;
  if (synth !== undefined && !('error' in synth)) {
    // The app process's own wall time isolates the lookup from cdktf-cli's start-up noise, when GNU time measured it.
    const useApp = synth.lookup.medianAppMs !== undefined && synth.baseline.medianAppMs !== undefined;
    const added = useApp
      ? synth.lookup.medianAppMs! - synth.baseline.medianAppMs!
      : synth.lookup.medianMs - synth.baseline.medianMs;
    const complete = synth.lookup.mappingsInOutput === synth.mappings && synth.baseline.lookupOutputs === 0;
    out.push(
      `- ${mark(added < 1000 && complete)} the lookup adds under 1 s to a synth at ${synth.mappings.toLocaleString('en-US')} mappings: ` +
        `${formatMs(added)} (${useApp ? 'app process' : 'whole synth'} wall time, median)` +
        (complete ? '' : ' — output incomplete or baseline invalid, see above'),
    );
  }
  return out;
}
