import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiMapping } from '../model/mapping';
import { InvalidInputError } from '../errors';
import { answerApi, isZoneId, routeApiPath, type ApiState } from './api';
import { checkAuth, acceptedCredentials } from './auth';
import { answerCoverage, routeCoveragePath } from './coverage-api';
import { answerControl, CONTROL_PREFIX } from './control-plane';
import { FAILURES, fail } from './envelope';
import { FaultBook } from './faults';
import { IP_RANGES_PREFIX, IpRangeFeedFiles } from './ip-range-feeds';
import {
  DEFAULT_OVERSIZE_BYTES,
  MALFORMED_BODY,
  htmlErrorPage,
  rateLimitAnswer,
  sendAnswer,
  sendOversize,
  sendRaw,
  sendTruncated,
  statusFaultAnswer,
} from './respond';
import { RateLimitEnforcer } from './rate-limit';
import { readSeedFile, parseSeed } from './seed';
import { ZoneMappings, type ListOrder } from './store';
import { defaultSupportedRegions } from './supported-regions';
import type {
  ApiSupportedRegions,
  EmulatorAccountSeed,
  EmulatorCoverageZone,
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorPaging,
  EmulatorRateLimit,
  EmulatorStats,
  FaultRule,
} from './types';

/** Path prefix of the emulated API, as at api.cloudflare.com. */
export const API_PREFIX = '/client/v4';
/** Largest request body the emulator reads (a batch of 100 items is far smaller). */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * A local Cloudflare API for the v2 origin cloud regions endpoints: a real HTTP server on
 * 127.0.0.1, seeded with zones, checking credentials, with fault injection and request stats.
 *
 * @example
 * ```ts
 * const emulator = await CloudflareApiEmulator.start({ seed: { zones: { [zoneId]: { mappings } } } });
 * // CLOUDFLARE_BASE_URL=emulator.baseUrl, CLOUDFLARE_API_TOKEN=emulator-token
 * await emulator.close();
 * ```
 */
export class CloudflareApiEmulator {
  /** Base URL to give a client: `http://127.0.0.1:<port>/client/v4`. */
  public readonly baseUrl: string;
  /** Server origin (`http://127.0.0.1:<port>`); the control plane lives at `<origin>/__emulator/…`. */
  public readonly origin: string;
  /** The TCP port. */
  public readonly port: number;

