/**
 * The paths whose input grows with the fleet, at today's sizes and at 10× and more (docs/scale.md: about 500
 * zones, up to 3,500 mappings a zone), each against a stated bound, so a quadratic path shows as a miss:
 * - the Markdown `diff` report of a fleet with one change per zone, which must drop zones to fit one GitHub comment;
 * - the JSON report of the same fleet (complete, nothing dropped);
 * - one zone of 35,000 mappings, every one moved: read from a snapshot, diffed, rendered both ways;
 * - the IP range prefix index with one prefix listed under 40,000 regions.
 *
 *   npm run bench -- --parts sizes        (or: npx tsx bench/sizes.ts)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDiffReport, readMappingSource, renderJsonReport, renderMarkdownReport } from '../lib/drift';
import { PrefixIndex } from '../lib/ipranges/prefix-index';
import { serializeSnapshot, snapshotFromLookup } from '../lib/snapshot/format';
import { fleetSides, fleetZoneId, generateZone } from '../test/support/generate-zones';
import { formatMs, median } from './stats';

/** Options of {@link measureSizes}. */
export interface SizesBenchOptions {
  /** Timed runs of each measurement; the median is reported. @default 3 */
  readonly runs?: number;
  /** Zone counts of the fleet reports. @default [500, 5000, 20000] */
  readonly zones?: readonly number[];
}

/**
 * Bounds on CPU time (ms), which other work on a shared machine does not inflate as it does the wall clock; generous,
 * so that a linear path meets them on a slow machine and a quadratic one misses them by far.
 */
export const SIZE_BOUNDS_MS = {
  /** The Markdown report of 5,000 zones (10× today's fleet), one change each. */
  markdown5000: 2_000,
  /** The Markdown report of 20,000 zones. */
  markdown20000: 8_000,
  /** The JSON report of 20,000 zones. */
  json20000: 4_000,
  /** One zone of 35,000 mappings (10× the API's maximum): snapshot read, diff, both reports. */
  zone35000: 8_000,
  /** The prefix index of one prefix listed under 40,000 regions. */
  prefixIndex40000: 1_000,
} as const;

interface Row {
  readonly what: string;
  readonly time: Timing;
  readonly bound?: number;
  readonly note?: string;
}

/** Medians of wall clock and of this process's CPU time (user + system), in ms. */
interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

function timeIt(runs: number, fn: () => unknown): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const used = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

/** Measures every size; returns a Markdown section for the bench report. */
export function measureSizes(options: SizesBenchOptions = {}): string {
  const runs = options.runs ?? 3;
  const rows: Row[] = [];
  for (const zones of options.zones ?? [500, 5000, 20000]) {
    const { base, head } = fleetSides(zones);
    const report = buildDiffReport(base, head);
    let markdown = '';
    const md = timeIt(runs, () => (markdown = renderMarkdownReport(report)));
    const shown = (markdown.match(/^### /gm) ?? []).length;
    rows.push({
      what: `Markdown \`diff\` report, ${zones.toLocaleString('en-US')} zones × 1 change`,
      time: md,
      bound: zones === 5000 ? SIZE_BOUNDS_MS.markdown5000 : zones === 20000 ? SIZE_BOUNDS_MS.markdown20000 : undefined,
      note: `${markdown.length.toLocaleString('en-US')} characters, ${shown.toLocaleString('en-US')} zones shown`,
    });
    let json = '';
    const js = timeIt(runs, () => (json = renderJsonReport(report)));
    rows.push({
      what: `JSON report, ${zones.toLocaleString('en-US')} zones × 1 change`,
      time: js,
      bound: zones === 20000 ? SIZE_BOUNDS_MS.json20000 : undefined,
      note: `${(json.length / 1e6).toFixed(1)} MB`,
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'ocr-bench-sizes-'));
  try {
    const count = 35_000;
    const zoneId = fleetZoneId(1);
    const file = join(dir, `${zoneId}.json`);
    const before = generateZone(count, 1);
    const after = before.map((m) => ({ ...m, region: `${m.region}-moved` }));
    const snapshot = snapshotFromLookup({
      zoneId,
      mappings: before,
      supportedRegions: null,
      fetchedAt: '2026-12-01T00:00:00Z',
    });
    writeFileSync(file, serializeSnapshot(snapshot));
    let note = '';
    const time = timeIt(runs, () => {
      const read = readMappingSource(file).zones;
      const report = buildDiffReport(
        { label: 'base', zones: read },
        { label: 'head', zones: [{ zoneId, mappings: after, label: 'head' }] },
      );
      const md = renderMarkdownReport(report);
      note = `${report.zones[0].diff.changed.length.toLocaleString('en-US')} changed; Markdown ${md.length.toLocaleString('en-US')} characters, JSON ${(renderJsonReport(report).length / 1e6).toFixed(1)} MB`;
    });
    rows.push({
      what: 'One zone of 35,000 mappings: snapshot read, diff, Markdown and JSON',
      time,
      bound: SIZE_BOUNDS_MS.zone35000,
      note,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const regions of [4000, 40_000]) {
    const prefixes = Array.from({ length: regions }, (_, i) => ({ prefix: '192.0.2.0/24', region: `region-${i}` }));
    let index: PrefixIndex | undefined;
    const time = timeIt(runs, () => (index = PrefixIndex.build([{ vendor: 'aws', version: 'bench', prefixes }])));
    rows.push({
      what: `IP range prefix index, one prefix under ${regions.toLocaleString('en-US')} regions`,
      time,
      bound: regions === 40_000 ? SIZE_BOUNDS_MS.prefixIndex40000 : undefined,
      note: `${index?.lookup('aws', '192.0.2.1')?.regions.length.toLocaleString('en-US')} regions found`,
    });
  }

  const mark = (r: Row): string =>
    r.bound === undefined ? '' : `${r.time.cpuMs <= r.bound ? '✅' : '❌'} CPU ≤ ${formatMs(r.bound)}`;
  return [
    '## Sizes (today and 10×: docs/scale.md says about 500 zones, up to 3,500 mappings a zone)',
    '',
    `Median of ${runs} runs, in process: wall clock, and CPU time (user + system, GC threads included), which the bounds apply to. A bound is generous; a quadratic path misses it by far.`,
    '',
    '| measurement | wall | CPU | bound | result |',
    '| --- | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) => `| ${r.what} | ${formatMs(r.time.ms)} | ${formatMs(r.time.cpuMs)} | ${mark(r)} | ${r.note ?? ''} |`,
    ),
  ].join('\n');
}

if (require.main === module) {
  const zones = process.argv[2]?.split(',').map(Number);
  process.stdout.write(`${measureSizes(zones === undefined ? {} : { zones, runs: 1 })}\n`);
}
