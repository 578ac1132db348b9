import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dispatcher } from 'undici';
import { sendOnce } from '../../lib/client/http';

// A dispatcher that holds every request without starting it, as a pool does while a connection is being made;
// `start` starts the held request later, with a controller that records its abort.
function holdingDispatcher() {
  let held: Dispatcher.DispatchHandler | undefined;
  const aborted: unknown[] = [];
  const dispatcher = {
    dispatch: (_options: unknown, handler: Dispatcher.DispatchHandler) => {
      held = handler;
      return true;
    },
  } as unknown as Dispatcher;
  const start = (): void => {
    const controller = { abort: (reason: unknown) => void aborted.push(reason) } as Dispatcher.DispatchController;
    held?.onRequestStart?.(controller, {});
  };
  return { dispatcher, start, aborted };
}

const request = (signal: AbortSignal, timeoutMs: number) => ({
  path: '/client/v4/zones/z/origin/cloud_regions',
  headers: {},
  timeoutMs,
  maxBodyBytes: 1024,
  signal,
  label: 'GET /client/v4/zones/z/origin/cloud_regions',
  redact: (text: string) => text,
});

test('an attempt whose request was never started still ends at its timeout, and the request is aborted once it starts', async () => {
  const { dispatcher, start, aborted } = holdingDispatcher();
  const e = await sendOnce(dispatcher, request(new AbortController().signal, 50)).catch((error: unknown) => error);
  assert.ok(e instanceof Error);
  assert.equal((e as Error & { code?: string }).code, 'OCR_ATTEMPT_TIMEOUT');
  assert.deepEqual(aborted, []);
  start();
  assert.deepEqual(aborted, [e]);
});

test("the caller's signal ends an attempt at once, started or not, with the signal's reason", async () => {
  const reason = new Error('a sibling page failed');
  const held = holdingDispatcher();
  const early = new AbortController();
  const pending = sendOnce(held.dispatcher, request(early.signal, 60_000));
  early.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
  held.start();
  assert.deepEqual(held.aborted, [reason]);

  const started = holdingDispatcher();
  const late = new AbortController();
  const running = sendOnce(started.dispatcher, request(late.signal, 60_000));
  started.start();
  late.abort(reason);
  await assert.rejects(running, (e) => e === reason);
  assert.deepEqual(started.aborted, [reason]);
});
