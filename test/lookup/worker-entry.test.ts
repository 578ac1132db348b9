import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LookupReply } from '../../lib/lookup/worker';

const entry = path.resolve(__dirname, '..', '..', 'lib', 'lookup', 'worker-entry.ts');

test('a worker whose lookup cannot load answers every call with LookupWorkerError and wakes the caller', async () => {
  // The entry alone in a folder: its `./worker` is missing, as in a broken install.
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-worker-entry-'));
  copyFileSync(entry, path.join(dir, 'worker-entry.ts'));
  const { port1, port2 } = new MessageChannel();
  const state = new SharedArrayBuffer(8);
  const flags = new Int32Array(state);
  const worker = new Worker(path.join(dir, 'worker-entry.ts'), {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    workerData: { port: port2, state },
    transferList: [port2],
  });
  try {
    for (const [i, id] of [7, 8].entries()) {
      port1.postMessage({ id, requests: [], env: {}, cwd: dir });
      // The main thread of a synth waits on the counter the worker bumps after posting.
      for (let waited = 0; Atomics.load(flags, 0) <= i; waited += 20) {
        assert.ok(waited < 60_000, 'the worker answered within a minute');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const reply = receiveMessageOnPort(port1)?.message as LookupReply;
      assert.ok('fatal' in reply, JSON.stringify(reply));
      assert.equal(reply.id, id);
      assert.equal(reply.fatal.name, 'LookupWorkerError');
      assert.equal(reply.fatal.fields.code, 'OCR_LOOKUP_WORKER');
      assert.match(reply.fatal.message, /could not load .*worker\.ts: .*Reinstall the package \(npm ci\)/s);
    }
    assert.equal(Atomics.load(flags, 1), 0, 'the worker still runs');
  } finally {
    await worker.terminate();
    port1.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
