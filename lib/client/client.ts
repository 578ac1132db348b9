import type { Dispatcher } from 'undici';
import { OriginCloudRegionsError } from '../errors/base';
import type { SupportedRegions } from '../model/supported-regions';
import { resolveClientConfig, type ClientConfig } from './config';
import { parseSupportedRegions } from './envelope';
import { processRequestBudget, RequestCap } from './budget';
import { processRequestLimiter } from './limiter';
import { listZone, type MappingList } from './listing';
import type { BatchTicket } from './batch';
import type { RouteGet } from './coverage-routes';
import type { ClientOptions } from './options';
import { Operation } from './operation';
import { acquirePool, releasePool } from './pools';
import { mapConcurrent } from './concurrent';
import { getWithRetries, type Transport } from './transport';
import { validateInteger } from '../settings/resolve';
import { validatePerPage, validateZoneId } from './validate-input';

/**
 * Reads a zone's origin cloud region mappings (`GET /zones/{zone_id}/origin/cloud_regions`) and its supported
 * regions from the Cloudflare API, completely or not at all. All clients of a process share one keep-alive pool
 * per API origin and one cap on requests in flight.
 *
 * @example
 * ```ts
 * const client = new OriginCloudRegionsClient(); // credentials from CLOUDFLARE_API_TOKEN
 * try {
 *   const { mappings } = await client.listMappings('023e105f4ecef8ad9ca31a8372d0c353');
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export class OriginCloudRegionsClient {
  /** The resolved, validated settings (credentials inside; never print it). */
  public readonly config: ClientConfig;
  private pool: Dispatcher | undefined;
  private closed = false;
  private readonly transport: Transport;
  private readonly requestCap: RequestCap;

  /**
   * Resolves and validates every option now, so a bad setting fails before any request.
   * @throws {@link InvalidInputError}, or {@link MissingCredentialsError} when credentials are missing or half-given
   */
  public constructor(options: ClientOptions = {}) {
    this.config = resolveClientConfig(options);
    const max = options.maxRequests;
    this.requestCap = new RequestCap(
      max === undefined
        ? undefined
        : validateInteger(max, 'maxRequests', 0, Number.MAX_SAFE_INTEGER, 'Leave it out for no cap.'),
    );
    this.transport = {
      config: this.config,
      pool: () => this.sharedPool(),
      limiter: processRequestLimiter(),
      budget: processRequestBudget(this.config.rateLimits),
      requestCap: this.requestCap,
    };
  }

  /** HTTP requests this client has sent, retries included. */
  public get requestsSent(): number {
    return this.requestCap.sent;
  }

  /**
   * Lists every mapping of a zone, sorted (IPv4 numerically, then IPv6 numerically).
   *
   * @param options - `perPage` (1..100) overrides the client's
   * @throws {@link InvalidInputError} for a bad zone id or perPage (before any request)
   * @throws {@link CloudflareApiError}, {@link errors!ResponseFormatError}, {@link errors!RequestFailedError},
   *   {@link errors!DeadlineExceededError}, {@link errors!IncompleteListingError}, {@link errors!RequestCapReachedError}
   */
  public listMappings(zoneId: string, options: { readonly perPage?: number } = {}): Promise<MappingList> {
    return this.listMappingsWithSignal(zoneId, options);
  }

  /**
   * {@link listMappings} that also stops when `signal` aborts (a sibling zone failed), and plans its pages with the
   * other zones of a `batch`.
   */
  public async listMappingsWithSignal(
    zoneId: string,
    options: {
      readonly perPage?: number;
      /** @internal A place in the lookup's `ListingBatch`. */
      readonly batch?: BatchTicket;
    } = {},
    signal?: AbortSignal,
  ): Promise<MappingList> {
    const id = validateZoneId(zoneId, 'zoneId', this.config.redact);
    const perPage = options.perPage === undefined ? this.config.perPage : validatePerPage(options.perPage);
    this.assertOpen();
    return listZone(this.transport, id, perPage, signal, options.batch);
  }

  /**
   * The vendors and regions Cloudflare accepts for the zone's mappings, with their upper-tier colos (needs Tiered
   * Cache on the zone).
   *
   * @throws {@link InvalidInputError} for a bad zone id (before any request)
   * @throws {@link CloudflareApiError}, {@link errors!ResponseFormatError}, {@link errors!RequestFailedError}, {@link errors!DeadlineExceededError}
   */
  public async supportedRegions(zoneId: string): Promise<SupportedRegions> {
    const id = validateZoneId(zoneId, 'zoneId', this.config.redact);
    return this.readRoutes((get) =>
      get(`/zones/${id}/origin/cloud_regions/supported_regions`, parseSupportedRegions, { zoneId: id }),
    );
  }

  /**
   * Runs `read` inside one operation of this client: its GETs (coverage's routes) share the client's retries, rate
   * budget, redaction, proxy, cap, and one deadline.
   * @internal
   */
  public async readRoutes<T>(read: (get: RouteGet) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.assertOpen();
    const op = new Operation(this.config.deadlineMs, signal);
    try {
      return await read((path, parse, options) =>
        getWithRetries(this.transport, options?.signal ? op.linked(options.signal) : op, path, parse, options?.zoneId),
      );
    } finally {
      op.dispose();
    }
  }

  /** Releases this client's hold on the shared connection pool. Idempotent. */
  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pool) {
      this.pool = undefined;
      await releasePool(this.config.origin, this.config.proxy, this.config.attemptTimeoutMs);
    }
  }

  private sharedPool(): Dispatcher {
    this.pool ??= acquirePool(this.config.origin, this.config.proxy, this.config.attemptTimeoutMs);
    return this.pool;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new OriginCloudRegionsError(
        'OCR_CLIENT_CLOSED',
        'This client was closed. Create a new OriginCloudRegionsClient.',
      );
    }
  }
}

/**
 * Lists several zones concurrently (at most the client's `pageConcurrency` at once), in input order, a zone given
 * twice fetched once. Every zone id is checked before any request; the first failure stops the others.
 */
export async function listZones(
  client: OriginCloudRegionsClient,
  zoneIds: readonly string[],
  options: { readonly perPage?: number } = {},
): Promise<MappingList[]> {
  const ids = zoneIds.map((id, i) => validateZoneId(id, `zoneIds[${i}]`, client.config.redact));
  const unique = [...new Set(ids)];
  const lists = await mapConcurrent(unique, client.config.pageConcurrency, (id, signal) =>
    client.listMappingsWithSignal(id, options, signal),
  );
  const byZone = new Map(unique.map((id, i) => [id, lists[i]]));
  return ids.map((id) => byZone.get(id)!);
}
