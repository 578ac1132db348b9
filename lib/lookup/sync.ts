import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ENV } from '../settings/names';
import { resolveSetting, settingsIn } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import { deserializeError } from './error-transport';
import { LookupWorkerError } from '../errors/lookup';
import type { LookupCall, LookupReply } from './worker';
import { resultsOrFirstFailure, type ZoneLookupOutcome, type ZoneLookupRequest, type ZoneLookupResult } from './types';

// cdktf builds constructs synchronously: the lookup runs in a worker thread while this thread blocks on
// `Atomics.wait`. The worker is unref'd; credentials reach it in memory only (inside the posted message).

/**
 * `timeoutMs` is a backstop only (by default twice the longest client deadline or feed timeout, plus 30 s): the
 * client's own deadline normally ends a slow lookup first, with a precise error. `onSettled` is told each outcome
 * as soon as its zone is settled, so the caller can prepare during the wait.
 */
export interface SyncLookupOptions {
  readonly timeoutMs?: number;
  readonly onSettled?: (index: number, outcome: ZoneLookupOutcome) => void;
}

interface WorkerHandle {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flags: Int32Array;
}

let handle: WorkerHandle | undefined;
let nextCallId = 1;

/**
 * {@link lookupZones}, synchronously: blocks the calling thread until every zone is looked up in the worker.
 * @throws the first failure in request order, as an instance of the same error class
 *   (`instanceof CloudflareApiError` works); {@link LookupWorkerError} when the worker itself fails
 */
export function lookupZonesSync(
  requests: readonly ZoneLookupRequest[],
  options: SyncLookupOptions = {},
): ZoneLookupResult[] {
  return resultsOrFirstFailure(lookupZonesSyncSettled(requests, options));
}

/** Like {@link lookupZonesSync}, but returns each request's result or error instead of throwing the first error. */
export function lookupZonesSyncSettled(
  requests: readonly ZoneLookupRequest[],
  options: SyncLookupOptions = {},
): ZoneLookupOutcome[] {
  if (requests.length === 0) return [];
  // With every call: a worker's process.env is a copy taken when it started.
  const env = settingsIn(process.env);
  const call: LookupCall = {
    id: nextCallId++,
    requests: requests.map((r) => (r.client?.env === undefined ? { ...r, client: { ...r.client, env } } : r)),
    env,
    cwd: process.cwd(),
  };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs(call.requests, env);
  const { port, flags } = ensureWorker();
  port.postMessage(call);

  const started = Date.now();
  const outcomes: (ZoneLookupOutcome | undefined)[] = new Array<ZoneLookupOutcome | undefined>(call.requests.length);
  // The IP range feeds each zone waits for once its API answers are in: what to blame if the wait runs out.
  const waitingFor = new Map<number, readonly string[]>();
  for (;;) {
    // Read the counter before looking at the port: the worker posts first and counts second, so a message
    // that arrives after the look still changes the counter and ends the wait below at once.
    const answered = Atomics.load(flags, 0);
    const received = receiveMessageOnPort(port);
    if (received !== undefined) {
      const message = received.message as LookupReply;
      if (message.id !== call.id) continue; // a late message of an abandoned call
      if ('fatal' in message) throw deserializeError(message.fatal);
      if ('done' in message) break;
      if ('waitingFor' in message) {
        waitingFor.set(message.index, message.waitingFor);
        continue;
      }
      const o = message.outcome;
      const outcome: ZoneLookupOutcome = o.ok ? o : { ok: false, error: deserializeError(o.error) };
      outcomes[message.index] = outcome;
      options.onSettled?.(message.index, outcome);
      continue;
    }
    if (Atomics.load(flags, 1) !== 0) {
      discardWorker();
      throw new LookupWorkerError(
        'The origin cloud regions lookup worker stopped before answering. Run the synth again; if it keeps failing, call lookupZones() from a plain Node script to see the underlying error.',
      );
    }
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) {
      releaseLookupWorker();
      throw new LookupWorkerError(stuckMessage(timeoutMs, outcomes, waitingFor));
    }
    // Wake on the worker's notify, or every second to notice a dead worker.
    Atomics.wait(flags, 0, answered, Math.min(left, 1000));
  }
  return outcomes.map(
    (o) =>
      o ?? { ok: false as const, error: new LookupWorkerError('The lookup worker sent no outcome for this zone.') },
  );
}

