import * as fs from 'node:fs';
import * as path from 'node:path';
import { processRequestBudget } from '../client/budget';
import { RateBudgetExceededError, RateLimitedError, RequestCapReachedError } from '../errors/budget';
import { resolveClientConfig } from '../client/config';
import { OriginCloudRegionsClient } from '../client/client';
import { redactSecrets } from '../client/redact';
import type { MappingList } from '../client/listing';
import type { ZoneMappingSet } from '../model/mapping-set';
import { buildDiffReport, zoneHasChanges, type ZoneDiffReport } from '../reports/report';
import { defaultCommentId } from '../reports/markdown';
import { InvalidInputError, OriginCloudRegionsError } from '../errors';
import { FileWriteError } from '../errors/files';
import { fileInFolderPath, makeFolder } from '../files/folder';
import { removeStaleTempFiles } from '../files/write-file';
import { loadIpRanges, type LoadedIpRanges } from '../ipranges';
import type { SupportedRegions } from '../model/supported-regions';
import { forTerminal } from '../sinks/terminal';
import { collectZoneOrigins, missingSourceWarning } from '../coverage/collect';
import type { ZoneOrigins } from '../coverage/types';
import { coverageOnline } from '../lookup/coverage';
import { fetchZone } from '../lookup/fetch-zone';
import { resolveCoverage, resolveSnapshotDir, resolveVerifyIpRanges } from '../lookup/settings';
import { ENV } from '../settings/names';
import { credentialsIn } from '../settings/resolve';
import { lookupFromSnapshot, snapshotFromLookup, snapshotPath } from '../snapshot/format';
import type { ZoneSnapshot } from '../snapshot/rules';
import type { SnapshotIpRanges } from '../snapshot/ip-ranges';
import { readSnapshot } from '../snapshot/read';
import { writeSnapshot } from '../snapshot/write';
import { writeReport, type ReportOptions, type VerifyOption } from './diff';
import type { CliIo } from './io';
import { perPageFrom } from './per-page';
import { recheckVerdicts, supportChanges, verdictChanges } from './refresh-changes';
import { appendRefreshJournal, clearRefreshJournal, readRefreshJournal, REFRESH_JOURNAL_FILE } from './refresh-journal';
import { readRefreshState, REFRESH_STATE_FILE, refreshOrder, writeRefreshState } from './refresh-state';
import { namedZones, type ZoneFlags } from './zones';
import { snapshotMappingSet } from '../readers/snapshot';

/** Options of the `refresh` command, as commander parses them. */
export interface RefreshOptions extends ReportOptions, VerifyOption, ZoneFlags {
  readonly snapshotDir?: string;
  readonly maxRequests?: number;
  readonly perPage?: string;
  readonly coverage?: boolean;
}

/** What one run needs and has done so far. */
interface RefreshRun {
  readonly io: CliIo;
  readonly dir: string;
  readonly client: OriginCloudRegionsClient;
  readonly max: number | undefined;
  readonly verifyAll: boolean;
  readonly coverageAll: boolean;
  readonly loadFeeds: () => Promise<LoadedIpRanges>;
  /** Zone id → when it was last refreshed; written after every zone. */
  readonly state: Map<string, string>;
  /** Every zone replaced and not yet reported (from the journal, then this run), with what it held before. */
  readonly journal: Map<string, ZoneSnapshot | null>;
  /** How many of the journal's zones an earlier run left. */
  readonly fromEarlierRun: number;
  readonly written: Map<string, ZoneSnapshot>;
  /** Every zone refreshed in this run (replaced or not), with the snapshot its file holds now. */
  readonly checked: Map<string, ZoneSnapshot>;
  readonly failures: string[];
  stop?: { readonly zoneId: string; readonly reason: string };
}

/**
 * Runs `refresh` (see the command's help) and sets the exit code. A run that fails part way (a full disk) still
 * prints its report and summary, then the error.
 */
