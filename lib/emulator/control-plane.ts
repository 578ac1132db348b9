import type { ApiMapping } from '../model/mapping';
import { OriginCloudRegionsError } from '../errors';
import type { ApiAnswer } from './envelope';
import type { EmulatorPaging, EmulatorRateLimit, EmulatorStats, FaultRule } from './types';

/** Path prefix of the control plane, outside `/client/v4`, on the same port. */
export const CONTROL_PREFIX = '/__emulator';

/** What the control plane drives: the public methods of `CloudflareApiEmulator`. */
export interface ControllableEmulator {
  stats(): EmulatorStats;
  resetStats(): void;
  setMappings(zoneId: string, mappings: ApiMapping[]): void;
  getMappings(zoneId: string): ApiMapping[];
  setTieredCache(zoneId: string, enabled: boolean): void;
  addFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: EmulatorRateLimit | undefined): void;
  setPaging(paging: EmulatorPaging | undefined): void;
}

/**
 * Answers a control-plane request, so a parent process can drive an emulator in a child process.
 * Not authenticated: the server listens on loopback only.
 *
 * | request | body | effect |
 * |---|---|---|
 * | `GET /__emulator/stats` | – | `EmulatorStats` |
 * | `POST /__emulator/reset-stats` | – | zero the counters |
 * | `POST /__emulator/faults` | `FaultRule` or `FaultRule[]` | add rules |
 * | `DELETE /__emulator/faults` | – | remove every rule |
 * | `PUT /__emulator/zones/:zoneId` | `ApiMapping[]` or `{ mappings, tieredCache? }` | replace the zone |
 * | `GET /__emulator/zones/:zoneId` | – | the zone's mappings |
 * | `POST /__emulator/latency` | `{ "ms": n }` | set the latency |
 * | `POST /__emulator/rate-limit` | `EmulatorRateLimit` or `null` | enforce the limits (counting afresh), or stop |
 * | `POST /__emulator/paging` | `EmulatorPaging` or `null` | how the list endpoint pages, or the API's way |
 *
 * Success answers `{ "ok": true }` (or the data); errors answer 400 `{ "error": message }`.
 */
export function answerControl(emulator: ControllableEmulator, method: string, path: string, body: unknown): ApiAnswer {
  try {
    const rest = path.slice(CONTROL_PREFIX.length);
    const zone = /^\/zones\/([^/]+)$/.exec(rest);
    const ok: ApiAnswer = { status: 200, body: { ok: true } };
    switch (`${method} ${zone ? '/zones/:zoneId' : rest}`) {
      case 'GET /stats':
        return { status: 200, body: emulator.stats() };
      case 'POST /reset-stats':
        emulator.resetStats();
        return ok;
      case 'POST /faults':
        if (body === undefined) return bad('POST /__emulator/faults needs a JSON FaultRule or FaultRule[] body.');
        emulator.addFaults(...(Array.isArray(body) ? (body as FaultRule[]) : [body as FaultRule]));
        return ok;
      case 'DELETE /faults':
        emulator.clearFaults();
        return ok;
      case 'PUT /zones/:zoneId': {
        const zoneId = decodeURIComponent((zone as RegExpExecArray)[1]);
        const spec = Array.isArray(body)
          ? { mappings: body }
          : (body as { mappings?: unknown; tieredCache?: unknown } | undefined);
        if (!spec || !Array.isArray(spec.mappings))
          return bad('PUT /__emulator/zones/:zoneId needs ApiMapping[] or { "mappings": [...] }.');
        emulator.setMappings(zoneId, spec.mappings as ApiMapping[]);
        if (typeof spec.tieredCache === 'boolean') emulator.setTieredCache(zoneId, spec.tieredCache);
        return ok;
      }
      case 'GET /zones/:zoneId':
        return { status: 200, body: emulator.getMappings(decodeURIComponent((zone as RegExpExecArray)[1])) };
      case 'POST /latency': {
        const ms = (body as { ms?: unknown } | undefined)?.ms;
        if (typeof ms !== 'number') return bad('POST /__emulator/latency needs { "ms": <non-negative integer> }.');
        emulator.setLatency(ms);
        return ok;
      }
      case 'POST /rate-limit':
        if (body === undefined) return bad('POST /__emulator/rate-limit needs an EmulatorRateLimit or null body.');
        emulator.setRateLimit(body === null ? undefined : (body as EmulatorRateLimit));
        return ok;
      case 'POST /paging':
        if (body === undefined) return bad('POST /__emulator/paging needs an EmulatorPaging or null body.');
        emulator.setPaging(body === null ? undefined : body);
        return ok;
      default:
        return { status: 404, body: { error: `No control-plane route ${method} ${path}.` } };
    }
  } catch (error) {
    if (error instanceof OriginCloudRegionsError) return bad(error.message);
    throw error;
  }
}

function bad(message: string): ApiAnswer {
  return { status: 400, body: { error: message } };
}