/** Stops the lookup worker, if one runs, to give its heap back now; the next lookup starts a new worker. */
export function releaseLookupWorker(): void {
  const worker = handle?.worker;
  if (worker === undefined) return;
  discardWorker();
  void worker.terminate();
}

function ensureWorker(): WorkerHandle {
  if (handle !== undefined) return handle;
  const extension = path.extname(__filename);
  const { port1, port2 } = new MessageChannel();
  const state = new SharedArrayBuffer(8);
  const worker = new Worker(path.join(__dirname, `worker-entry${extension}`), {
    // From the TypeScript sources (tests, a synth run through tsx) the worker loads them through tsx's CommonJS
    // hook, instead of the options it would inherit: with `--import tsx` a worker fails on a `.ts` entry.
    ...(extension === '.ts' ? { execArgv: ['--require', resolveTsx()] } : {}),
    workerData: { port: port2, state },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  const forget = (): void => {
    if (handle?.worker === worker) discardWorker();
  };
  // Without a listener an error event would crash the process; the blocked caller notices through `flags`.
  worker.on('error', forget);
  worker.on('exit', forget);
  handle = { worker, port: port1, flags: new Int32Array(state) };
  return handle;
}

function discardWorker(): void {
  if (handle === undefined) return;
  handle.port.close();
  handle = undefined;
}

function resolveTsx(): string {
  try {
    return require.resolve('tsx/cjs', { paths: [__dirname, process.cwd()] });
  } catch (error) {
    throw new LookupWorkerError(
      'This package is running from its TypeScript sources, and its lookup worker needs tsx to load them. Install tsx (npm install --save-dev tsx), or use the built package (dist).',
      { cause: error },
    );
  }
}

// Names what was slow: a zone whose API answers were in and that waited only for IP range feeds was held up by those.
function stuckMessage(
  timeoutMs: number,
  outcomes: readonly (ZoneLookupOutcome | undefined)[],
  waitingFor: ReadonlyMap<number, readonly string[]>,
): string {
  const open = [...outcomes.keys()].filter((i) => outcomes[i] === undefined);
  const feeds = new Set(open.flatMap((i) => waitingFor.get(i) ?? []));
  const head = `The origin cloud regions lookup did not finish within ${timeoutMs} ms`;
  if (open.length > 0 && open.every((i) => waitingFor.has(i)) && feeds.size > 0) {
    const [them, were] = feeds.size === 1 ? ['feed', 'was'] : ['feeds', 'were'];
    return `${head}: the API had answered, but the IP range ${them} ${[...feeds].join(', ')} ${were} still loading. Check that ${feeds.size === 1 ? 'it is' : 'they are'} reachable, or lower ${ENV.ipRangesTimeout} so that a slow feed is given up with a warning.`;
  }
  return `${head}. Check that the API (${ENV.baseUrl}) is reachable, or lower ${ENV.deadline} so the client gives up with a precise error.`;
}

function defaultTimeoutMs(requests: readonly ZoneLookupRequest[], env: Record<string, string>): number {
  // A bad value is the worker's to report (per zone, with the fix): here it only falls back to the default wait.
  const orDefault = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  const deadlines = requests.map((request) =>
    orDefault(
      () => resolveSetting(SETTINGS.deadline, { prop: request.client?.deadlineMs, env: request.client?.env ?? env }),
      SETTINGS.deadline.default,
    ),
  );
  const feedTimeoutMs = orDefault(
    () => resolveSetting(SETTINGS.ipRangesTimeout, { env }),
    SETTINGS.ipRangesTimeout.default,
  );
  // The feeds load alongside the API, each within its own timeout.
  return 2 * Math.max(feedTimeoutMs, ...deadlines) + 30_000;
}
