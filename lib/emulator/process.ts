import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiMapping } from '../model/mapping';
import { EmulatorProcessError } from '../errors';
import { CONTROL_PREFIX } from './control-plane';
import { resolveSeedFile } from './seed';
import type {
  EmulatorCredentials,
  EmulatorPaging,
  EmulatorRateLimit,
  EmulatorSeed,
  EmulatorStats,
  FaultRule,
} from './types';

/** Options of {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  /** The data to serve. @default no zones */
  readonly seed?: EmulatorSeed;
  /** A seed JSON file, used when `seed` is not given (relative to the parent's working directory), or a bundled seed's name (`demo`). */
  readonly seedFile?: string;
  /** Delay added to every API response. @default 0 */
  readonly latencyMs?: number;
  /** Credentials to accept when the seed names none. @default the emulator's defaults */
  readonly credentials?: EmulatorCredentials;
  /** List order. @default "hashed" */
  readonly order?: 'hashed' | 'insertion';
  /** Cloudflare's rate limits to enforce (see `EmulatorOptions.rateLimit`). @default no limit */
  readonly rateLimit?: EmulatorRateLimit;
  /** How the list endpoint pages (see `EmulatorOptions.paging`). @default the API's way */
  readonly paging?: EmulatorPaging;
  /** How long to wait for the child to report its URL. @default 20000 */
  readonly startTimeoutMs?: number;
}

