import * as path from 'node:path';

/** Shared fixtures of the construct and end-to-end tests. */

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The demo seed shipped for `npm run demo`. */
export const DEMO_SEED = path.join(REPO_ROOT, 'lib', 'emulator', 'seeds', 'demo.json');
/** The demo seed's zone. */
export const DEMO_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
/** The token the demo seed accepts. */
export const DEMO_TOKEN = 'demo-token-origin-cloud-regions';
/** A token the test seeds accept; tests scan outputs for it. */
export const TEST_TOKEN = 'test-token-9f8e7d6c5b4a39281706';
/** An email + key pair the test seeds accept; tests scan outputs for them. */
export const TEST_EMAIL = 'secret-tester@example.org';
/** The Global API key paired with {@link TEST_EMAIL}. */
export const TEST_KEY = 'test-global-key-0a1b2c3d4e5f60718293';
/** A zone with Tiered Cache off: supported_regions fails, validation falls back to the catalog. */
export const NO_TIERED_CACHE_ZONE = 'b'.repeat(32);
