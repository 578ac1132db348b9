import type { IConstruct } from 'constructs';
import { InvalidInputError } from '../errors';
import { lookupZonesSyncSettled } from '../lookup/sync';
import type { ZoneLookupOutcome, ZoneLookupRequest } from '../lookup/types';

/**
 * The app-wide registry of lookups. Constructing a lookup only registers its request here; the first
 * time any lookup's data is needed (a data getter, or the synth), every request still pending in the
 * app is resolved in ONE blocking call, so the zones are fetched concurrently.
 */

/** A lookup waiting in the registry. */
export interface PendingLookup {
  /** The request to send. */
  readonly request: ZoneLookupRequest;
  /** Receives the outcome once the batch has run. */
  settle(outcome: ZoneLookupOutcome): void;
}

/** How a batch is resolved; the default runs the lookup in the worker thread. */
export type BatchResolver = (requests: readonly ZoneLookupRequest[]) => ZoneLookupOutcome[];

class AppLookupRegistry {
  private readonly pending = new Set<PendingLookup>();
  // stack path → zone id → the lookup's construct path, to refuse two lookups of one zone in one stack.
  private readonly zonesByStack = new Map<string, Map<string, string>>();

  public claimZone(stackPath: string, zoneId: string, lookupPath: string): void {
    let zones = this.zonesByStack.get(stackPath);
    if (zones === undefined) {
      zones = new Map();
      this.zonesByStack.set(stackPath, zones);
    }
    const other = zones.get(zoneId);
    if (other !== undefined) {
      throw new InvalidInputError(
        'zoneId',
        `Zone ${zoneId} is looked up twice in stack "${stackPath || '(root)'}" (at ${other} and ${lookupPath}); their outputs would collide. ` +
          'Create one OriginCloudRegions per zone and stack, and share it.',
      );
    }
    zones.set(zoneId, lookupPath);
  }

  public add(lookup: PendingLookup): void {
    this.pending.add(lookup);
  }

  /**
   * Resolves every pending lookup of the app in one batch. Identical requests (the same zone looked up in
   * two stacks with the same settings) are sent once and share the outcome.
   */
  public resolvePending(): void {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    const unique = new Map<string, ZoneLookupRequest>();
    const keys = batch.map((lookup) => {
      const key = requestKey(lookup.request);
      if (!unique.has(key)) unique.set(key, lookup.request);
      return key;
    });
    const requests = [...unique.values()];
    let outcomes: ZoneLookupOutcome[];
    try {
      outcomes = batchResolver(requests);
    } catch (error) {
      outcomes = requests.map(() => ({ ok: false as const, error }));
    }
    const byKey = new Map([...unique.keys()].map((key, i) => [key, outcomes[i]]));
    batch.forEach((lookup, i) =>
      lookup.settle(
        byKey.get(keys[i]) ?? { ok: false, error: new Error('The lookup returned no outcome for this zone.') },
      ),
    );
  }
}

/** Two requests with the same key are the same lookup: zone, settings and client options, key order aside. */
function requestKey(request: ZoneLookupRequest): string {
  return JSON.stringify(request, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

const registries = new WeakMap<IConstruct, AppLookupRegistry>();
const batchResolver: BatchResolver = (requests) => lookupZonesSyncSettled(requests);

/** The registry of the app (construct tree root) that `scope` belongs to. */
export function registryOf(scope: IConstruct): AppLookupRegistry {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (registry === undefined) {
    registry = new AppLookupRegistry();
    registries.set(root, registry);
  }
  return registry;
}
