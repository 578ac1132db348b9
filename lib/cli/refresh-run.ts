import * as fs from 'node:fs';
import * as path from 'node:path';
import { processRequestBudget } from '../client/budget';
import { RateBudgetExceededError, RateLimitedError } from '../errors/budget';
import { OriginCloudRegionsClient } from '../client/client';
import { redactSecrets } from '../client/redact';
import type { MappingList } from '../client/listing';
import { validateZoneId } from '../client/validate-input';
import type { ZoneMappingSet } from '../drift/mapping-set';
import { buildDiffReport } from '../drift/report';
import { InvalidInputError, OriginCloudRegionsError } from '../errors';
import { readRegularTextFile } from '../files/read-regular-file';
import { loadIpRanges, verifyZone, type LoadedIpRanges } from '../ipranges';
import { canonicalIp } from '../model/ip';
import type { SupportedRegions } from '../model/supported-regions';
import { forTerminal } from '../sinks/terminal';
import { resolveSnapshotDir } from '../lookup/settings';
import { ENV } from '../settings/names';
import {
  lookupFromSnapshot,
  snapshotFromLookup,
  snapshotPath,
  snapshotUpperTierColos,
  type ZoneSnapshot,
} from '../snapshot/format';
import { ipRangesToSnapshot } from '../snapshot/ip-ranges';
import { readSnapshot } from '../snapshot/read';
import { writeSnapshot } from '../snapshot/write';
import { verifyIpRangesOn, writeReport } from './diff';
import type { CliIo } from './io';
import type { RefreshOptions } from './refresh';
import { readRefreshState, refreshOrder, writeRefreshState } from './refresh-state';

/** Why a run stopped before every zone was refreshed. */
interface Stop {
  readonly zoneId: string;
  readonly reason: string;
}

/**
 * Runs `refresh` (see the command's help): refreshes the zones' snapshots within the request budget, least recently
 * refreshed first, prints the drift report of the zones whose data changed, and sets the exit code.
 */
export async function runRefresh(io: CliIo, options: RefreshOptions): Promise<void> {
  const dir = path.resolve(resolveSnapshotDir(options.snapshotDir, io.env));
  const zoneIds = zonesToRefresh(dir, options);
  const { state, ignored } = readRefreshState(dir);
  if (ignored !== undefined) {
    warn(io, `ignoring the refresh state (${ignored}); zones never refreshed come first`);
  }
  const order = refreshOrder(zoneIds, state);
  const client = new OriginCloudRegionsClient({ env: io.env });
  const next = new Map(state);
  const before: ZoneMappingSet[] = [];
  const after: ZoneMappingSet[] = [];
  const failures: string[] = [];
  const available = processRequestBudget(client.config.rateLimits).available();
  const max = options.maxRequests ?? (Number.isFinite(available) ? available : undefined);
  // Verdicts are recorded when asked for, and always for a zone whose snapshot holds them (an offline synth with
  // verifyIpRanges reads them there); the feeds are loaded once, on first need.
  const verifyAll = verifyIpRangesOn(options, io.env);
  let feeds: Promise<LoadedIpRanges> | undefined;
  const loadFeeds = (): Promise<LoadedIpRanges> =>
    (feeds ??= loadIpRanges({ env: io.env }).then((loaded) => {
      for (const warning of loaded.warnings) warn(io, warning);
      return loaded;
    }));
  let spent = 0;
  let refreshed = 0;
  let stop: Stop | undefined;
  try {
    for (const zoneId of order) {
      const file = snapshotPath(dir, zoneId);
      const previous = previousSnapshot(io, file, zoneId);
      const cost = expectedCost(previous, client.config.perPage);
      if (max !== undefined && spent + cost > max) {
        stop = {
          zoneId,
          reason: `it needs about ${cost} requests and ${max - spent} of --max-requests ${max} are left`,
        };
        break;
      }
      let fetched: { list: MappingList; supportedRegions: SupportedRegions | null };
      try {
        fetched = await fetchZone(io, client, zoneId, previous);
      } catch (error) {
        if (error instanceof RateBudgetExceededError || error instanceof RateLimitedError) {
          spent += 1;
          stop = { zoneId, reason: `the rate budget is spent (${error.code}: ${error.message})` };
          break;
        }
        if (!(error instanceof OriginCloudRegionsError)) throw error;
        spent += cost;
        failures.push(`${zoneId}: ${error.message} [${error.code}]`);
        continue;
      }
      spent += fetched.list.requests + 1;
      const verify = verifyAll || previous?.ipRanges !== undefined;
      const ipRanges = verify ? ipRangesToSnapshot(verifyZone(await loadFeeds(), fetched.list.mappings)) : undefined;
      const snapshot = snapshotFromLookup({
        zoneId,
        ...(previous?.label === undefined ? {} : { label: previous.label }),
        mappings: fetched.list.mappings,
        supportedRegions: fetched.supportedRegions,
        fetchedAt: new Date(),
        ...(ipRanges === undefined ? {} : { ipRanges }),
      });
      const result = writeSnapshot(file, snapshot);
      refreshed += 1;
      next.set(zoneId, new Date().toISOString());
      // After every zone, so that a run cut short (a crash, a cancelled job) still keeps its progress.
      writeRefreshState(dir, next);
      if (result.written) {
        if (previous !== undefined) before.push(zoneSet(previous, file));
        after.push(zoneSet(result.snapshot, file));
      }
    }
  } finally {
    await client.close();
  }
  const label = path.relative(process.cwd(), dir) || '.';
  const report = buildDiffReport(
    { label: `${label} (before refresh)`, zones: before },
    { label: `${label} (after refresh)`, zones: after },
  );
  writeReport(io, report, options);
  summarize(io, { refreshed, changed: after.length, spent, max, total: order.length, failures, stop, order });
  if (failures.length > 0) process.exitCode = 1;
}