/** A running emulator in a child process, driven over its control plane. */
export interface EmulatorProcess {
  /** Base URL to give a client: `http://127.0.0.1:<port>/client/v4`. */
  readonly baseUrl: string;
  /** The child's process id. */
  readonly pid: number;
  /** Request counters of the child's emulator. */
  stats(): Promise<EmulatorStats>;
  /** Zeroes the counters. */
  resetStats(): Promise<void>;
  /** Replaces a zone's mappings. */
  setMappings(zoneId: string, mappings: ApiMapping[]): Promise<void>;
  /** A zone's mappings in list order. */
  getMappings(zoneId: string): Promise<ApiMapping[]>;
  /** Adds fault rules. */
  addFaults(...rules: FaultRule[]): Promise<void>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** Sets the delay added to every API response. */
  setLatency(ms: number): Promise<void>;
  /** Enforces Cloudflare's rate limits from now on, or stops (`undefined`). */
  setRateLimit(limit: EmulatorRateLimit | undefined): Promise<void>;
  /** Sets how the list endpoint pages, or restores the API's way (`undefined`). */
  setPaging(paging: EmulatorPaging | undefined): Promise<void>;
  /** Stops the child (SIGTERM, then SIGKILL after 3 s); resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts an emulator in a child process, for callers that block their own event loop (a synth
 * waiting on `Atomics.wait` cannot serve HTTP from the same process).
 *
 * The child runs `process-entry` under the same Node binary (through tsx when this file runs from
 * TypeScript sources), reads its options as one JSON line on stdin, and answers one JSON line
 * `{"baseUrl": …}` on stdout. It exits when its stdin closes, so it dies with its parent; the
 * handle does not keep the parent alive.
 *
 * @throws `EmulatorProcessError` when the child fails to start (the seed's errors included)
 */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const fromSources = __filename.endsWith('.ts');
  const entry = join(__dirname, fromSources ? 'process-entry.ts' : 'process-entry.js');
  const args = fromSources ? ['--import', pathToFileURL(require.resolve('tsx')).href, entry] : [entry];
  const env = { ...process.env };
  // The child needs no credentials, and must not believe it is a test-runner child.
  for (const name of [
    'CLOUDFLARE_API_TOKEN',
    'CLOUDFLARE_API_KEY',
    'CLOUDFLARE_EMAIL',
    'NODE_TEST_CONTEXT',
    'NODE_OPTIONS',
  ]) {
    delete env[name];
  }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const config = {
    seed: options.seed,
    seedFile: options.seedFile === undefined ? undefined : resolve(resolveSeedFile(options.seedFile)),
    latencyMs: options.latencyMs,
    credentials: options.credentials,
    order: options.order,
    rateLimit: options.rateLimit,
    paging: options.paging,
  };
  child.stdin?.on('error', () => undefined); // EPIPE when the child died early; reported through 'exit'
  child.stdin?.write(JSON.stringify(config) + '\n');
  const ready = await waitForReady(child, options.startTimeoutMs ?? 20_000);
  const origin = new URL(ready.baseUrl).origin;
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  child.unref();
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  let stopping: Promise<void> | undefined;
  const control = (method: string, path: string, body?: unknown) => controlRequest(origin, method, path, body);
  return {
    baseUrl: ready.baseUrl,
    pid: child.pid as number,
    stats: async () => (await control('GET', '/stats')) as EmulatorStats,
    resetStats: async () => void (await control('POST', '/reset-stats')),
    setMappings: async (zoneId, mappings) =>
      void (await control('PUT', `/zones/${encodeURIComponent(zoneId)}`, mappings)),
    getMappings: async (zoneId) => (await control('GET', `/zones/${encodeURIComponent(zoneId)}`)) as ApiMapping[],
    addFaults: async (...rules) => void (await control('POST', '/faults', rules)),
    clearFaults: async () => void (await control('DELETE', '/faults')),
    setLatency: async (ms) => void (await control('POST', '/latency', { ms })),
    setRateLimit: async (limit) => void (await control('POST', '/rate-limit', limit ?? null)),
    setPaging: async (paging) => void (await control('POST', '/paging', paging ?? null)),
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin?.end();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<{ baseUrl: string }> {
  return new Promise((resolveReady, reject) => {
    let out = '';
    let err = '';
    const finish = (error?: Error, value?: { baseUrl: string }): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolveReady(value as { baseUrl: string });
    };
    const onOut = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      let line: { baseUrl?: unknown; error?: unknown };
      try {
        line = JSON.parse(out.slice(0, newline)) as typeof line;
      } catch {
        finish(
          new EmulatorProcessError(
            `The emulator child printed an unexpected line: ${out.slice(0, 200)}. Run it by hand to see why.`,
          ),
        );
        return;
      }
      if (typeof line.baseUrl === 'string') finish(undefined, { baseUrl: line.baseUrl });
      else finish(new EmulatorProcessError(`The emulator child failed to start: ${String(line.error)}`));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(
        new EmulatorProcessError(
          `The emulator child exited (${signal ?? `code ${code}`}) before it was ready: ${err.trim().slice(-2000) || 'no output'}. Fix the cause above.`,
        ),
      );
    const onError = (error: Error): void =>
      finish(
        new EmulatorProcessError(
          `Cannot spawn the emulator child (${error.message}). Check that Node can run ${process.execPath}.`,
          { cause: error },
        ),
      );
    const timer = setTimeout(
      () =>
        finish(
          new EmulatorProcessError(
            `The emulator child did not report its URL within ${timeoutMs} ms. Raise startTimeoutMs or check the machine's load.`,
          ),
        ),
      timeoutMs,
    );
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-4000);
    });
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** One control-plane call, on a fresh connection so that no keep-alive socket outlives it. */
function controlRequest(origin: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveCall, reject) => {
    const req = request(
      `${origin}${CONTROL_PREFIX}${path}`,
      {
        method,
        agent: false,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          if ((res.statusCode ?? 500) >= 400) {
            const error = (json as { error?: unknown } | null)?.error;
            const why = typeof error === 'string' ? error : text.slice(0, 500);
            reject(
              new EmulatorProcessError(`Emulator control call ${method} ${path} failed (${res.statusCode}): ${why}`),
            );
          } else resolveCall(json);
        });
      },
    );
    req.on('error', (error) =>
      reject(
        new EmulatorProcessError(
          `Emulator control call ${method} ${path} failed (${error.message}). Is the child still running?`,
          { cause: error },
        ),
      ),
    );
    req.end(payload);
  });
}
