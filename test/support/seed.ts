import { readFileSync } from 'node:fs';
import type { EmulatorSeed } from '../../lib/emulator/types';
import type { ApiMapping } from '../../lib/model/mapping';
import { DEMO_SEED, DEMO_ZONE, NO_TIERED_CACHE_ZONE, TEST_EMAIL, TEST_KEY, TEST_TOKEN } from './constants';

/** The demo seed as an object. */
export function demoSeed(): EmulatorSeed {
  return JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as EmulatorSeed;
}

/** The demo zone's mappings. */
export function demoMappings(): ApiMapping[] {
  return demoSeed().zones[DEMO_ZONE].mappings.map((m) => ({ ...m }));
}

/**
 * The seed most tests use: the demo zone, plus a Tiered-Cache-off zone (catalog fallback) holding a
 * near-miss region and a misplaced vendor, with the test credentials accepted.
 */
export function testSeed(): EmulatorSeed {
  const seed = demoSeed();
  return {
    zones: {
      [DEMO_ZONE]: seed.zones[DEMO_ZONE],
      [NO_TIERED_CACHE_ZONE]: {
        tieredCache: false,
        mappings: [
          { origin_ip: '2001:db8:9::1', vendor: 'azure', region: 'westeurope', modified_on: '2026-01-01T00:00:00Z' },
          { origin_ip: '198.51.100.77', vendor: 'gcp', region: 'europe-west5', modified_on: '2026-01-01T00:00:00Z' },
          { origin_ip: '198.51.100.78', vendor: 'aws', region: 'ap-southeast-2', modified_on: '2026-01-01T00:00:00Z' },
        ],
      },
    },
    ...(seed.supportedRegions === undefined ? {} : { supportedRegions: seed.supportedRegions }),
    credentials: { tokens: [TEST_TOKEN], keys: [{ email: TEST_EMAIL, key: TEST_KEY }] },
  };
}