/** The zones named by --zone and --zones-file, else every `<zone>.json` in the folder. */
function zonesToRefresh(dir: string, options: RefreshOptions): string[] {
  const named = options.zone.map((z) => validateZoneId(z, '--zone'));
  if (options.zonesFile !== undefined) named.push(...readZonesFile(options.zonesFile));
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

/** The zone ids of a zones file: one per line; `#` starts a comment; blank lines are skipped. */
export function parseZonesFile(text: string, file: string): string[] {
  const ids: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line !== '') ids.push(validateZoneId(line, `${file} line ${i + 1}`));
  });
  return ids;
}

function readZonesFile(file: string): string[] {
  const text = readRegularTextFile(file, { what: 'zones file', maxBytes: 1024 * 1024 });
  const ids = parseZonesFile(text, file);
  if (ids.length === 0) {
    throw new InvalidInputError('--zones-file', `${forTerminal(file)} names no zone. Put one zone id per line.`);
  }
  return ids;
}

function previousSnapshot(io: CliIo, file: string, zoneId: string): ZoneSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return readSnapshot(file, zoneId, { followSymlinks: false });
  } catch (error) {
    if (!(error instanceof OriginCloudRegionsError)) throw error;
    warn(io, `replacing ${file}, which cannot be used: ${error.message}`);
    return undefined;
  }
}

/** One request per page (at least one) plus one for the supported regions. */
function expectedCost(previous: ZoneSnapshot | undefined, perPage: number): number {
  return Math.max(1, Math.ceil((previous?.mappings.length ?? 0) / perPage)) + 1;
}

async function fetchZone(
  io: CliIo,
  client: OriginCloudRegionsClient,
  zoneId: string,
  previous: ZoneSnapshot | undefined,
): Promise<{ list: MappingList; supportedRegions: SupportedRegions | null }> {
  const [list, supported] = await Promise.all([
    client.listMappings(zoneId),
    client.supportedRegions(zoneId).then(
      (sr) => ({ ok: true as const, sr }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  ]);
  if (supported.ok) return { list, supportedRegions: supported.sr };
  const { error } = supported;
  if (error instanceof RateBudgetExceededError || error instanceof RateLimitedError) throw error;
  if (!(error instanceof OriginCloudRegionsError)) throw error;
  // A passing failure must not flip the snapshot's supported regions to "unavailable" and back.
  const kept = previous === undefined ? null : lookupFromSnapshot(previous).supportedRegions;
  warn(io, `zone ${zoneId}: supported_regions unavailable (${error.code}); kept the snapshot's own`);
  return { list, supportedRegions: kept };
}

/** A snapshot as the drift report reads one (the upper-tier colos of each mapping, when known). */
function zoneSet(snapshot: ZoneSnapshot, file: string): ZoneMappingSet {
  const known = snapshot.supportedRegions?.obtained_codes === true;
  return {
    zoneId: snapshot.zoneId,
    label: file,
    ...(snapshot.label === undefined ? {} : { zoneLabel: snapshot.label }),
    mappings: snapshot.mappings.map((m) => {
      const entry = { originIp: canonicalIp(m.origin_ip), vendor: m.vendor, region: m.region };
      const colos = known ? snapshotUpperTierColos(snapshot, m.vendor, m.region) : undefined;
      return colos === undefined ? entry : { ...entry, upperTierColos: colos };
    }),
    supportedRegions: lookupFromSnapshot(snapshot).supportedRegions,
  };
}

const SHOWN_REMAINING = 20;

function summarize(
  io: CliIo,
  run: {
    refreshed: number;
    changed: number;
    spent: number;
    max: number | undefined;
    total: number;
    failures: readonly string[];
    stop: Stop | undefined;
    order: readonly string[];
  },
): void {
  const of = run.max === undefined ? '' : ` of at most ${run.max}`;
  warn(
    io,
    `refreshed ${run.refreshed} of ${run.total} zone${run.total === 1 ? '' : 's'} (${run.changed} changed), about ${run.spent} request${run.spent === 1 ? '' : 's'}${of}`,
  );
  for (const failure of run.failures) warn(io, `failed: ${failure}`);
  if (run.stop !== undefined) {
    const remaining = run.order.slice(run.order.indexOf(run.stop.zoneId));
    const shown = remaining.slice(0, SHOWN_REMAINING).join(', ');
    const more = remaining.length > SHOWN_REMAINING ? ` and ${remaining.length - SHOWN_REMAINING} more` : '';
    warn(
      io,
      `stopped before zone ${run.stop.zoneId}: ${run.stop.reason}. ${remaining.length} zone${remaining.length === 1 ? '' : 's'} remain${remaining.length === 1 ? 's' : ''}, next first: ${shown}${more}. Run refresh again (after the rate window) to continue.`,
    );
  }
}

function warn(io: CliIo, line: string): void {
  const secrets = [io.env[ENV.apiToken], io.env[ENV.apiKey], io.env[ENV.apiEmail]];
  io.stderr.write(`origin-cloud-regions refresh: ${forTerminal(redactSecrets(line, secrets))}\n`);
}
