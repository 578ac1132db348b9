import type { MessagePort } from 'node:worker_threads';
import { serializeError, type SerializedError } from './error-transport';
import { lookupZonesSettled } from './lookup-zones';
import type { ZoneLookupRequest, ZoneLookupResult } from './types';

/**
 * The worker side of {@link lookupZonesSync}: loaded by the bootstrap script in a worker thread.
 * Not part of the public API.
 */

/** A batch sent by the main thread. */
export interface LookupCall {
  /** Matches the reply to the call. */
  readonly id: number;
  /** The zones to look up. */
  readonly requests: readonly ZoneLookupRequest[];
  /** Environment for the offline switch and snapshot folder (the main thread's, at call time). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The main thread's working directory, for relative snapshot paths. */
  readonly cwd: string;
}

/** The worker's answer to one {@link LookupCall}. */
export interface LookupReply {
  /** The call's id. */
  readonly id: number;
  /** One outcome per request, errors flattened to data. */
  readonly outcomes?: readonly ({ ok: true; result: ZoneLookupResult } | { ok: false; error: SerializedError })[];
  /** Set when the batch could not run at all. */
  readonly fatal?: SerializedError;
}

/**
 * Answers every call that arrives on `port`, then bumps `flags[0]` and wakes the main thread,
 * which is blocked in `Atomics.wait` and reads the reply with `receiveMessageOnPort`.
 */
export function serveLookups(port: MessagePort, flags: Int32Array): void {
  port.on('message', (call: LookupCall) => {
    void answer(call).then((reply) => {
      port.postMessage(reply);
      Atomics.add(flags, 0, 1);
      Atomics.notify(flags, 0);
    });
  });
}

async function answer(call: LookupCall): Promise<LookupReply> {
  try {
    const outcomes = await lookupZonesSettled(call.requests, { env: call.env, cwd: call.cwd });
    return {
      id: call.id,
      outcomes: outcomes.map((o) => (o.ok ? o : { ok: false as const, error: serializeError(o.error) })),
    };
  } catch (error) {
    return { id: call.id, fatal: serializeError(error) };
  }
}
