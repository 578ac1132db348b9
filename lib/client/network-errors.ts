import { quoteServerText } from './server-text';

/**
 * Pure classification of the errors a connection can throw (Node's and undici's codes).
 */

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'OCR_ATTEMPT_TIMEOUT',
]);

const DESCRIPTIONS: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused (nothing listening)',
  EPIPE: 'the connection broke while sending',
  ETIMEDOUT: 'the connection timed out',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ENOTFOUND: 'the host name does not resolve',
  UND_ERR_SOCKET: 'the server closed the connection mid-answer',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers arrived within the attempt timeout',
  UND_ERR_BODY_TIMEOUT: 'the body stalled past the attempt timeout',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the body was shorter than its Content-Length (truncated)',
  OCR_ATTEMPT_TIMEOUT: 'the answer (headers and body) did not complete within the attempt timeout',
};

/** The error codes found on `error` and its `cause` chain, outermost first. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether a connection-level error is worth another attempt (resets, refusals, timeouts, closed sockets). */
export function isRetryableNetworkError(error: unknown): boolean {
  return errorCodes(error).some((code) => RETRYABLE_CODES.has(code));
}

/**
 * A short, human description of a connection-level error, for example `the connection was reset (ECONNRESET)`.
 * An error this module does not know is described by its message and code, redacted with `redact`,
 * escaped and cut (a library's message may quote what the server sent).
 */
export function describeNetworkError(error: unknown, redact: (text: string) => string = (t) => t): string {
  const codes = errorCodes(error);
  const known = codes.find((code) => Object.hasOwn(DESCRIPTIONS, code));
  if (known) return `${DESCRIPTIONS[known]} (${known})`;
  const message = quoteServerText(error instanceof Error ? error.message : String(error), redact);
  return codes.length > 0 ? `${message} (${quoteServerText(codes[0], redact, 60)})` : message;
}
