import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EmulatorSeedError } from '../errors';
import { forTerminal } from '../sinks/terminal';
import type { EmulatorSeed } from './types';

const mapping = z.object({
  origin_ip: z.string(),
  vendor: z.string(),
  region: z.string(),
  modified_on: z.string().optional(),
});

const zoneSeed = z.object({ mappings: z.array(mapping), tieredCache: z.boolean().optional() });
const regionList = z.array(z.object({ name: z.string(), upper_tier_colos: z.array(z.string()) }));

const seedSchema = z.object({
  zones: z.record(z.string(), zoneSeed),
  supportedRegions: z
    .object({
      obtained_codes: z.boolean(),
      vendors: z.record(z.string(), regionList),
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
  const invalid = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): never => {
    const where = issues
      .slice(0, 5)
      .map((i) => `${forTerminal([...prefix, ...i.path].map(String).join('.').slice(0, 120)) || '(root)'}: ${i.code}`)
      .join('; ');
    throw new EmulatorSeedError(
      `${source} is not a valid emulator seed (${where}). Give { "zones": { "<zone id>": { "mappings": [...] } } } as documented in lib/emulator/README.md.`,
    );
  };
  const parsed = seedSchema.safeParse(value);
  if (!parsed.success) return invalid(parsed.error.issues);
  const raw = value as { zones: object; supportedRegions?: { vendors: object } };
  const seed: EmulatorSeed = {
    ...parsed.data,
    zones: ownRecord(raw.zones, parsed.data.zones, zoneSeed, (issues, key) => invalid(issues, ['zones', key])),
  };
  if (parsed.data.supportedRegions !== undefined && raw.supportedRegions !== undefined) {
    seed.supportedRegions = {
      ...parsed.data.supportedRegions,
      vendors: ownRecord(
        raw.supportedRegions.vendors,
        parsed.data.supportedRegions.vendors,
        regionList,
        (issues, key) => invalid(issues, ['supportedRegions', 'vendors', key]),
      ),
    };
  }
  return seed;
}

/**
 * The record zod parsed from `raw`, rebuilt without a prototype and in `raw`'s key order, with the key
 * zod's record skips (`__proto__`: neither checked nor kept) checked by `schema` and kept as an own key.
 */
function ownRecord<T>(
  raw: object,
  parsed: Record<string, T>,
  schema: z.ZodType<T>,
  invalid: (issues: readonly z.core.$ZodIssue[], key: string) => never,
): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(raw)) {
    if (Object.hasOwn(parsed, key)) {
      out[key] = parsed[key];
      continue;
    }
    const own = schema.safeParse((raw as Record<string, unknown>)[key]);
    if (!own.success) return invalid(own.error.issues, key);
    out[key] = own.data;
  }
  return out;
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
