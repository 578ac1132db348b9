import { ListingBatch, type BatchTicket } from '../client/batch';
import { OriginCloudRegionsClient } from '../client/client';
import { validateZoneId } from '../client/validate-input';
import { SnapshotPathSharedError } from '../errors/snapshot';
import type { SupportedRegions } from '../model/supported-regions';
import {
  loadIpRanges,
  unverifiedZone,
  verifyZone,
  zoneFromRecorded,
  type LoadedIpRanges,
  type ZoneIpRanges,
} from '../ipranges';
import { ipRangesFromSnapshot, ipRangesToSnapshot } from '../snapshot/ip-ranges';
import { lookupFromSnapshot, snapshotFromLookup } from '../snapshot/format';
import { collectZoneOrigins } from '../coverage/collect';
import { coverageOffline, coverageOnline, withCoverage } from './coverage';
import { readSnapshot } from '../snapshot/read';
import { writeSnapshot } from '../snapshot/write';
import { ipRangeFindings } from '../validate/ip-range-findings';
import { compareFindings } from '../validate/validate-mappings';
import { fetchZone } from './fetch-zone';
import { authorityOf, buildResult } from './result';
import { resolveCoverage, resolveOffline, resolveSnapshotSettings, resolveVerifyIpRanges } from './settings';
import { resultsOrFirstFailure, type ZoneLookupOutcome, type ZoneLookupRequest, type ZoneLookupResult } from './types';
import { compareCodeUnits } from '../model/order';
import { settingsIn } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

// The feeds are loaded once per process (in a synth: per lookup worker), per feed configuration, and shared by every
// zone and every batch: they are large and change a few times a week, while a synth looks up many zones.
const loadedFeeds = new Map<string, FeedsLoading>();

// The settings that change what the feeds load, and so key the feeds loaded once.
const FEED_SETTINGS = [
  SETTINGS.ipRangesAws,
  SETTINGS.ipRangesGcp,
  SETTINGS.ipRangesOci,
  SETTINGS.ipRangesAzure,
  SETTINGS.ipRangesTimeout,
  SETTINGS.cacheDir,
  SETTINGS.xdgCacheHome,
  SETTINGS.localAppData,
  SETTINGS.httpsProxy,
  SETTINGS.httpProxy,
  SETTINGS.noProxy,
];

/** Feeds being loaded (or loaded), and which of them are still on their way. */
interface FeedsLoading {
  readonly loaded: Promise<LoadedIpRanges>;
  /** The feeds still loading, as `AWS 'https://…'`. */
  readonly pending: () => readonly string[];
}

function loadFeedsOnce(env: Readonly<Record<string, string | undefined>>): FeedsLoading {
  const key = JSON.stringify(settingsIn(env, FEED_SETTINGS));
  let loading = loadedFeeds.get(key);
  if (loading === undefined) {
    // A caller's environment may lack the cache folder's platform defaults: the process's own fill them in.
    const platform = settingsIn(process.env, [SETTINGS.xdgCacheHome, SETTINGS.localAppData]);
    let pending: readonly string[] = [];
    const loaded = loadIpRanges({ env: { ...platform, ...env }, onPending: (feeds) => (pending = feeds) });
    loading = { loaded, pending: () => pending };
    loadedFeeds.set(key, loading);
    // A configuration error (a feed URL that is not https) is not remembered: the next lookup reports it again.
    loaded.catch(() => loadedFeeds.delete(key));
  }
  return loading;
}

/** Where {@link lookupZones} reads its defaults from. */
export interface LookupEnvironment {
  /**
   * Environment variables for the lookup's own settings: the offline switch, the snapshot folder, IP range
   * verification, and the IP range feeds with their cache folder and proxy (client options read their own `env`).
   * @default `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Folder that relative snapshot paths are resolved against.
   * @default `process.cwd()`
   */
  readonly cwd?: string;
}

/**
 * Looks up several zones at once: for each zone, lists its mappings and fetches its `supported_regions`
 * concurrently, all zones concurrently (the client's process-wide cap bounds the requests in flight);
 * validates the mappings; writes snapshots when asked; or, offline, reads the snapshots instead. When
 * `supported_regions` fails for a passing reason, the bundled catalog validates the mappings and the result says why.
 *
 * @returns one result per request, in request order
 * @throws the first failure in request order ({@link InvalidInputError}, {@link MissingCredentialsError},
 *   the client's API errors, the snapshot errors); the other zones still finish first
 *
 * @example
 * ```ts
 * const [shop] = await lookupZones([{ zoneId: '023e105f4ecef8ad9ca31a8372d0c353' }]);
 * console.log(shop.mappings.length, shop.authority.kind, shop.findings);
 * ```
 */
