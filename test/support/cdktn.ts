import Module from 'node:module';
import * as path from 'node:path';
import type * as RootEntry from '../../lib/index';
import { REPO_ROOT } from './constants';

/**
 * The `./cdktn` entry point, loaded from source. The build emits it as a copy of the compiled construct
 * layer whose engine module is `engine-cdktn` (scripts/emit-cdktn.ts); this does the same in memory: it
 * loads lib/index.ts and lib/construct/* afresh with `./engine` resolved to `./engine-cdktn`, sharing every
 * other module (client, lookup, drift...) with the rest of the process, as the built package does. The
 * cdktf-bound modules stay in the require cache, so both bindings can live in one test process.
 */

type Entry = typeof RootEntry;

const LIB = path.join(REPO_ROOT, 'lib');
const ENTRY = path.join(LIB, 'index.ts');
const CONSTRUCT_DIR = path.join(LIB, 'construct') + path.sep;
const ENGINE = path.join(LIB, 'construct', 'engine.ts');
const CDKTN_ENGINE = path.join(LIB, 'construct', 'engine-cdktn.ts');

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

const loaded = new Map<string, unknown>();

function rebound(file: string): boolean {
  return file === ENTRY || file.startsWith(CONSTRUCT_DIR);
}

/** Loads `file` (lib/index.ts or a lib/construct module) bound to cdktn, once per file. */
function loadBoundToCdktn(file: string): unknown {
  if (loaded.has(file)) return loaded.get(file);
  const cache = require.cache;
  const saved = Object.entries(cache).filter(([cached]) => rebound(cached));
  for (const [cached] of saved) delete cache[cached];
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    const resolved = original.call(this, request, ...rest);
    return resolved === ENGINE ? CDKTN_ENGINE : resolved;
  };
  try {
    // A fresh, rebound copy: exactly what `require` does, with the resolution hook above in place.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded.set(file, require(file));
  } finally {
    moduleInternals._resolveFilename = original;
    for (const cached of Object.keys(cache)) if (rebound(cached)) delete cache[cached];
    for (const [cached, mod] of saved) cache[cached] = mod;
  }
  return loaded.get(file);
}

/** The cdktn-bound entry point (`cdktf-origin-cloud-regions/cdktn`), built from lib/ source. */
export function cdktnEntryFromSource(): Entry {
  return loadBoundToCdktn(ENTRY) as Entry;
}

/**
 * A module of lib/construct bound to cdktn, from source, e.g. `cdktnConstructModule<typeof MarkerResource>('marker-resource')`
 * (for tests of the construct layer's parts).
 */
export function cdktnConstructModule<T>(name: string): T {
  return loadBoundToCdktn(path.join(LIB, 'construct', `${name}.ts`)) as T;
}
