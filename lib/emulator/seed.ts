import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { OriginCloudRegionsError } from '../errors';
import type { EmulatorSeed } from './types';

/** An emulator seed (object or file) is missing, unreadable or not the {@link EmulatorSeed} shape. */
export class EmulatorSeedError extends OriginCloudRegionsError {
  /**
   * @param message - what is wrong and how to fix it
   */
  public constructor(message: string, options?: ErrorOptions) {
    super('OCR_EMULATOR_SEED', message, options);
  }
}

const mapping = z.object({
  origin_ip: z.string(),
  vendor: z.string(),
  region: z.string(),
  modified_on: z.string().optional(),
});

const seedSchema = z.object({
  zones: z.record(z.string(), z.object({ mappings: z.array(mapping), tieredCache: z.boolean().optional() })),
  supportedRegions: z
    .object({
      obtained_codes: z.boolean(),
      vendors: z.record(z.string(), z.array(z.object({ name: z.string(), upper_tier_colos: z.array(z.string()) }))),
    })
    .optional(),
  credentials: z
    .object({
      tokens: z.array(z.string().min(1)).optional(),
      keys: z.array(z.object({ email: z.string().min(1), key: z.string().min(1) })).optional(),
    })
    .optional(),
});

/**
 * Checks that `value` is an {@link EmulatorSeed}; `source` names it in the error.
 * Messages name the bad paths, never the values (a seed holds credentials).
 *
 * @throws `EmulatorSeedError`
 */
export function parseSeed(value: unknown, source = 'seed'): EmulatorSeed {
  const parsed = seedSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    throw new EmulatorSeedError(
      `${source} is not a valid emulator seed (${where}). Give { "zones": { "<zone id>": { "mappings": [...] } } } as documented in lib/emulator/README.md.`,
    );
  }
  return parsed.data;
}

/** Reads and checks a seed file. @throws `EmulatorSeedError` */
export async function readSeedFile(path: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new EmulatorSeedError(
      `Cannot read emulator seed file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EmulatorSeedError(`Emulator seed file ${path} is not valid JSON. Fix its syntax.`, { cause: error });
  }
  return parseSeed(json, `Emulator seed file ${path}`);
}
