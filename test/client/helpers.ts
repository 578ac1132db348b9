import { CloudflareApiEmulator, generateMappings, type EmulatorSeed } from '../../lib/emulator';
import type { ClientOptions } from '../../lib/client';
import type { ApiMapping, OriginCloudRegionMapping } from '../../lib/model/mapping';
import { canonicalIp } from '../../lib/model/ip';
import { sortMappings } from '../../lib/model/order';

/** Test credentials: every artifact is grepped for them. */
export const TOKEN = 'tok_TEST_9f8e7d6c5b4a39281706';
export const EMAIL = 'secret.person@example.test';
export const KEY = 'key_TEST_0a1b2c3d4e5f60718293';
export const SECRETS = [TOKEN, EMAIL, KEY];

/** A zone id made from a small number, e.g. zone(1) = '000…01'. */
export function zone(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** Starts an emulator that accepts {@link TOKEN} and {@link EMAIL}/{@link KEY}. */
export function startEmulator(
  zones: Record<string, ApiMapping[]>,
  extra: Partial<EmulatorSeed> = {},
): Promise<CloudflareApiEmulator> {
  return CloudflareApiEmulator.start({
    seed: {
      zones: Object.fromEntries(Object.entries(zones).map(([id, mappings]) => [id, { mappings }])),
      credentials: { tokens: [TOKEN], keys: [{ email: EMAIL, key: KEY }] },
      ...extra,
    },
  });
}

/** Client options for tests: the emulator, the test token, small backoff steps, an empty environment. */
export function options(emulator: { baseUrl: string }, more: ClientOptions = {}): ClientOptions {
  return { apiToken: TOKEN, baseUrl: emulator.baseUrl, retryBaseDelayMs: 5, retryMaxDelayMs: 20, env: {}, ...more };
}

/** What a complete listing of `mappings` must return: canonical IPs, sortMappings order. */
export function expected(mappings: readonly ApiMapping[]): OriginCloudRegionMapping[] {
  return sortMappings(
    mappings.map((m) => ({
      originIp: canonicalIp(m.origin_ip),
      vendor: m.vendor,
      region: m.region,
      ...(m.modified_on !== undefined ? { modifiedOn: m.modified_on } : {}),
    })),
  );
}

export { generateMappings };

/** The v4 envelopes of a complete, consistent listing of `items`, `perPage` to a page (one empty page for none). */
export function listPageBodies(items: readonly unknown[], perPage: number): Record<string, unknown>[] {
  const totalPages = Math.ceil(items.length / perPage);
  return Array.from({ length: Math.max(1, totalPages) }, (_, i) => {
    const result = items.slice(i * perPage, (i + 1) * perPage);
    return {
      success: true,
      errors: [],
      messages: [],
      result,
      result_info: {
        page: i + 1,
        per_page: perPage,
        count: result.length,
        total_count: items.length,
        total_pages: totalPages,
      },
    };
  });
}
