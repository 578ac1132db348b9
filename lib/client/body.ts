import { locateJsonSyntaxError, parseJsonOrUndefined } from '../files/json-text';
import { MAX_QUOTED_LENGTH, forTerminal, quoteForMessage } from '../sinks/terminal';
import { ResponseFormatError } from '../errors/client';
import { ENV } from '../settings/names';

/** What the caller knows about the answer a body came with. */
export interface AnswerContext {
  /** For example `GET /client/v4/zones/…/origin/cloud_regions?page=2&per_page=100`. */
  readonly request: string;
  readonly status: number;
  /** As the server sent it: quote it only through `quoteServerText`. */
  readonly contentType: string | undefined;
  readonly redact: (text: string) => string;
  readonly zoneId?: string;
}

/**
 * Text a server sent, fit to quote in a message: credentials redacted first (before any cut could split one), then
 * cut to `max` characters and escaped, so that the message stays one inert line on a terminal.
 */
export function quoteServerText(
  text: string,
  redact: (text: string) => string,
  max: number = MAX_QUOTED_LENGTH,
): string {
  return quoteForMessage(redact(text), max);
}

/** Like {@link quoteServerText}, in double quotes with JSON's escapes, for text that may be blank (or the caller's). */
export function quoteServerString(
  text: string,
  redact: (text: string) => string = (t) => t,
  max: number = MAX_QUOTED_LENGTH,
): string {
  const safe = redact(text);
  const cut = safe.length > max ? `${safe.slice(0, max)}…` : safe;
  return forTerminal(JSON.stringify(cut));
}

const PREVIEW_CHARS = 120;
// How much of a body the preview reads: the shown characters plus room for whitespace runs to collapse.
const PREVIEW_WINDOW = PREVIEW_CHARS * 8;
const MAX_CONTENT_TYPE_CHARS = 80;

/** A one-line description of an answer: `HTTP 502 (text/html), body starts "<html>…"`. */
export function describeAnswer(ctx: AnswerContext, text: string): string {
  const type =
    ctx.contentType !== undefined && ctx.contentType !== ''
      ? ` (${quoteServerText(ctx.contentType, ctx.redact, MAX_CONTENT_TYPE_CHARS)})`
      : ' (no content type)';
  // Redact the window itself, before flattening and cutting: redactSecrets also catches a secret the
  // window's end splits, and the flattening may bring that end into the shown characters.
  const flat = ctx.redact(text.slice(0, PREVIEW_WINDOW)).replace(/\s+/g, ' ').trim();
  const body = text.length === 0 ? 'an empty body' : `body starts ${quoteServerString(flat, undefined, PREVIEW_CHARS)}`;
  return `HTTP ${ctx.status}${type}, ${body}`;
}

/** The error for an answer this client cannot use; server text in `problem` must have gone through `quoteServerText`. */
export function formatError(ctx: AnswerContext, problem: string, text: string): ResponseFormatError {
  const message = `${ctx.request} answered ${describeAnswer(ctx, text)}: ${problem}. This is a problem on the server or a proxy between you and it: retry later, and if it persists check that ${ENV.baseUrl} points at the Cloudflare API (https://api.cloudflare.com/client/v4).`;
  const contentType = ctx.contentType === undefined ? undefined : quoteServerText(ctx.contentType, ctx.redact);
  return new ResponseFormatError(ctx.status, contentType, ctx.redact(message));
}

/** Says where `text` stops being JSON, in the client's words: a position, never the bytes there. */
export function describeJsonProblem(text: string): string {
  // A position only: the locator's words may name the character there, and a body is not redacted yet.
  const problem = locateJsonSyntaxError(text);
  if (problem === undefined) return 'the body is not valid JSON';
  if (problem.truncated) {
    return `the JSON is truncated: the body ends after ${text.length} characters with a value still open`;
  }
  return `the body is not valid JSON: it stops being JSON at line ${problem.line}, column ${problem.column} (character ${problem.offset + 1} of ${text.length})`;
}

/** Parses a body as JSON, or throws {@link ResponseFormatError} saying what came instead. */
export function parseJsonBody(ctx: AnswerContext, text: string): unknown {
  if (text.trim().length === 0) throw formatError(ctx, 'expected a JSON envelope, got an empty body', text);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) throw formatError(ctx, 'expected a JSON envelope, got an HTML or XML page', text);
  // Not JSON.parse's message: it quotes unredacted body bytes.
  const json = parseJsonOrUndefined(text);
  if (json === undefined) throw formatError(ctx, describeJsonProblem(text), text);
  return json;
}
