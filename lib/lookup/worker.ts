import type { MessagePort } from 'node:worker_threads';
import { serializeError, type SerializedError } from './error-transport';
import { lookupZonesStreamed } from './lookup-zones';
import type { ZoneLookupRequest, ZoneLookupResult } from './types';

/** A batch sent by the main thread (the worker side of {@link lookupZonesSync}); `env` and `cwd` are the caller's. */
export interface LookupCall {
  readonly id: number;
  readonly requests: readonly ZoneLookupRequest[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The worker's messages for one {@link LookupCall}: one per request as soon as it is settled, then the end. */
export type LookupReply =
  /** Request `index` of call `id` is settled; its error flattened to data. */
  | {
      readonly id: number;
      readonly index: number;
      readonly outcome: { ok: true; result: ZoneLookupResult } | { ok: false; error: SerializedError };
    }
  /** Request `index` of call `id` has its API answers and waits for these IP range feeds. */
  | { readonly id: number; readonly index: number; readonly waitingFor: readonly string[] }
  /** Every request of call `id` has been answered. */
  | { readonly id: number; readonly done: true }
  /** Call `id` could not run at all. */
  | { readonly id: number; readonly fatal: SerializedError };

/** Answers every call that arrives on `port`: each zone's outcome as it settles, then the end of the call. */
export function serveLookups(port: MessagePort, post: (reply: LookupReply) => void): void {
  port.on('message', (call: LookupCall) => void answer(call, post));
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
