import type { Dispatcher } from 'undici';
import { formatError } from './body';
import { abortError } from './operation';

/** A complete HTTP answer: status, the headers this client uses, and the whole body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly retryAfter: string | undefined;
  readonly text: string;
}

/** One GET, as {@link readAnswer} sends it. */
export interface GetRequest {
  /** For a dispatcher that serves many origins (an `Agent`); a `Pool` knows its own. */
  readonly origin?: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Time allowed for the headers and the whole body together. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal;
  /** The error for a body over `maxBodyBytes`: `declared` when its `content-length` says so, `head` its start. */
  readonly tooLarge: (answer: RawAnswer, declared: number | undefined, head: string) => Error;
}

/** An answer as {@link readAnswer} read it: the body as bytes (empty in the answer given to `tooLarge`). */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** One API attempt: a {@link GetRequest} to the client's pool, named in messages. */
interface AttemptRequest extends Omit<GetRequest, 'origin' | 'tooLarge'> {
  /** This request in messages: `GET /client/v4/zones/…`. */
  readonly label: string;
  readonly redact: (text: string) => string;
}

/** The first value of a header undici gave (a repeated header comes as an array). */
export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Why an attempt was aborted when its `timeoutMs` passed (the code is classified as retryable). */
class AttemptTimedOut extends Error {
  public readonly code = 'OCR_ATTEMPT_TIMEOUT';
}

/**
 * Sends one GET and reads the whole body, whatever the status (an unread body would hold its connection); a body
 * over `maxBodyBytes` is abandoned mid-stream. It ends after `timeoutMs` in all, started by undici or not yet:
 * undici's `bodyTimeout` only limits each pause between chunks, so a server dripping bytes would otherwise hold it
 * forever. `onHeaders` is told when the headers are in (so a caller can say whether an error came before or after).
 *
 * Read through undici's `dispatch` with a handler that collects the chunks, not through its `request` API: `request`
 * builds a readable stream, its async iterator and a combined abort signal for every answer. Without them a 35-page
 * `list` sends its last request about 3 ms sooner, and its whole process takes 1.7% less wall time and 3% less CPU
 * (25 paired runs); and a process that never uses a proxy does not load the API's modules (docs/performance.md).
 */
export function readAnswer(pool: Dispatcher, req: GetRequest, onHeaders?: () => void): Promise<RawAnswer> {
  const { signal } = req;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<RawAnswer>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let stopReason: Error | undefined;
    let answer: RawAnswer = { status: 0, headers: {}, body: Buffer.alloc(0) };
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
    const abandon = (c: Dispatcher.DispatchController, declared: number | undefined): void => {
      const head = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, 200));
      const error = req.tooLarge(answer, declared, head);
      fail(error);
      c.abort(error);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (c) => {
        controller = c;
        if (stopReason !== undefined) c.abort(stopReason);
      },
      onResponseStart: (c, status, headers) => {
        answer = { status, headers, body: answer.body };
        onHeaders?.();
        const declared = Number(header(headers['content-length']));
        if (Number.isFinite(declared) && declared > req.maxBodyBytes) abandon(c, declared);
      },
      onResponseData: (c, chunk) => {
        if (settled) return;
        size += chunk.length;
        if (size > req.maxBodyBytes) return abandon(c, undefined);
        chunks.push(chunk);
      },
      onResponseEnd: () => void (settle() && resolve({ ...answer, body: Buffer.concat(chunks) })),
      onResponseError: (_c, error) => fail(error),
    };
    const { origin, path, headers, timeoutMs } = req;
    try {
      const options = { method: 'GET', path, headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs } as const;
      pool.dispatch(origin === undefined ? options : { ...options, origin }, handler);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** One API attempt: {@link readAnswer}, its body as text, a body over the limit a `ResponseFormatError`. */
export async function sendOnce(pool: Dispatcher, req: AttemptRequest): Promise<HttpAnswer> {
  const contextOf = (raw: RawAnswer) => ({
    request: req.label,
    status: raw.status,
    contentType: header(raw.headers['content-type']),
    redact: req.redact,
  });
  const raw = await readAnswer(pool, {
    ...req,
    tooLarge: (partial, declared, head) =>
      formatError(
        contextOf(partial),
        declared === undefined
          ? `the body passed the ${req.maxBodyBytes}-byte limit (maxBodyBytes) and was abandoned`
          : `the body is ${declared} bytes, over the ${req.maxBodyBytes}-byte limit (maxBodyBytes)`,
        declared === undefined ? head : '',
      ),
  });
  const { status, contentType } = contextOf(raw);
  return { status, contentType, retryAfter: header(raw.headers['retry-after']), text: raw.body.toString('utf8') };
}
