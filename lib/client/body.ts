import { ResponseFormatError } from './errors';

/**
 * Pure helpers that turn a response body into JSON, or into an error that says what came back.
 */

/** What the caller knows about the answer a body came with. */
export interface AnswerContext {
  /** For example `GET /client/v4/zones/…/origin/cloud_regions?page=2&per_page=100`. */
  readonly request: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** Replaces credentials with `[REDACTED]`. */
  readonly redact: (text: string) => string;
}

const PREVIEW_CHARS = 120;

/** The first characters of a body, on one line, with credentials redacted: safe to put in a message. */
export function bodyPreview(text: string, redact: (text: string) => string): string {
  // Redact before cutting: a secret split by the cut would no longer match.
  const flat = redact(text.slice(0, PREVIEW_CHARS * 8))
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
  return JSON.stringify(cut);
}

/** A one-line description of an answer: `HTTP 502 (text/html), body starts "<html>…"`. */
export function describeAnswer(ctx: AnswerContext, text: string): string {
  const type = ctx.contentType ? ` (${ctx.contentType})` : ' (no content type)';
  const body = text.length === 0 ? 'an empty body' : `body starts ${bodyPreview(text, ctx.redact)}`;
  return `HTTP ${ctx.status}${type}, ${body}`;
}

/** Builds a {@link ResponseFormatError} for an answer this client cannot use. */
export function formatError(
  ctx: AnswerContext,
  problem: string,
  text: string,
  options?: ErrorOptions,
): ResponseFormatError {
  const message = `${ctx.request} answered ${describeAnswer(ctx, text)}: ${problem}. This is a problem on the server or a proxy between you and it: retry later, and if it persists check that CLOUDFLARE_BASE_URL points at the Cloudflare API (https://api.cloudflare.com/client/v4).`;
  return new ResponseFormatError(ctx.status, ctx.contentType, ctx.redact(message), options);
}

/**
 * Parses a body as JSON.
 * @throws {@link ResponseFormatError} for an empty body, an HTML page, or anything else that is not complete JSON
 */
export function parseJsonBody(ctx: AnswerContext, text: string): unknown {
  if (text.trim().length === 0) throw formatError(ctx, 'expected a JSON envelope, got an empty body', text);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) throw formatError(ctx, 'expected a JSON envelope, got an HTML or XML page', text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const truncated = /end of (JSON )?input|Unterminated/i.test(reason);
    throw formatError(
      ctx,
      truncated ? `the JSON is truncated (${reason})` : `the body is not valid JSON (${reason})`,
      text,
    );
  }
}
