import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EmulatorSeedError } from '../errors';
import { forTerminal } from '../sinks/terminal';
import { looseSupportedRegionsSchema, looseWireMappingSchema, ownRecordSchema } from '../model/wire-schema';
import type { EmulatorSeed } from './types';

// The API's wire shapes (lib/model/wire-schema.ts) with loose values: a seed may serve what the client must refuse.
const zoneSeed = z.object({ mappings: z.array(looseWireMappingSchema), tieredCache: z.boolean().optional() });

const seedSchema = z.object({
  zones: ownRecordSchema(z.string(), zoneSeed),
  supportedRegions: looseSupportedRegionsSchema.optional(),
  credentials: z
    .object({
      tokens: z.array(z.string().min(1)).optional(),
      keys: z.array(z.object({ email: z.string().min(1), key: z.string().min(1) })).optional(),
    })
    .optional(),
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
