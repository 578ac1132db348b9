// Preloaded into one `list` process by bench/startup.ts (node --import ./bench/startup-marks.mjs ...): where its wall
// time goes. Module loads are timed at the top level (a module's own load includes its imports), requests through
// undici's diagnostics channels; everything is measured from the process's start (performance.timeOrigin). On exit
// it writes one JSON line to stderr.
import Module from 'node:module';
import { subscribe } from 'node:diagnostics_channel';

const startedAt = performance.now();
const load = Module._load;
// Self time per package: a module's load minus the loads it starts; node: built-ins count as `node`.
const byGroup = {};
const stack = [];
let loading = 0;
function groupOf(request, parent) {
  if (request.startsWith('node:')) return 'node';
  if (!request.startsWith('.') && !request.startsWith('/'))
    return request.startsWith('@') ? request : request.split('/')[0];
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(parent?.filename ?? '');
  return match ? match[1] : 'this package';
}
Module._load = function (request, parent, ...rest) {
  const start = performance.now();
  stack.push(0);
  try {
    return load.call(this, request, parent, ...rest);
  } finally {
    const ms = performance.now() - start;
    const children = stack.pop();
    if (stack.length > 0) stack[stack.length - 1] += ms;
    else loading += ms;
    const group = groupOf(request, parent);
    byGroup[group] = (byGroup[group] ?? 0) + ms - children;
  }
};
let firstRequest;
let lastResponse;
subscribe('undici:request:create', () => (firstRequest ??= performance.now()));
subscribe('undici:request:trailers', () => (lastResponse = performance.now()));
const write = process.stdout.write.bind(process.stdout);
let firstWrite;
process.stdout.write = (...args) => {
  firstWrite ??= performance.now();
  return write(...args);
};
process.on('exit', () => {
  const marks = { startedAt, loading, byGroup, firstRequest, lastResponse, firstWrite, exit: performance.now() };
  process.stderr.write(`startup-marks ${JSON.stringify(marks)}\n`);
});