export async function runRefresh(io: CliIo, options: RefreshOptions): Promise<void> {
  const { run, order } = startRun(io, options);
  const fatal = await refreshInOrder(run, order);
  summarize(run, order, report(run, options, order));
  if (fatal !== undefined) throw fatal;
  if (run.failures.length > 0) process.exitCode = 1;
  // Reported by a run that finished: the journal's zones are done. After a failure they are reported again.
  else clearRefreshJournal(run.dir);
}

/** Checks the folder and the zones, reads the state and journal, and makes the client: all before any request. */
function startRun(io: CliIo, options: RefreshOptions): { run: RefreshRun; order: string[] } {
  const dir = path.resolve(resolveSnapshotDir(options.snapshotDir, io.env));
  // `--snapshot-dir main.ts`, or a path through a file: said before anything says the folder cannot be read or made.
  const file = fileInFolderPath(dir);
  if (file !== undefined) {
    const field = options.snapshotDir === undefined ? ENV.snapshotDir : '--snapshot-dir';
    throw new InvalidInputError(
      field,
      `${forTerminal(file)} is a file, not a folder: the snapshot folder cannot be ${file === dir ? 'it' : 'under it'}. Give the path of a folder (one that holds <zone>.json snapshots, or a new one) with ${field}, or remove or rename the file.`,
    );
  }
  const zoneIds = zonesToRefresh(dir, options);
  prepareFolder(io, dir);
  const { state, ignored } = readRefreshState(dir);
  if (ignored !== undefined) warn(io, `ignoring the refresh state (${ignored}); zones never refreshed come first`);
  const { journal, skippedLines, ignored: badJournal } = readRefreshJournal(dir);
  if (badJournal !== undefined)
    warn(io, `ignoring the refresh journal (${badJournal}); its zones are not reported again`);
  if (skippedLines > 0) warn(io, `skipped ${skippedLines} unreadable line(s) of the refresh journal`);
  if (journal.size > 0) {
    warn(
      io,
      `reporting ${journal.size} zone${journal.size === 1 ? '' : 's'} an earlier run replaced but did not report`,
    );
  }
  // The default of --max-requests: what the rate budget allows (none when it is off).
  const allowed =
    options.maxRequests ?? processRequestBudget(resolveClientConfig({ env: io.env }).rateLimits).available();
  const max = Number.isFinite(allowed) ? allowed : undefined;
  // The client counts every request it sends, retries included, and sends none past the cap.
  const client = new OriginCloudRegionsClient({
    env: io.env,
    ...perPageFrom(options.perPage),
    ...(max === undefined ? {} : { maxRequests: max }),
  });
  let feeds: Promise<LoadedIpRanges> | undefined;
  const run: RefreshRun = {
    io,
    dir,
    client,
    max,
    // Verdicts are recorded when asked for, and always for a zone whose snapshot holds them (an offline synth with
    // verifyIpRanges reads them there); the feeds are loaded once, on first need.
    verifyAll: resolveVerifyIpRanges(options, io.env),
    // The same for coverage: the origins, for an offline synth with coverage on.
    coverageAll: resolveCoverage(options, io.env),
    loadFeeds: () =>
      (feeds ??= loadIpRanges({ env: io.env }).then((loaded) => {
        for (const warning of loaded.warnings) warn(io, warning);
        return loaded;
      })),
    state: new Map(state),
    journal,
    fromEarlierRun: journal.size,
    written: new Map(),
    checked: new Map(),
    failures: [],
  };
  return { run, order: refreshOrder(zoneIds, state) };
}

/** Returns the error of a file that could not be written. */
async function refreshInOrder(run: RefreshRun, order: readonly string[]): Promise<OriginCloudRegionsError | undefined> {
  try {
    for (const zoneId of order) {
      await refreshZone(run, zoneId);
      if (run.stop !== undefined) break;
    }
    return undefined;
  } catch (error) {
    // A full disk: the zones done so far are still reported.
    if (!(error instanceof OriginCloudRegionsError)) throw error;
    return error;
  } finally {
    await run.client.close();
  }
}

