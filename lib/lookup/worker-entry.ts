import * as path from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import type * as LookupWorker from './worker';
import type { LookupCall, LookupReply } from './worker';

/**
 * The lookup worker's entry, started by path from lib/lookup/sync.ts. It raises `flags[1]` when the thread
 * exits, so the main thread (blocked on `Atomics.wait`) notices a dead worker, and it loads the lookup inside a
 * `try`: a failure to load still answers every call, so the main thread never waits in vain.
 */

const { port, state } = workerData as { readonly port: MessagePort; readonly state: SharedArrayBuffer };
const flags = new Int32Array(state);

// After each message, bumps `flags[0]` and wakes the main thread, which reads the messages with `receiveMessageOnPort`.
function post(reply: LookupReply): void {
  port.postMessage(reply);
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
}

process.on('exit', () => {
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 0);
});
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the try (see above)
  (require('./worker') as typeof LookupWorker).serveLookups(port, post);
} catch (error) {
  const file = path.join(__dirname, `worker${path.extname(__filename)}`);
  const detail = error instanceof Error ? error.message : String(error);
  port.on('message', (call: LookupCall) =>
    post({
      id: call.id,
      fatal: {
        name: 'LookupWorkerError',
        message: `The origin cloud regions lookup worker could not load ${file}: ${detail}. Reinstall the package (npm ci); when running from TypeScript sources, run through tsx.`,
        fields: { code: 'OCR_LOOKUP_WORKER' },
      },
    }),
  );
}
