import type * as UndiciPackage from 'undici';
import type { Agent, Pool, ProxyAgent } from 'undici';

/**
 * The parts of undici this package uses (`Pool`, `ProxyAgent`, `Agent`, and the request API of every dispatcher),
 * loaded without the rest of the package (fetch, WebSocket, the HTTP cache, the mock and retry agents, …).
 *
 * Why: undici's entry point takes about 110 ms to load on this package's reference machine, these parts about
 * 45 ms, and every CLI call and every lookup worker pays it before its first request. How: they are undici's own
 * modules, wired exactly as its entry point wires them (the request API assigned to `Dispatcher.prototype`).
 * undici is pinned; should another version move them, the whole package is loaded instead.
 */
export interface UndiciParts {
  readonly Pool: typeof Pool;
  readonly ProxyAgent: typeof ProxyAgent;
  readonly Agent: typeof Agent;
}

let loaded: UndiciParts | undefined;

/** The undici classes this package uses (loaded on first call). */
export function undici(): UndiciParts {
  loaded ??= loadParts();
  return loaded;
}

/* eslint-disable @typescript-eslint/no-require-imports -- undici's modules, loaded one by one (see above) */
function loadParts(): UndiciParts {
  try {
    const dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: Record<string, unknown> };
    const api = require('undici/lib/api') as Record<string, unknown>;
    if (typeof api.request !== 'function' || typeof dispatcher.prototype.compose !== 'function') {
      throw new Error('undici changed its layout');
    }
    if (typeof dispatcher.prototype.request !== 'function') Object.assign(dispatcher.prototype, api);
    const parts: UndiciParts = {
      Pool: require('undici/lib/dispatcher/pool') as typeof Pool,
      ProxyAgent: require('undici/lib/dispatcher/proxy-agent') as typeof ProxyAgent,
      Agent: require('undici/lib/dispatcher/agent') as typeof Agent,
    };
    if (Object.values(parts).some((part) => typeof part !== 'function')) throw new Error('undici changed its layout');
    return parts;
  } catch {
    const whole = require('undici') as typeof UndiciPackage;
    return { Pool: whole.Pool, ProxyAgent: whole.ProxyAgent, Agent: whole.Agent };
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */
