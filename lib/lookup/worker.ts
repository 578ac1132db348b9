import type { MessagePort } from 'node:worker_threads';
import { serializeError, type SerializedError } from './error-transport';
import { lookupZonesStreamed } from './lookup-zones';
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

/** A zone's outcome, with its error flattened to data. */
export type WireOutcome = { ok: true; result: ZoneLookupResult } | { ok: false; error: SerializedError };

/**
 * The worker's messages for one {@link LookupCall}: one per request as soon as its zone is settled (in any order),
 * then one that ends the call. The main thread takes each zone's outcome while the others are still being fetched.
 */
export type LookupReply =
  /** Request `index` of call `id` is settled. */
  | { readonly id: number; readonly index: number; readonly outcome: WireOutcome }
  /** Request `index` of call `id` has its API answers and waits for these IP range feeds. */
  | { readonly id: number; readonly index: number; readonly waitingFor: readonly string[] }
  /** Every request of call `id` has been answered. */
  | { readonly id: number; readonly done: true }
  /** Call `id` could not run at all. */
  | { readonly id: number; readonly fatal: SerializedError };

/**
 * Answers every call that arrives on `port`, posting each zone's outcome as it settles and then the end of the
 * call; after each message it bumps `flags[0]` and wakes the main thread, which is blocked in `Atomics.wait` and
 * reads the messages with `receiveMessageOnPort`.
 */
export function serveLookups(port: MessagePort, flags: Int32Array): void {
  const post = (reply: LookupReply): void => {
    port.postMessage(reply);
    Atomics.add(flags, 0, 1);
    Atomics.notify(flags, 0);
  };
  port.on('message', (call: LookupCall) => {
    void answer(call, post);
  });
}

async function answer(call: LookupCall, post: (reply: LookupReply) => void): Promise<void> {
  try {
    // Posting a zone as soon as it settles also lets the worker drop its data then, not at the end of the batch.
    await lookupZonesStreamed(
      call.requests,
      { env: call.env, cwd: call.cwd },
      (index, o) => post({ id: call.id, index, outcome: o.ok ? o : { ok: false, error: serializeError(o.error) } }),
      (index, feeds) => post({ id: call.id, index, waitingFor: feeds }),
    );
    post({ id: call.id, done: true });
  } catch (error) {
    post({ id: call.id, fatal: serializeError(error) });
  }
}