  private readonly zones = new Map<string, ZoneMappings>();
  private readonly coverage = new Map<string, EmulatorCoverageZone>();
  private readonly accounts = new Map<string, EmulatorAccountSeed>();
  private missingPermissions = new Set<string>();
  private readonly faults = new FaultBook();
  /**
   * IP range feed files served at `<origin>/__ip-ranges/<name>` (`aws.json`, `gcp.json`, `oci.json`, `azure.json`
   * hold hand-made samples in each vendor's format), with `ETag`/`Last-Modified` and `304` answers.
   * Replace one with `ipRangeFeeds.set(name, body)`.
   */
  public readonly ipRangeFeeds = IpRangeFeedFiles.withSamples();
  private readonly closing = new AbortController();
  private counters: EmulatorStats = emptyStats(0);
  private latencyMs: number;
  private rateLimit: RateLimitEnforcer | undefined;
  private paging: EmulatorPaging = {};
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly supported: ApiSupportedRegions,
    private readonly credentials: Required<EmulatorCredentials>,
    private readonly order: ListOrder,
    latencyMs: number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.port = port;
    this.origin = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}${API_PREFIX}`;
    this.latencyMs = latencyMs;
    // Every response waiting out its latency listens for the close: one listener per request in flight, by design.
    setMaxListeners(0, this.closing.signal);
  }

  /**
   * Starts an emulator on 127.0.0.1 (an ephemeral port unless `port` is given).
   *
   * @throws `EmulatorSeedError` when the seed (object or file) is not valid
   * @throws {@link InvalidInputError} when a seeded zone id or IP is invalid, or (field `port`) the port is in use
   */
  public static async start(options: EmulatorOptions = {}): Promise<CloudflareApiEmulator> {
    const seed =
      options.seed !== undefined
        ? parseSeed(options.seed)
        : options.seedFile !== undefined
          ? await readSeedFile(options.seedFile)
          : { zones: {} };
    checkLatency(options.latencyMs ?? 0);
    const rateLimit = options.rateLimit === undefined ? undefined : new RateLimitEnforcer(options.rateLimit);
    const server = createServer({ keepAliveTimeout: 5000 });
    const emulator = await new Promise<CloudflareApiEmulator>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void =>
        reject(error.code === 'EADDRINUSE' ? portInUse(options.port ?? 0, error) : error);
      server.once('error', onError);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', onError);
        resolve(
          new CloudflareApiEmulator(
            server,
            seed.supportedRegions ?? defaultSupportedRegions(),
            acceptedCredentials(seed.credentials, options.credentials),
            options.order ?? 'hashed',
            options.latencyMs ?? 0,
          ),
        );
      });
    });
    emulator.rateLimit = rateLimit;
    try {
      emulator.setPaging(options.paging);
      for (const [zoneId, zone] of Object.entries(seed.zones)) {
        emulator.setMappings(zoneId, zone.mappings);
        emulator.zone(zoneId).tieredCache = zone.tieredCache ?? true;
        const { dnsRecords, loadBalancers, account } = zone;
        emulator.setCoverage(zoneId, { dnsRecords, loadBalancers, account });
      }
      for (const [accountId, account] of Object.entries(seed.accounts ?? {})) emulator.setAccount(accountId, account);
      emulator.setMissingPermissions(seed.missingPermissions ?? []);
    } catch (error) {
      await emulator.close();
      throw error;
    }
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      emulator.onRequest(req, res).catch(() => {
        // A handler bug must not kill the server; the client sees a 500 or a reset.
        if (!res.headersSent && !res.destroyed) sendAnswer(res, statusFaultAnswer({ kind: 'status', status: 500 }));
        else res.destroy();
      });
    });
    return emulator;
  }

  /** The URL of an IP range feed file served by {@link ipRangeFeeds}: `<origin>/__ip-ranges/<name>`. */
  public ipRangeFeedUrl(name: string): string {
    return `${this.origin}${IP_RANGES_PREFIX}/${name}`;
  }

  /** Request counters since the start or the last {@link resetStats}. A copy. */
  public stats(): EmulatorStats {
    return structuredClone(this.counters);
  }

  /** Zeroes the counters (requests still in flight stay counted in `inFlight`). */
  public resetStats(): void {
    this.counters = emptyStats(this.counters.inFlight);
  }

  /** Replaces a zone's mappings (IPs canonicalized; vendor and region not validated, so tests can seed bad ones). */
  public setMappings(zoneId: string, mappings: readonly ApiMapping[]): void {
    this.zone(zoneId).replaceAll(mappings);
  }

  /** A zone's mappings in list order (copies). */
  public getMappings(zoneId: string): ApiMapping[] {
    return this.zone(zoneId).list();
  }

  /** Replaces what coverage reads about a zone: its DNS records, load balancers and account. */
  public setCoverage(zoneId: string, coverage: EmulatorCoverageZone): void {
    this.zone(zoneId);
    this.coverage.set(zoneId, structuredClone(coverage));
  }

  /** Replaces an account's pools. */
  public setAccount(accountId: string, account: EmulatorAccountSeed): void {
    this.accounts.set(accountId, structuredClone(account));
  }

  /**
   * Sets the token permissions the credentials lack from now on (Cloudflare's names, `DNS Read`, `Zone Read`,
   * `Load Balancers Read`, `Load Balancing: Monitors and Pools Read`): the coverage routes needing one answer 403.
   */
  public setMissingPermissions(permissions: readonly string[]): void {
    this.missingPermissions = new Set(permissions);
  }

  /** Turns Tiered Cache on or off for a zone (off → `supported_regions` answers 400 code 1159). */
  public setTieredCache(zoneId: string, enabled: boolean): void {
    this.zone(zoneId).tieredCache = enabled;
  }

  /** Adds fault rules after the existing ones. @throws {@link InvalidInputError} on an invalid rule */
  public addFaults(...rules: FaultRule[]): void {
    this.faults.add(...rules);
  }

  /** Removes every fault rule. */
  public clearFaults(): void {
    this.faults.clear();
  }

  /** Sets the delay added to every API response. */
  public setLatency(ms: number): void {
    checkLatency(ms);
    this.latencyMs = ms;
  }

  /**
   * Enforces Cloudflare's rate limits from now on (counting afresh), or stops enforcing them (`undefined`).
   * @throws {@link InvalidInputError} on a limit that is not a non-negative integer
   */
  public setRateLimit(limit: EmulatorRateLimit | undefined): void {
    this.rateLimit = limit === undefined ? undefined : new RateLimitEnforcer(limit);
  }

  /**
   * Sets how the list endpoint pages from now on (see {@link EmulatorPaging}); `undefined` restores the API's way.
   * @throws {@link InvalidInputError} on a size that is not an integer 1..100
   */
  public setPaging(paging: EmulatorPaging | undefined): void {
    const checked = { ...paging };
    for (const key of ['maxPerPage', 'reportPerPage'] as const) {
      const n = checked[key];
      if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 100)) {
        throw new InvalidInputError(`paging.${key}`, `paging.${key} must be an integer from 1 to 100, got ${n}.`);
      }
    }
    this.paging = checked;
  }

  /** Stops the server, ending open connections and pending delays. Safe to call twice. */
  public close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.closing.abort();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private zone(zoneId: string): ZoneMappings {
    let zone = this.zones.get(zoneId);
    if (!zone) {
      if (!isZoneId(zoneId)) {
        throw new InvalidInputError(
          'zoneId',
          `zone id "${zoneId}" is not 32 lower-case hex characters. Use an id like 023e105f4ecef8ad9ca31a8372d0c353.`,
        );
      }
      zone = new ZoneMappings(this.order);
      this.zones.set(zoneId, zone);
    }
    return zone;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith(`${IP_RANGES_PREFIX}/`)) {
      await readBody(req);
      this.ipRangeFeeds.answer(req, res, url.pathname);
      return;
    }
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const body = await readBody(req);
      sendAnswer(res, answerControl(this, method, url.pathname, body.json));
      return;
    }
    this.count(method, url.pathname, res);
    const limiter = this.rateLimit;
    const countDelay = limiter?.countDelayMs() ?? 0;
    if (countDelay > 0 && !(await this.pause(countDelay))) {
      res.destroy();
      return;
    }
    // Decided on arrival (or once a busy limiter gets to it), as a rate limiter in front of the API would.
    const admission = limiter?.admit(req.headers);
    const body = await readBody(req);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: this.closing.signal });
      if (admission !== undefined && !admission.ok) {
        this.counters.rateLimited += 1;
        sendAnswer(res, rateLimitAnswer({ kind: 'rate-limit', retryAfter: String(admission.retryAfterSeconds) }));
        return;
      }
      const pageParam = Number(url.searchParams.get('page') ?? '1');
      const rule = this.faults.pick({ method, path: url.pathname, page: Number.isFinite(pageParam) ? pageParam : 1 });
      if (rule && (await this.applyFault(rule, req, res, url))) return;
      if (body.tooLarge) {
        sendAnswer(res, fail({ status: 413, code: 1146, message: 'request body too large' }));
        return;
      }
      const answer = this.answer(method, url, req, body.json);
      if (rule?.kind === 'truncate') sendTruncated(res, answer);
      else sendAnswer(res, answer);
    } catch (error) {
      if (this.closing.signal.aborted) {
        res.destroy();
        return;
      }
      throw error;
    }
  }

  /** Waits `ms`; `false` when the emulator closed meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  private answer(method: string, url: URL, req: IncomingMessage, body: unknown) {
    const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : undefined;
    const route = path === undefined ? undefined : routeApiPath(path);
    const coverage = path === undefined || route ? undefined : routeCoveragePath(path);
    if ((!route && !coverage) || path === undefined) {
      return fail({ status: 400, code: 7000, message: 'No route for that URI' });
    }
    const denied = checkAuth(req.headers, this.credentials);
    if (denied) return denied;
    if (coverage) {
      return answerCoverage(
        {
          zone: (zoneId) => this.coverage.get(zoneId) ?? {},
          account: (accountId) => this.accounts.get(accountId),
          missingPermissions: this.missingPermissions,
        },
        method,
        path,
        coverage,
        url.searchParams,
      );
    }
    return answerApi(this.apiState(), method, path, route!, url.searchParams, body);
  }

  private apiState(): ApiState {
    return {
      zone: (zoneId) => this.zone(zoneId),
      supportedRegions: this.supported,
      paging: this.paging,
      now: () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  /** Applies a fault; `true` when it answered (or killed) the request, `false` to answer normally. */
  private async applyFault(rule: FaultRule, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const headers = rule.headers;
    switch (rule.kind) {
      case 'status':
        sendAnswer(res, { ...statusFaultAnswer(rule), headers });
        return true;
      case 'rate-limit': {
        const answer = rateLimitAnswer(rule);
        sendAnswer(res, { ...answer, headers: { ...answer.headers, ...headers } });
        return true;
      }
      case 'envelope':
        sendAnswer(res, { status: rule.status ?? 200, body: rule.body ?? null, headers });
        return true;
      case 'malformed':
        sendRaw(
          res,
          rule.status ?? 200,
          'application/json',
          typeof rule.body === 'string' ? rule.body : MALFORMED_BODY,
          headers,
        );
        return true;
      case 'html':
        sendRaw(res, rule.status ?? 502, 'text/html', htmlErrorPage(rule.status ?? 502), headers);
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'oversize':
        await sendOversize(res, rule.bytes ?? DEFAULT_OVERSIZE_BYTES, this.closing.signal);
        return true;
      case 'delay':
        await sleep(rule.delayMs ?? 1000, undefined, { signal: this.closing.signal });
        return false;
      case 'mutate':
        this.mutate(rule, url);
        return false;
      case 'truncate':
        return false; // the normal answer is computed, then cut (see onRequest)
    }
  }

  private mutate(rule: FaultRule, url: URL): void {
    const route = routeApiPath(url.pathname.slice(API_PREFIX.length));
    if (!route || !isZoneId(route.zoneId)) return;
    const zone = this.zone(route.zoneId);
    for (const ip of rule.remove ?? []) zone.remove(ip);
    for (const m of rule.add ?? []) zone.upsert(m);
  }

  private count(method: string, pathname: string, res: ServerResponse): void {
    const c = this.counters;
    c.requests += 1;
    c.inFlight += 1;
    c.maxInFlight = Math.max(c.maxInFlight, c.inFlight);
    const path = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : pathname;
    const route = routeApiPath(path);
    const coverage = route ? undefined : routeCoveragePath(path);
    const key = `${method} ${route?.template ?? coverage?.template ?? 'unknown'}`;
    c.byRoute[key] = (c.byRoute[key] ?? 0) + 1;
    const zoneId = route?.zoneId ?? (coverage?.kind === 'pools' ? undefined : coverage?.id);
    if (zoneId !== undefined) c.byZone[zoneId] = (c.byZone[zoneId] ?? 0) + 1;
    let done = false;
    res.once('close', () => {
      if (done) return;
      done = true;
      // The counters object may have been replaced by resetStats(); decrement the live one.
      this.counters.inFlight = Math.max(0, this.counters.inFlight - 1);
    });
  }
}

function emptyStats(inFlight: number): EmulatorStats {
  return { requests: 0, inFlight, maxInFlight: inFlight, byRoute: {}, byZone: {}, rateLimited: 0 };
}

function checkLatency(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new InvalidInputError('latencyMs', `latencyMs must be a non-negative integer, got ${ms}. Pass 0 or more.`);
  }
}

async function readBody(req: IncomingMessage): Promise<{ json: unknown; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk as Buffer);
    }
  } catch {
    return { json: undefined, tooLarge };
  }
  if (size === 0 || tooLarge) return { json: undefined, tooLarge };
  try {
    return { json: JSON.parse(Buffer.concat(chunks).toString('utf8')), tooLarge };
  } catch {
    return { json: undefined, tooLarge };
  }
}

// Re-exported for the failure table in the README and tests.
export { FAILURES };

function portInUse(port: number, cause: Error): InvalidInputError {
  return new InvalidInputError(
    'port',
    `Port ${port} on 127.0.0.1 is already in use (another emulator or program listens there). Choose another port, or port 0 (\`--port 0\`, or no \`--port\`) for a free one.`,
    { cause },
  );
}
