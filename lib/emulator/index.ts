/**
 * The local Cloudflare API emulator: the v2 origin cloud regions endpoints on 127.0.0.1, with
 * seeds, credentials, fault injection, request stats, and a child-process runner.
 * See lib/emulator/README.md.
 */
export { CloudflareApiEmulator, API_PREFIX } from './server';
export type {
  ApiSupportedRegions,
  EmulatorAccountSeed,
  EmulatorCoverageZone,
  EmulatorCredentials,
  EmulatorDnsRecord,
  EmulatorLoadBalancer,
  EmulatorOptions,
  EmulatorPool,
  EmulatorPaging,
  EmulatorRateLimit,
  EmulatorSeed,
  EmulatorStats,
  EmulatorZoneSeed,
  FaultKind,
  FaultRule,
} from './types';
export {
  DEFAULT_EMULATOR_CREDENTIALS,
  DEFAULT_EMULATOR_EMAIL,
  DEFAULT_EMULATOR_KEY,
  DEFAULT_EMULATOR_TOKEN,
} from './auth';
export { FAILURES, type ApiAnswer, type ApiFailure, type ApiMessage } from './envelope';
export { DEFAULT_EMULATOR_ACCOUNT } from './coverage-api';
export { isZoneId } from './api';
export { MAX_MAPPINGS_PER_ZONE } from './store';
export { CONTROL_PREFIX } from './control-plane';
export { DEFAULT_OVERSIZE_BYTES } from './respond';
export { EmulatorProcessError, EmulatorSeedError } from '../errors/emulator';
export { BUNDLED_SEEDS_DIR, bundledSeedNames, parseSeed, readSeedFile, resolveSeedFile } from './seed';
export { defaultSupportedRegions, isSupportedRegion } from './supported-regions';
export { generateMappings, seededRandom } from './generate';
export { startEmulatorProcess, type EmulatorProcess, type EmulatorProcessOptions } from './process';
export { IP_RANGES_PREFIX, IpRangeFeedFiles, SAMPLE_IP_RANGE_FEEDS, type IpRangeFeedStats } from './ip-range-feeds';
