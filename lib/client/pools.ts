import { Pool } from 'undici';

/**
 * One keep-alive connection pool per API origin for the whole process, shared by every client, so that
 * many zones and many clients reuse the same few TLS connections. Clients hold a reference while open;
 * the pool is closed when the last client holding it closes.
 */

interface Entry {
  readonly pool: Pool;
  refs: number;
}

const pools = new Map<string, Entry>();

/** Takes a reference to the shared pool of `origin` (creating it on first use). Pair with {@link releasePool}. */
export function acquirePool(origin: string): Pool {
  let entry = pools.get(origin);
  if (!entry) {
    entry = {
      pool: new Pool(origin, {
        // The process-wide limiter caps requests in flight; the pool does not need its own cap.
        connections: null,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        // undici's own defaults are 300 s; every request also passes its own, shorter timeouts.
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
        connect: { timeout: 10_000 },
      }),
      refs: 0,
    };
    pools.set(origin, entry);
  }
  entry.refs++;
  return entry.pool;
}

/** Drops a reference taken with {@link acquirePool}; closes the pool when it was the last one. */
export async function releasePool(origin: string): Promise<void> {
  const entry = pools.get(origin);
  if (!entry) return;
  entry.refs--;
  if (entry.refs > 0) return;
  pools.delete(origin);
  await entry.pool.close();
}

/** Origins with an open shared pool and how many clients hold each (for tests and diagnostics). */
export function openPools(): Record<string, number> {
  return Object.fromEntries([...pools].map(([origin, entry]) => [origin, entry.refs]));
}
