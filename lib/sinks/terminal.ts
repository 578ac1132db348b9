// Text from outside shown on a terminal or in a cdktf annotation must not drive the terminal (ESC sequences, OSC
// titles and links) nor reorder or hide text (bidi and invisible characters, "Trojan Source"): they are escaped.

// C0 controls, DEL, C1 controls; bidi embeddings/overrides/isolates and marks; characters that print nothing or
// hide what follows: zero-width characters and BOM, soft hyphen, Mongolian vowel separator, Hangul fillers,
// interlinear annotation marks, and the Unicode tag characters (invisible "ASCII smuggling"). Variation selectors
// stay: they only choose a glyph's style (the reports' own ⚠️ is U+26A0 U+FE0F).
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** Whether `text` holds a character {@link forTerminal} would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  return forTerminal(text) !== text;
}

/** `text` with each control, bidi or invisible formatting character written as `\xNN` or `\u{NNNN}`. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}

/** A value quoted in a message, cut at 80 characters (a finding's `value` keeps all of it). */
export function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/** Longest piece of outside text quoted in a message; longer text is cut with a note of its length. */
export const MAX_QUOTED_LENGTH = 200;

/** Outside text for a one-line message: escaped for the terminal and cut to {@link MAX_QUOTED_LENGTH}. */
export function quoteForMessage(text: string, max: number = MAX_QUOTED_LENGTH): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
  return forTerminal(cut);
}
