import type { IConstruct } from 'constructs';
import { InvalidInputError } from '../errors';
import { lookupZonesSyncSettled, releaseLookupWorker } from '../lookup/sync';
import type { ZoneLookupOutcome, ZoneLookupRequest, ZoneLookupResult } from '../lookup/types';

/** A lookup waiting in its app's registry. `settle` gets the outcome once, as soon as known; it must not throw. */
interface PendingLookup {
  readonly request: ZoneLookupRequest;
  settle(outcome: ZoneLookupOutcome): void;
}

/**
 * How an app's batch of lookups is resolved (see `OriginCloudRegions.useResolver`): one outcome per request, in
 * request order. It may also hand each outcome to `onSettled` as soon as it has it, so that a lookup prepares its
 * outputs while the other zones are fetched; every outcome it returns is delivered anyway.
 */
export type BatchResolver = (
  requests: readonly ZoneLookupRequest[],
  onSettled?: (index: number, outcome: ZoneLookupOutcome) => void,
) => ZoneLookupOutcome[];

// A large batch leaves the worker with a grown heap (tens of MB at 50 zones, though it keeps no zone once handed
// over): that memory is given back before the synth writes the stack. Small batches (tests, a few zones) keep it.
const workerResolver: BatchResolver = (requests, onSettled) => {
  const outcomes = lookupZonesSyncSettled(requests, onSettled === undefined ? {} : { onSettled });
  const mappings = outcomes.reduce((n, o) => n + (o.ok ? o.result.mappings.length : 0), 0);
  if (mappings >= RELEASE_WORKER_AFTER_MAPPINGS) releaseLookupWorker();
  return outcomes;
};

const RELEASE_WORKER_AFTER_MAPPINGS = 20_000;

class AppLookupRegistry {
  private readonly pending = new Set<PendingLookup>();
  private resolver: BatchResolver = workerResolver;
  private resolved = false;

  public useResolver(resolver: BatchResolver): void {
    if (typeof resolver !== 'function') {
      throw new InvalidInputError('resolver', 'useResolver needs a function (requests) => outcomes.');
    }
    if (this.resolved) {
      throw new InvalidInputError(
        'resolver',
        "This app's lookups have already been resolved; call OriginCloudRegions.useResolver before reading any lookup's data.",
      );
    }
    this.resolver = resolver;
  }
  // stack path and zone id → the lookup's construct path, to refuse two lookups of one zone in one stack.
  private readonly zones = new Map<string, string>();

  public claimZone(stackPath: string, zoneId: string, lookupPath: string): void {
    const key = JSON.stringify([stackPath, zoneId]);
    const other = this.zones.get(key);
    if (other !== undefined) {
      throw new InvalidInputError(
        'zoneId',
        `Zone ${zoneId} is looked up twice in stack "${stackPath || '(root)'}" (at ${other} and ${lookupPath}); their outputs would collide. ` +
          'Create one OriginCloudRegions per zone and stack, and share it.',
      );
    }
    this.zones.set(key, lookupPath);
  }

  public add(lookup: PendingLookup): void {
    this.pending.add(lookup);
  }

  public resolvePending(): void {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    this.resolved = true;
    const settled = new Set<number>();
    const settle = (index: number, outcome: ZoneLookupOutcome): void => {
      const lookup = batch[index];
      if (lookup === undefined || settled.has(index)) return;
      settled.add(index);
      lookup.settle(outcome);
    };
    const requests = batch.map((l) => l.request);
    let outcomes: ZoneLookupOutcome[];
    try {
      outcomes = this.resolver(requests, settle);
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false as const, error }));
    }
    batch.forEach((_, i) =>
      settle(i, outcomes[i] ?? { ok: false, error: new Error('The lookup returned no outcome for this zone.') }),
    );
  }
}

const registries = new WeakMap<IConstruct, AppLookupRegistry>();

/** The registry of the app (construct tree root) that `scope` belongs to. */
export function registryOf(scope: IConstruct): AppLookupRegistry {
  const registry = registries.get(scope.node.root) ?? new AppLookupRegistry();
  registries.set(scope.node.root, registry);
  return registry;
}

/**
 * A resolver that answers each request with the given result of its zone, without any request to the API:
 * for unit tests of a stack (see `OriginCloudRegions.useResolver`). A zone with no result fails its lookup.
 */
export function resolverFromResults(results: readonly ZoneLookupResult[]): BatchResolver {
  const byZone = new Map(results.map((r) => [r.zoneId, r]));
  return (requests) =>
    requests.map((request) => {
      const result = byZone.get(request.zoneId);
      if (result !== undefined) return { ok: true, result };
      return {
        ok: false,
        error: new InvalidInputError(
          'zoneId',
          `resolverFromResults was given no result for zone ${request.zoneId}. Add one (lookupResultOf builds it).`,
        ),
      };
    });
}
