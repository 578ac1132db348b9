import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A server that answers every request with status 200 and its headers at once, then one byte of body every
 * `intervalMs` and never ends: undici's `bodyTimeout` (the pause between chunks) never fires on it, only a total
 * deadline does. It runs in a child process, so that it keeps serving while the test's own thread is blocked (a
 * synchronous lookup waits in `Atomics.wait`). `/moved/<anything>` answers `302` with the `Location` given.
 */
export interface DripServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Requests received so far. */
  requests(): Promise<number>;
  /** Stops the child. */
  close(): Promise<void>;
}

const SCRIPT = `
const http = require('node:http');
const [intervalMs, location] = [Number(process.argv[1]), process.argv[2]];
let requests = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/__requests') return res.end(String(requests));
  requests += 1;
  if (req.url.startsWith('/moved/')) return res.writeHead(302, { location }).end();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), intervalMs);
  res.on('close', () => clearInterval(timer));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** Starts a {@link DripServer} whose bodies drip a byte every `intervalMs`; `/moved/…` redirects to `location`. */
export function startDripServer(intervalMs = 100, location = 'http://[zz'): Promise<DripServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, String(intervalMs), location], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => {
      const origin = `http://127.0.0.1:${chunk.toString().trim()}`;
      resolve({
        origin,
        requests: async () => Number(await (await fetch(`${origin}/__requests`)).text()),
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            // Closing its stdin ends the child (it also ends when this process dies).
            child.stdin!.end();
          }),
      });
    });
  });
}