/** Throws only what ends the run (a file write); sets `run.stop` when the zones left must wait. */
async function refreshZone(run: RefreshRun, zoneId: string): Promise<void> {
  const previous = previousSnapshot(run.io, snapshotPath(run.dir, zoneId), zoneId);
  run.stop = overBudget(run, zoneId, previous);
  if (run.stop !== undefined) return;
  let fetched: Fetched;
  try {
    fetched = await fetchForSnapshot(run, zoneId, previous);
  } catch (error) {
    const reason = stopReason(error, run.max);
    if (reason !== undefined) run.stop = { zoneId, reason };
    else if (error instanceof OriginCloudRegionsError) run.failures.push(`${zoneId}: ${error.message} [${error.code}]`);
    else throw error;
    return;
  }
  await writeZone(run, zoneId, previous, fetched);
}

/** Why the zone does not fit what is left of `--max-requests`, if it does not. */
function overBudget(run: RefreshRun, zoneId: string, previous: ZoneSnapshot | undefined): RefreshRun['stop'] {
  const { client, max } = run;
  // One request per page (at least one), one for the supported regions, and for the origins four: the DNS records
  // (one page of 5,000), the zone, its load balancers, the pools.
  const pages = Math.max(1, Math.ceil((previous?.mappings.length ?? 0) / client.config.perPage));
  const cost = pages + 1 + (withOrigins(run, previous) ? 4 : 0);
  if (max === undefined || client.requestsSent + cost <= max) return undefined;
  const left = max - client.requestsSent;
  return { zoneId, reason: `it needs about ${cost} requests and ${left} of --max-requests ${max} are left` };
}

async function writeZone(
  run: RefreshRun,
  zoneId: string,
  previous: ZoneSnapshot | undefined,
  fetched: Fetched,
): Promise<void> {
  let ipRanges: SnapshotIpRanges | undefined;
  if (run.verifyAll || previous?.ipRanges !== undefined) {
    // Keeps the recorded verdicts a failed feed could not check again.
    const rechecked = recheckVerdicts(await run.loadFeeds(), fetched.list.mappings, previous);
    const { kept, failedFeeds } = rechecked;
    if (kept > 0) {
      warn(
        run.io,
        `zone ${zoneId}: kept ${kept} recorded IP range verdict${kept === 1 ? '' : 's'} that could not be checked again, because the ${failedFeeds.join(', ')} feed${failedFeeds.length === 1 ? '' : 's'} could not be read; the next run checks them`,
      );
    }
    ipRanges = rechecked.ipRanges;
  }
  for (const m of fetched.origins?.missing ?? []) warn(run.io, missingSourceWarning(zoneId, m));
  const coverage =
    fetched.origins === undefined
      ? undefined
      : coverageOnline(fetched.origins, fetched.list.mappings, await run.loadFeeds()).recorded;
  const snapshot = snapshotFromLookup({
    zoneId,
    ...(previous?.label === undefined ? {} : { label: previous.label }),
    mappings: fetched.list.mappings,
    supportedRegions: fetched.supportedRegions,
    fetchedAt: new Date(),
    ...(ipRanges === undefined ? {} : { ipRanges }),
    ...(coverage === undefined ? {} : { coverage }),
  });
  const result = writeSnapshot(snapshotPath(run.dir, zoneId), snapshot, {
    // Journaled before the file changes, so a run killed right after the write still has the zone reported.
    beforeReplace: (before) => {
      if (run.journal.has(zoneId)) return;
      appendRefreshJournal(run.dir, zoneId, before);
      run.journal.set(zoneId, before ?? null);
    },
  });
  if (result.written) run.written.set(zoneId, result.snapshot);
  run.checked.set(zoneId, result.snapshot);
  run.state.set(zoneId, new Date().toISOString());
  // After every zone, so that a run cut short (a crash, a cancelled job) still keeps its progress.
  writeRefreshState(run.dir, run.state);
}

/**
 * Reports every zone this run refreshed (unchanged too, so the report counts what was checked) and every zone the
 * journal holds. The default marker is keyed on the zones asked for (`order`), so every run of the same fleet
 * updates the same comment, whatever changed and wherever the budget stopped. `quiet`: the snapshots rewritten for
 * nothing a synth shows (new feed versions, regions no mapping uses).
 */
