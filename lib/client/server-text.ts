import { MAX_QUOTED_LENGTH, forTerminal, quoteForMessage } from '../sinks/terminal';

/**
 * Text a server sent (an error message, a header, a piece of a body), made fit to quote in one of the
 * client's error messages: credentials redacted first (before any cut could split one), then cut to
 * `max` characters and every control, bidi or invisible character shown as a visible escape, so that the
 * message stays one inert line on a terminal or in an annotation.
 */
export function quoteServerText(
  text: string,
  redact: (text: string) => string,
  max: number = MAX_QUOTED_LENGTH,
): string {
  return quoteForMessage(redact(text), max);
}

/** Like {@link quoteServerText}, in double quotes with JSON's escapes (`"…\"…"`), for text that may be blank. */
export function quoteServerString(
  text: string,
  redact: (text: string) => string,
  max: number = MAX_QUOTED_LENGTH,
): string {
  const safe = redact(text);
  const cut = safe.length > max ? `${safe.slice(0, max)}…` : safe;
  return forTerminal(JSON.stringify(cut));
}
