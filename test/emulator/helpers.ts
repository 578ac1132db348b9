import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** A zone id made from a small number: zone(1) = '000…001'. */
export function zone(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** The default token header of the emulator. */
export const BEARER = { authorization: 'Bearer emulator-token' };

/** What a raw HTTP exchange gave: the response (as far as it came) and how it ended. */
export interface RawResponse {
  status?: number;
  headers?: IncomingHttpHeaders;
  text: string;
  bytes: number;
  /** Set when the connection failed or the body ended early (the error's code or message). */
  error?: string;
  ms: number;
}

/**
 * One request on a fresh connection with node:http: no retries, no body parsing, so each fault is
 * observed exactly as a client would see it. `maxBytes` stops reading (and closes) past that size.
 */
export function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; maxBytes?: number } = {},
): Promise<RawResponse> {
  const started = Date.now();
  const payload =
    init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return new Promise((resolve) => {
    const out: RawResponse = { text: '', bytes: 0, ms: 0 };
    let settled = false;
    const done = (error?: Error): void => {
      if (settled) return;
      settled = true;
      if (error) out.error = (error as NodeJS.ErrnoException).code ?? error.message;
      out.ms = Date.now() - started;
      resolve(out);
    };
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...init.headers,
        },
      },
      (res) => {
        out.status = res.statusCode;
        out.headers = res.headers;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          out.bytes += chunk.length;
          if (init.maxBytes !== undefined && out.bytes > init.maxBytes) {
            res.destroy();
            done(new Error('max-bytes'));
            return;
          }
          chunks.push(chunk);
        });
        const finish = (error?: Error): void => {
          out.text = Buffer.concat(chunks).toString('utf8');
          done(error);
        };
        res.on('end', () => finish());
        res.on('error', (error) => finish(error));
        res.on('close', () => finish(res.complete ? undefined : new Error('incomplete')));
      },
    );
    req.on('error', (error) => done(error));
    req.end(payload);
  });
}

/** JSON of a raw response (throws when it is not JSON). */
export function json(res: RawResponse): Record<string, unknown> {
  return JSON.parse(res.text) as Record<string, unknown>;
}
