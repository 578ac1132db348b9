import type { Dispatcher } from 'undici';
import { formatError, type AnswerContext } from './body';
import { abortError } from './operation';

/** A complete HTTP answer: status, the headers this client uses, and the whole body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly retryAfter: string | undefined;
  readonly text: string;
}

interface AttemptRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Time allowed for the headers and the whole body together. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal;
  /** This request in messages: `GET /client/v4/zones/…`. */
  readonly label: string;
  readonly redact: (text: string) => string;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Why an attempt was aborted when its `timeoutMs` passed (the code is classified as retryable). */
class AttemptTimedOut extends Error {
  public readonly code = 'OCR_ATTEMPT_TIMEOUT';
}

/**
 * Sends one request and reads the whole body, whatever the status (an unread body would hold its connection); a
 * body over `maxBodyBytes` is abandoned mid-stream. The attempt ends after `timeoutMs` in all: undici's
 * `bodyTimeout` only limits each pause between chunks, so a server dripping bytes would otherwise hold it forever.
 *
 * Read through undici's `dispatch` with a handler that collects the chunks, not through `request`: `request` builds
 * a readable stream, its async iterator and a combined abort signal for every answer. Without them a 35-page `list`
 * sends its last request about 3 ms sooner, and the whole process takes 1.7% less wall time and 3% less CPU (25
 * paired runs, docs/performance.md). The attempt also ends at its timeout when undici has not started the request
 * yet (a connection still being made), where `request` waited for the start to abort it.
 */
export function sendOnce(pool: Dispatcher, req: AttemptRequest): Promise<HttpAnswer> {
  const { signal } = req;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<HttpAnswer>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let stopReason: Error | undefined;
    let ctx: AnswerContext | undefined;
    let retryAfter: string | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (error: Error): void => void (settle() && reject(error));
    // Ends the attempt now, and the request as soon as undici has started it.
    const stop = (reason: Error): void => {
      stopReason ??= reason;
      fail(reason);
      controller?.abort(reason);
    };
    const onAbort = (): void => stop(abortError(signal));
    const timer = setTimeout(
      () => stop(new AttemptTimedOut(`no complete answer within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    const abandon = (c: Dispatcher.DispatchController, problem: string, head: string): void => {
      fail(formatError(ctx!, problem, head));
      c.abort(new Error(problem));
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (c) => {
        controller = c;
        if (stopReason !== undefined) c.abort(stopReason);
      },
      onResponseStart: (c, status, headers) => {
        retryAfter = header(headers['retry-after']);
        ctx = { request: req.label, status, contentType: header(headers['content-type']), redact: req.redact };
        const declared = Number(header(headers['content-length']));
        if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
          abandon(c, `the body is ${declared} bytes, over the ${req.maxBodyBytes}-byte limit (maxBodyBytes)`, '');
        }
      },
      onResponseData: (c, chunk) => {
        if (settled) return;
        size += chunk.length;
        if (size > req.maxBodyBytes) {
          const head = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, 200));
          abandon(c, `the body passed the ${req.maxBodyBytes}-byte limit (maxBodyBytes) and was abandoned`, head);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        if (!settle()) return;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: ctx!.status, contentType: ctx!.contentType, retryAfter, text });
      },
      onResponseError: (_c, error) => fail(error),
    };
    try {
      pool.dispatch(
        {
          method: 'GET',
          path: req.path,
          headers: req.headers,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
