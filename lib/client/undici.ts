import Module from 'node:module';
import type * as UndiciPackage from 'undici';

/*
 * The parts of undici this package uses, each loaded when first used, without the rest of the package. Why:
 * undici's entry point costs every CLI call and lookup worker about 3× the CPU of these parts before its first
 * request (docs/performance.md). How: undici's own modules, and for the proxy agent, which opens its tunnels with
 * `connect`, that method put on `Dispatcher.prototype` as undici's entry point puts it. Requests go through
 * `dispatch` (see client/http.ts), so no other part of undici's request API is loaded. Should a version move a
 * module, the whole package is loaded instead (test/client/undici-parts.test.ts covers both paths).
 */
type UndiciParts = Readonly<Pick<typeof UndiciPackage, 'Pool' | 'ProxyAgent' | 'Agent'>>;

const PART_PATHS: Readonly<Record<keyof UndiciParts, string>> = {
  Pool: 'undici/lib/dispatcher/pool',
  ProxyAgent: 'undici/lib/dispatcher/proxy-agent',
  Agent: 'undici/lib/dispatcher/agent',
};

let loaded: UndiciParts | undefined;

/** The undici classes this package uses (each loaded on first use). */
export function undici(): UndiciParts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- undici's modules, loaded one by one (see above)
  loaded ??= undiciParts((id) => require(id) as unknown);
  return loaded;
}

/** The parts as `load` (a `require`) finds them: undici's own modules, else the entry point's (for the tests). */
export function undiciParts(load: (id: string) => unknown): UndiciParts {
  const part = <K extends keyof UndiciParts>(name: K): UndiciParts[K] => {
    try {
      const found = name !== 'ProxyAgent' || wireConnect(load) ? load(PART_PATHS[name]) : undefined;
      if (typeof found === 'function') return found as UndiciParts[K];
    } catch {
      // A moved or renamed module: the entry point below has every part.
    }
    return (load('undici') as typeof UndiciPackage)[name];
  };
  const parts: Partial<Record<keyof UndiciParts, unknown>> = {};
  const lazy = (name: keyof UndiciParts) => ({ enumerable: true, get: () => (parts[name] ??= part(name)) });
  return Object.defineProperties({} as UndiciParts, {
    Pool: lazy('Pool'),
    ProxyAgent: lazy('ProxyAgent'),
    Agent: lazy('Agent'),
  });
}

/** Gives `Dispatcher.prototype` undici's `connect`, as its entry point does; false when either has moved. */
function wireConnect(load: (id: string) => unknown): boolean {
  const dispatcher = load('undici/lib/dispatcher/dispatcher') as { prototype?: Record<string, unknown> } | undefined;
  const connect = load('undici/lib/api/api-connect');
  if (typeof connect !== 'function' || typeof dispatcher?.prototype?.compose !== 'function') return false;
  dispatcher.prototype.connect ??= connect;
  return true;
}

const HTTP2_HALF = 'undici/lib/dispatcher/client-h2.js';

/**
 * Spares a process that never asks undici for HTTP/2 (the CLI: nothing in it sets `allowH2`) undici's HTTP/2 half.
 * undici's client loads that half when it loads, and with it `node:http2` and, through that, TLS and crypto: about
 * 15 ms of a CLI call against an http:// API, about 8 ms against https, which loads TLS anyway (docs/performance.md).
 * Registers a stand-in that refuses to connect, which undici calls only for a TLS connection that negotiated h2, and
 * only with `allowH2`. Call before the first {@link undici}; does nothing when undici's layout is not the one known
 * (test/client/undici-parts.test.ts fails when undici stops loading the half, or calls it otherwise).
 */
export function withoutHttp2(): void {
  let id: string;
  try {
    id = require.resolve(HTTP2_HALF);
  } catch {
    return;
  }
  if (require.cache[id] !== undefined) return;
  const standIn = new Module(id);
  standIn.filename = id;
  standIn.loaded = true;
  standIn.exports = function connectH2(): never {
    throw new Error('HTTP/2 is not enabled in this process (origin-cloud-regions speaks HTTP/1.1)');
  };
  require.cache[id] = standIn;
}