export async function lookupZones(
  requests: readonly ZoneLookupRequest[],
  environment: LookupEnvironment = {},
): Promise<ZoneLookupResult[]> {
  return resultsOrFirstFailure(await lookupZonesSettled(requests, environment));
}

/** Like {@link lookupZones}, but each request gets its own result or error; identical requests are looked up once. */
export async function lookupZonesSettled(
  requests: readonly ZoneLookupRequest[],
  environment: LookupEnvironment = {},
): Promise<ZoneLookupOutcome[]> {
  const outcomes = new Array<ZoneLookupOutcome>(requests.length);
  await lookupZonesStreamed(requests, environment, (index, outcome) => {
    outcomes[index] = outcome;
  });
  return outcomes;
}

/**
 * {@link lookupZonesSettled}, handing each outcome to `onSettled` as soon as its zone is settled and keeping none, so
 * that a large batch never holds every zone at once. `onWaiting` is told when a zone waits only for the IP range
 * feeds named (a caller that gives up can then say the feeds were slow, not the API).
 * @internal
 */
export async function lookupZonesStreamed(
  requests: readonly ZoneLookupRequest[],
  environment: LookupEnvironment,
  onSettled: (index: number, outcome: ZoneLookupOutcome) => void,
  onWaiting?: (index: number, feeds: readonly string[]) => void,
): Promise<void> {
  const env = environment.env ?? process.env;
  const cwd = environment.cwd ?? process.cwd();
  const clients = new Map<string, OriginCloudRegionsClient>();
  const groups = new Map<string, { request: ZoneLookupRequest; indices: number[] }>();
  requests.forEach((request, index) => {
    // The label names the zone in reports; it does not change what is fetched, so the same zone looked up under
    // two labels (two stacks) is fetched once, and the first request's label is the one written into the snapshot.
    const { label: _label, ...fetched } = request;
    const key = stableKey(fetched);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { request, indices: [index] });
    else group.indices.push(index);
  });
  const distinct = [...groups.values()].map((g) => g.request);
  const shared = sharedSnapshotFiles(distinct, env, cwd);
  // Page 1 of every zone first: the batch then knows its whole need, and fails before spending when it cannot fit.
  const batch = new ListingBatch();
  const planned = [...groups.values()].map((group) => ({ ...group, ticket: batch.ticket() }));
  try {
    await Promise.all(
      planned.map(async ({ request, indices, ticket }) => {
        const waiting = (feeds: readonly string[]): void => indices.forEach((index) => onWaiting?.(index, feeds));
        const conflict = shared.get(request);
        const outcome: ZoneLookupOutcome =
          conflict !== undefined
            ? { ok: false, error: conflict }
            : await lookupOne(request, env, cwd, clients, waiting, ticket).then(
                (result) => ({ ok: true, result }),
                (error: unknown) => ({ ok: false, error }),
              );
        ticket.leave();
        for (const index of indices) onSettled(index, outcome);
      }),
    );
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
  }
}