function report(run: RefreshRun, options: ReportOptions, order: readonly string[]): { changed: number; quiet: number } {
  const before: ZoneMappingSet[] = [];
  const after: ZoneMappingSet[] = [];
  const extras = new Map<string, Pick<ZoneDiffReport, 'verdictChanges' | 'supportChanges'>>();
  for (const zoneId of new Set([...run.journal.keys(), ...run.checked.keys()])) {
    const file = snapshotPath(run.dir, zoneId);
    const now = run.checked.get(zoneId) ?? previousSnapshot(run.io, file, zoneId, 'cannot report');
    if (now === undefined) continue;
    // A zone not in the journal was not replaced: it is its own "before".
    const was = run.journal.has(zoneId) ? run.journal.get(zoneId)! : now;
    if (was !== null) {
      before.push(zoneSet(was, file));
      extras.set(zoneId, { verdictChanges: verdictChanges(was, now), supportChanges: supportChanges(was, now) });
    }
    after.push(zoneSet(now, file));
  }
  const label = path.relative(process.cwd(), run.dir) || '.';
  const built = buildDiffReport(
    { label: `${label} (before refresh)`, zones: before },
    { label: `${label} (after refresh)`, zones: after },
  );
  const full = { ...built, zones: built.zones.map((z) => ({ ...z, ...extras.get(z.zoneId) })) };
  const commentId =
    options.commentId ?? defaultCommentId({ kind: full.kind, zones: order.map((zoneId) => ({ zoneId })) });
  writeReport(run.io, full, { ...options, commentId });
  const changed = new Set(full.zones.filter(zoneHasChanges).map((z) => z.zoneId));
  process.exitCode = changed.size > 0 ? 2 : 0;
  return { changed: changed.size, quiet: [...run.written.keys()].filter((id) => !changed.has(id)).length };
}

/** Checks, before any request is spent, that the run can keep its state; removes what a killed run left. */
function prepareFolder(io: CliIo, dir: string): void {
  try {
    makeFolder(dir);
  } catch (error) {
    throw new FileWriteError(dir, 'snapshot folder', error);
  }
  for (const [name, what] of [
    [REFRESH_STATE_FILE, 'refresh state'],
    [REFRESH_JOURNAL_FILE, 'refresh journal'],
  ] as const) {
    const file = path.join(dir, name);
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isDirectory() === true) {
      throw new FileWriteError(file, what, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    }
  }
  const ours = (name: string): boolean => name === REFRESH_STATE_FILE || /^[0-9a-f]{32}\.json$/.test(name);
  for (const name of removeStaleTempFiles(dir, ours)) warn(io, `removed ${name}, left by a run that was killed`);
}

/** Why a failure stops the whole run; `undefined` when only its zone failed. */
function stopReason(error: unknown, max: number | undefined): string | undefined {
  if (error instanceof RequestCapReachedError) {
    return `--max-requests ${max} is reached (${error.requestsSent} requests sent, retries included), so the rest of this zone's requests were not sent`;
  }
  if (error instanceof RateBudgetExceededError || error instanceof RateLimitedError) {
    return `the rate budget is spent (${error.code}: ${error.message})`;
  }
  return undefined;
}

/** The zones named by --zone and --zones-file, else every `<zone>.json` in the folder. */
function zonesToRefresh(dir: string, options: RefreshOptions): string[] {
  const named = namedZones(options);
  if (named.length > 0) return named;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new InvalidInputError(
      '--snapshot-dir',
      `The snapshot folder ${forTerminal(dir)} cannot be read, and no zone was named. Name the zones with --zone or --zones-file, or point --snapshot-dir at the folder of <zone>.json snapshots.`,
    );
  }
  const ids = entries
    .filter((e) => e.isFile() && /^[0-9a-f]{32}\.json$/.test(e.name))
    .map((e) => e.name.slice(0, 32))
    .sort();
  if (ids.length === 0) {
    throw new InvalidInputError(
      '--snapshot-dir',
      `The snapshot folder ${forTerminal(dir)} holds no <zone>.json snapshot, and no zone was named. Name the zones with --zone or --zones-file.`,
    );
  }
  return ids;
}

