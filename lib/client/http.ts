import type { Dispatcher } from 'undici';
import { formatError } from './body';

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
 */
export async function sendOnce(pool: Dispatcher, req: AttemptRequest): Promise<HttpAnswer> {
  const attempt = new AbortController();
  const timer = setTimeout(
    () => attempt.abort(new AttemptTimedOut(`no complete answer within ${req.timeoutMs} ms`)),
    req.timeoutMs,
  );
  try {
    return await send(pool, req, AbortSignal.any([req.signal, attempt.signal]));
  } finally {
    clearTimeout(timer);
  }
}

async function send(pool: Dispatcher, req: AttemptRequest, signal: AbortSignal): Promise<HttpAnswer> {
  const res = await pool.request({
    method: 'GET',
    path: req.path,
    headers: req.headers,
    signal,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
  });
  const contentType = header(res.headers['content-type']);
  const ctx = { request: req.label, status: res.statusCode, contentType, redact: req.redact };
  const declared = Number(header(res.headers['content-length']));
  if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
    res.body.destroy();
    throw formatError(ctx, `the body is ${declared} bytes, over the ${req.maxBodyBytes}-byte limit (maxBodyBytes)`, '');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > req.maxBodyBytes) {
        const head = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, 200));
        res.body.destroy();
        throw formatError(
          ctx,
          `the body passed the ${req.maxBodyBytes}-byte limit (maxBodyBytes) and was abandoned`,
          head,
        );
      }
      chunks.push(buf);
    }
  } catch (error) {
    if (!res.body.destroyed) res.body.destroy();
    throw error;
  }
  return {
    status: res.statusCode,
    contentType,
    retryAfter: header(res.headers['retry-after']),
    text: Buffer.concat(chunks).toString('utf8'),
  };
}