// The requests of two zones that would write the same snapshot file, each with its error, before anything is
// written. A request whose settings are invalid is left to lookupOne to report.
function sharedSnapshotFiles(
  requests: readonly ZoneLookupRequest[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Map<ZoneLookupRequest, SnapshotPathSharedError> {
  const writers = new Map<string, ZoneLookupRequest>();
  const conflicts = new Map<ZoneLookupRequest, SnapshotPathSharedError>();
  for (const request of requests) {
    let file: string;
    try {
      if (request.snapshot === undefined || request.snapshot === false) continue;
      const settings = resolveSnapshotSettings(validateZoneId(request.zoneId, 'zoneId'), request, env, cwd);
      if (!settings.write) continue;
      file = settings.file;
    } catch {
      continue;
    }
    const first = writers.get(file);
    if (first === undefined) writers.set(file, request);
    else if (first.zoneId !== request.zoneId) {
      const error = new SnapshotPathSharedError(file, first.zoneId, request.zoneId);
      if (!conflicts.has(first)) conflicts.set(first, error);
      conflicts.set(request, error);
    }
  }
  return conflicts;
}

async function lookupOne(
  request: ZoneLookupRequest,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  clients: Map<string, OriginCloudRegionsClient>,
  waiting: (feeds: readonly string[]) => void,
  ticket: BatchTicket,
): Promise<ZoneLookupResult> {
  const zoneId = validateZoneId(request?.zoneId, 'zoneId');
  // A plain online lookup (no snapshot asked for) needs no snapshot file.
  const settings =
    resolveOffline(request, env) || request.snapshot !== undefined || request.snapshotDir !== undefined
      ? resolveSnapshotSettings(zoneId, request, env, cwd)
      : undefined;
  const verify = resolveVerifyIpRanges(request, env);
  const coverage = resolveCoverage(request, env);
  if (settings?.offline) return fromSnapshot(zoneId, settings.file, verify, coverage);

  const options = request.client ?? {};
  const clientKey = stableKey(options);
  // Constructing validates credentials and options before any request (typed errors).
  const client = clients.get(clientKey) ?? new OriginCloudRegionsClient(options);
  clients.set(clientKey, client);
  // Loaded while the API answers; a failure is reported when awaited below.
  const feeds = verify || coverage ? loadFeedsOnce(env) : undefined;
  feeds?.loaded.catch(() => undefined);
  const [zone, origins] = await Promise.all([
    fetchZone(client, zoneId, { batch: ticket }),
    coverage ? collectZoneOrigins(client, zoneId) : undefined,
  ]);
  const { list, supportedRegions, authority, fallback } = zone;
  const built = buildResult(
    zoneId,
    list.mappings,
    supportedRegions,
    authority,
    'api',
    fallback?.code,
    list.sentOriginIps,
  );
  if (feeds !== undefined && feeds.pending().length > 0) waiting(feeds.pending());
  const loaded = feeds === undefined ? undefined : await feeds.loaded;
  const verified = loaded === undefined || !verify ? built : withIpRanges(built, verifyZone(loaded, built.mappings));
  const covered =
    loaded === undefined || origins === undefined ? undefined : coverageOnline(origins, built.mappings, loaded);
  const result = covered === undefined ? verified : withCoverage(verified, covered.coverage);
  if (settings === undefined || !settings.write) return result;
  writeSnapshot(
    settings.file,
    snapshotFromLookup({
      zoneId,
      ...(request.label === undefined ? {} : { label: request.label }),
      mappings: result.mappings,
      supportedRegions: zone.supportedRegions ?? previousSupportedRegions(settings.file, zoneId),
      fetchedAt: new Date(),
      ...(result.ipRanges === undefined ? {} : { ipRanges: ipRangesToSnapshot(result.ipRanges) }),
      ...(covered === undefined ? {} : { coverage: covered.recorded }),
    }),
  );
  return { ...result, snapshotPath: settings.file };
}

function fromSnapshot(zoneId: string, file: string, verify: boolean, coverage: boolean): ZoneLookupResult {
  const snapshot = lookupFromSnapshot(readSnapshot(file, zoneId));
  const supportedRegions = snapshot.supportedRegions ?? undefined;
  const authority = authorityOf(
    supportedRegions,
    'the snapshot holds no supported_regions (they were unavailable when it was written)',
  );
  let result: ZoneLookupResult = {
    // Read back by lookupFromSnapshot: canonical and sorted already (no IP text to flag: a snapshot stores none).
    ...buildResult(zoneId, snapshot.mappings, supportedRegions, authority, 'snapshot', undefined, new Map()),
    snapshotPath: file,
  };
  // Offline, no feed is read: the verdicts recorded with the snapshot are the ones reported.
  if (verify) {
    const recorded = snapshot.ipRanges === undefined ? undefined : ipRangesFromSnapshot(snapshot.ipRanges);
    const verified =
      recorded === undefined
        ? unverifiedZone(
            result.mappings,
            `zone ${zoneId}: the snapshot ${file} holds no IP range verdicts (it was written without verifyIpRanges), so every mapping is unverified. Write it again from an online synth with verifyIpRanges on.`,
          )
        : zoneFromRecorded(recorded.feeds, recorded.verdicts, result.mappings);
    result = withIpRanges(result, verified);
  }
  if (!coverage) return result;
  return withCoverage(result, coverageOffline(zoneId, snapshot.coverage, result.mappings, file));
}

/** The result with its verification attached and the contradictions added to its findings. */
function withIpRanges(result: ZoneLookupResult, verified: ZoneIpRanges): ZoneLookupResult {
  const findings = [...result.findings, ...ipRangeFindings(verified.verdicts)].sort(compareFindings);
  return { ...result, findings, ipRanges: verified };
}

// After a fallback, what the previous snapshot recorded: a passing failure must not flip it to "unavailable" and back.
function previousSupportedRegions(file: string, zoneId: string): SupportedRegions | null {
  try {
    return lookupFromSnapshot(readSnapshot(file, zoneId)).supportedRegions;
  } catch {
    return null;
  }
}

// Keys from sorted properties, so the same request (or client options) always gives the same key,
// whatever order the caller wrote the fields in.
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareCodeUnits(a, b)))
      : v,
  );
}