function previousSnapshot(io: CliIo, file: string, zoneId: string, action = 'replacing'): ZoneSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return readSnapshot(file, zoneId, { followSymlinks: false });
  } catch (error) {
    if (!(error instanceof OriginCloudRegionsError)) throw error;
    warn(io, `${action} ${file}, which cannot be used: ${error.message}`);
    return undefined;
  }
}

interface Fetched {
  readonly list: MappingList;
  readonly supportedRegions: SupportedRegions | null;
  readonly origins?: ZoneOrigins;
}

/** Whether the zone's origins are recorded: asked for, or always when its snapshot holds them (never dropped). */
function withOrigins(run: RefreshRun, previous: ZoneSnapshot | undefined): boolean {
  return run.coverageAll || previous?.coverage !== undefined;
}

/** After a fallback, the supported regions the snapshot recorded (with a warning). */
async function fetchForSnapshot(run: RefreshRun, zoneId: string, previous: ZoneSnapshot | undefined): Promise<Fetched> {
  const { io, client } = run;
  const [zone, origins] = await Promise.all([
    fetchZone(client, zoneId),
    withOrigins(run, previous) ? collectZoneOrigins(client, zoneId) : undefined,
  ]);
  const supportedRegions =
    zone.supportedRegions ?? (previous === undefined ? null : lookupFromSnapshot(previous).supportedRegions);
  if (zone.fallback !== undefined) {
    const kept = supportedRegions === null ? 'the snapshot records none' : "kept the snapshot's own";
    warn(io, `zone ${zoneId}: ${zone.fallback.cause}; ${kept}`);
  }
  return { list: zone.list, supportedRegions, ...(origins === undefined ? {} : { origins }) };
}

/** A snapshot as the drift report reads one, with its zone's label. */
function zoneSet(snapshot: ZoneSnapshot, file: string): ZoneMappingSet {
  const set = snapshotMappingSet(snapshot, file);
  return snapshot.label === undefined ? set : { ...set, zoneLabel: snapshot.label };
}

const SHOWN_REMAINING = 20;

function summarize(run: RefreshRun, order: readonly string[], counts: { changed: number; quiet: number }): void {
  const { io, max, stop } = run;
  const spent = run.client.requestsSent;
  const of = max === undefined ? '' : ` of at most ${max}`;
  const earlier =
    (run.fromEarlierRun > 0 ? `, ${run.fromEarlierRun} replaced by an earlier run` : '') +
    (counts.quiet > 0 ? `, ${counts.quiet} rewritten for new feed versions or unused regions only` : '');
  warn(
    io,
    `refreshed ${run.checked.size} of ${order.length} zone${order.length === 1 ? '' : 's'} (${counts.changed} changed${earlier}), ${spent} request${spent === 1 ? '' : 's'} sent (retries included)${of}`,
  );
  for (const failure of run.failures) warn(io, `failed: ${failure}`);
  if (stop !== undefined) {
    const remaining = order.slice(order.indexOf(stop.zoneId));
    const shown = remaining.slice(0, SHOWN_REMAINING).join(', ');
    const more = remaining.length > SHOWN_REMAINING ? ` and ${remaining.length - SHOWN_REMAINING} more` : '';
    warn(
      io,
      `stopped before zone ${stop.zoneId}: ${stop.reason}. ${remaining.length} zone${remaining.length === 1 ? '' : 's'} remain${remaining.length === 1 ? 's' : ''}, next first: ${shown}${more}. Run refresh again (after the rate window) to continue.`,
    );
  }
}

function warn(io: CliIo, line: string): void {
  const secrets = credentialsIn(io.env);
  io.stderr.write(`origin-cloud-regions refresh: ${forTerminal(redactSecrets(line, secrets))}\n`);
}
