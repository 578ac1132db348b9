import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { EmulatorSeedError } from '../errors';
import { forTerminal } from '../sinks/terminal';
import { looseSupportedRegionsSchema, looseWireMappingSchema, ownRecordSchema } from '../model/wire-schema';
import type { EmulatorSeed } from './types';

// The API's wire shapes (lib/model/wire-schema.ts) with loose values: a seed may serve what the client must refuse.
// Coverage data is served as seeded, hostile names included: the client is what must keep them inert.
const coverageZone = {
  dnsRecords: z
    .array(z.object({ type: z.string(), name: z.string(), content: z.string(), proxied: z.boolean().optional() }))
    .optional(),
  loadBalancers: z
    .array(
      z.object({
        name: z.string(),
        default_pools: z.array(z.string()),
        fallback_pool: z.string().optional(),
        region_pools: z.record(z.string(), z.array(z.string())).optional(),
        pop_pools: z.record(z.string(), z.array(z.string())).optional(),
        country_pools: z.record(z.string(), z.array(z.string())).optional(),
      }),
    )
    .optional(),
  account: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
};
const accountSeed = z.object({
  pools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      enabled: z.boolean().optional(),
      origins: z.array(z.object({ name: z.string(), address: z.string(), enabled: z.boolean().optional() })),
    }),
  ),
});
const zoneSeed = z.object({
  mappings: z.array(looseWireMappingSchema),
  tieredCache: z.boolean().optional(),
  ...coverageZone,
});

const seedSchema = z.object({
  zones: ownRecordSchema(z.string(), zoneSeed),
  supportedRegions: looseSupportedRegionsSchema.optional(),
  credentials: z
    .object({
      tokens: z.array(z.string().min(1)).optional(),
      keys: z.array(z.object({ email: z.string().min(1), key: z.string().min(1) })).optional(),
    })
    .optional(),
  accounts: ownRecordSchema(z.string(), accountSeed).optional(),
  missingPermissions: z.array(z.string()).optional(),
});

/**
 * Checks that `value` is an {@link EmulatorSeed}; `source` names it in the error. Zones and vendors are read
 * into objects without a prototype, so a key such as `__proto__` is checked and kept like any other.
 * Messages name the bad paths, never the values (a seed holds credentials).
 *
 * @throws `EmulatorSeedError`
 */
export function parseSeed(value: unknown, source = 'seed'): EmulatorSeed {
  const parsed = seedSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${forTerminal(i.path.map(String).join('.').slice(0, 120)) || '(root)'}: ${i.code}`)
    .join('; ');
  throw new EmulatorSeedError(
    `${source} is not a valid emulator seed (${where}). Give { "zones": { "<zone id>": { "mappings": [...] } } } as documented in lib/emulator/README.md.`,
  );
}

/** The folder of the seeds bundled with the package: lib/emulator/seeds, from the sources or from dist/. */
export const BUNDLED_SEEDS_DIR = __filename.endsWith('.ts')
  ? join(__dirname, 'seeds')
  : join(__dirname, '..', '..', '..', 'lib', 'emulator', 'seeds');

/** The names of the bundled seeds (`demo`), each usable as `--seed <name>` or `seedFile: '<name>'`. */
export function bundledSeedNames(): string[] {
  try {
    return readdirSync(BUNDLED_SEEDS_DIR)
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Where a seed is read from: a bare name (`demo`, no slash, no extension) names a bundled seed when no file of
 * that name exists in the working directory; anything else is a path.
 */
export function resolveSeedFile(seed: string): string {
  if (/^[\w-]+$/.test(seed) && !existsSync(seed) && bundledSeedNames().includes(seed)) {
    return join(BUNDLED_SEEDS_DIR, `${seed}.json`);
  }
  return seed;
}

/** Reads and checks a seed file, or a bundled seed named without a path (see {@link resolveSeedFile}). @throws `EmulatorSeedError` */
export async function readSeedFile(seed: string): Promise<EmulatorSeed> {
  const path = resolveSeedFile(seed);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const names = bundledSeedNames();
    const bundled =
      code === 'ENOENT' && !isAbsolute(path) && names.length > 0
        ? ` The seeds bundled with the package are named without a path: ${names.map((n) => `--seed ${n}`).join(', ')}.`
        : '';
    throw new EmulatorSeedError(
      `Cannot read emulator seed file ${forTerminal(path)} (${code}). Check the path.${bundled}`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EmulatorSeedError(`Emulator seed file ${forTerminal(path)} is not valid JSON. Fix its syntax.`, {
      cause: error,
    });
  }
  return parseSeed(json, `Emulator seed file ${forTerminal(path)}`);
}
