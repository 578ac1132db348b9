import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { startProgress, withProgress } from '../../lib/cli/progress';

function stderr(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

test('on a terminal, a slow lookup shows the line after the delay and erases it when done', async () => {
  const err = stderr(true);
  const stop = startProgress({ stderr: err.stream }, 'Fetching mappings of zone z …', 20);
  assert.equal(err.text(), '');
  await sleep(60);
  assert.equal(err.text(), 'Fetching mappings of zone z …');
  stop();
  assert.equal(err.text(), 'Fetching mappings of zone z …\r\x1b[K');
  stop();
  assert.equal(err.text(), 'Fetching mappings of zone z …\r\x1b[K', 'stopping twice erases once');
});

test('on a terminal, a lookup faster than the delay prints nothing', async () => {
  const err = stderr(true);
  const result = await withProgress({ stderr: err.stream }, 'Fetching …', () => Promise.resolve(42), 50);
  await sleep(80);
  assert.equal(result, 42);
  assert.equal(err.text(), '');
});

test('when stderr is not a terminal, even a slow lookup prints nothing', async () => {
  const err = stderr(false);
  await withProgress({ stderr: err.stream }, 'Fetching …', () => sleep(60), 10);
  assert.equal(err.text(), '');
});

test('the line is erased when the lookup fails, and the error passes through', async () => {
  const err = stderr(true);
  await assert.rejects(
    withProgress(
      { stderr: err.stream },
      'Fetching …',
      async () => {
        await sleep(60);
        throw new Error('boom');
      },
      10,
    ),
    /boom/,
  );
  assert.equal(err.text(), 'Fetching …\r\x1b[K');
});
