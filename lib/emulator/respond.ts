import { STATUS_CODES, type ServerResponse } from 'node:http';
import { FAILURES, failureBody, type ApiAnswer } from './envelope';
import type { FaultRule } from './types';

/** Writes a JSON answer (Cloudflare sends `application/json` without a charset). */
export function sendAnswer(res: ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(answer.body) ?? 'null';
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    ...answer.headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes a raw body with the given type; `headers` are added last (they may replace the type). */
export function sendRaw(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers?: Record<string, string>,
): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The answer of a `status` fault: the rule's body, or a failure envelope with a synthetic code (status × 10). */
export function statusFaultAnswer(rule: FaultRule): ApiAnswer {
  const status = rule.status ?? 500;
  const body =
    rule.body !== undefined
      ? rule.body
      : failureBody({ code: status * 10, message: `${status} ${STATUS_CODES[status] ?? 'Error'} (emulated fault)` });
  return { status, body };
}

/** The answer of a `rate-limit` fault: 429, code 971, `Retry-After` as given (default "1", "" for none). */
export function rateLimitAnswer(rule: FaultRule): ApiAnswer {
  const retryAfter = rule.retryAfter ?? '1';
  return {
    status: rule.status ?? FAILURES.rateLimited.status,
    body: rule.body ?? failureBody({ code: FAILURES.rateLimited.code, message: FAILURES.rateLimited.message }),
    headers: retryAfter === '' ? {} : { 'retry-after': retryAfter },
  };
}

/** A proxy-style HTML error page, like the one Cloudflare's edge shows for an unreachable origin. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

/** The default body of a `malformed` fault: JSON cut off mid-object. */
export const MALFORMED_BODY = '{"success":true,"errors":[],"messages":[],"result":[{"origin_ip":"192.0.2.1","vendor":';

/**
 * Sends the first half of `answer` while declaring its full `Content-Length`, then destroys the
 * socket once that half is flushed: the client sees a body that ends early.
 */
export function sendTruncated(res: ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed || res.headersSent) return;
  const text = Buffer.from(JSON.stringify(answer.body) ?? 'null');
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': text.length });
  res.write(text.subarray(0, Math.max(1, Math.floor(text.length / 2))), () => res.socket?.destroy());
}

/** Default body size of an `oversize` fault. */
export const DEFAULT_OVERSIZE_BYTES = 32 * 1024 * 1024;

/**
 * Streams a syntactically valid list envelope of about `bytes` bytes (chunked, no Content-Length),
 * honouring backpressure and stopping as soon as the client goes away.
 */
export async function sendOversize(res: ServerResponse, bytes: number, closing: AbortSignal): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(200, { 'content-type': 'application/json' });
  const head = '{"success":true,"errors":[],"messages":[],"result":[';
  const item = '{"origin_ip":"192.0.2.1","vendor":"aws","region":"us-east-1","modified_on":"2026-03-01T12:00:00Z"}';
  const chunk = Array.from({ length: Math.ceil(65536 / (item.length + 1)) }, () => item).join(',');
  let sent = head.length;
  let first = true;
  if (!res.write(head)) await drained(res);
  while (sent < bytes && !res.destroyed && !closing.aborted) {
    const piece = (first ? '' : ',') + chunk;
    first = false;
    sent += piece.length;
    if (!res.write(piece)) await drained(res);
  }
  if (!res.destroyed) res.end('],"result_info":{"page":1,"per_page":20,"count":0,"total_count":0,"total_pages":0}}');
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
