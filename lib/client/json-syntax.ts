/**
 * Where a text stops being JSON, found without `JSON.parse`'s error message: V8 quotes a slice of the
 * input in it (`Unexpected token 'T', "TOK_9f8e"... is not valid JSON`), and that slice is exactly the
 * part of a body no redaction has seen. This scanner reports a position instead, never the bytes.
 */

/** Where and how a text fails to be JSON. */
export interface JsonSyntaxProblem {
  /** Offset (UTF-16 code units, from 0) of the first character that cannot continue the JSON; the text's length when it ended early. */
  readonly offset: number;
  /** Line of {@link offset}, from 1. */
  readonly line: number;
  /** Column of {@link offset} on its line, from 1. */
  readonly column: number;
  /** Whether the text ended while a value was still open (a cut body), rather than holding a wrong character. */
  readonly truncated: boolean;
}

// Character codes the scanner compares against.
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
// The characters allowed after a backslash, besides `u`: " \ / b f n r t.
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

// Thrown to unwind the scanner at the first problem (one instance: no stack is captured per body).
const STOP = new Error('not JSON');

/**
 * The first place `text` is not JSON (RFC 8259, as `JSON.parse` reads it), or `undefined` when it is
 * JSON. Iterative, so a hostile body nested a million levels deep cannot overflow the stack.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let stopped: { offset: number; truncated: boolean } | undefined;
  try {
    scan(text, (offset) => {
      stopped = { offset, truncated: offset >= text.length };
      throw STOP;
    });
    return undefined;
  } catch (error) {
    if (error !== STOP || stopped === undefined) throw error;
    return locate(text, stopped.offset, stopped.truncated);
  }
}

function locate(text: string, offset: number, truncated: boolean): JsonSyntaxProblem {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1, truncated };
}

function scan(text: string, fail: (at: number) => never): void {
  const length = text.length;
  // NaN past the end: every comparison with it is false, so running off the end is caught where it matters.
  const at = (i: number): number => text.charCodeAt(i);
  let pos = 0;
  const skipSpace = (): void => {
    for (let c = at(pos); c === SPACE || c === LF || c === CR || c === TAB; c = at(++pos));
  };
  const expectWord = (word: string): void => {
    for (let i = 0; i < word.length; i++) if (at(pos + i) !== word.charCodeAt(i)) fail(pos + i);
    pos += word.length;
  };
  const scanString = (): void => {
    pos++; // the opening quote
    for (;;) {
      if (pos >= length) fail(pos);
      const c = at(pos);
      if (c === QUOTE) {
        pos++;
        return;
      }
      if (c === BACKSLASH) {
        const e = at(pos + 1);
        if (e === LOWER_U) {
          for (let i = 2; i < 6; i++) if (!isHex(at(pos + i))) fail(pos + i);
          pos += 6;
        } else if (SHORT_ESCAPES.has(e)) pos += 2;
        else fail(pos + 1);
        continue;
      }
      if (c < SPACE) fail(pos);
      pos++;
    }
  };
  const digits = (): void => {
    if (!isDigit(at(pos))) fail(pos);
    while (isDigit(at(pos))) pos++;
  };
  const scanNumber = (): void => {
    if (at(pos) === MINUS) pos++;
    if (at(pos) === ZERO) pos++;
    else digits();
    if (at(pos) === DOT) {
      pos++;
      digits();
    }
    if (at(pos) === LOWER_E || at(pos) === UPPER_E) {
      pos++;
      if (at(pos) === PLUS || at(pos) === MINUS) pos++;
      digits();
    }
  };
  const scanKey = (): void => {
    skipSpace();
    if (at(pos) !== QUOTE) fail(pos);
    scanString();
    skipSpace();
    if (at(pos) !== COLON) fail(pos);
    pos++;
  };

  // Closers of the containers still open, innermost last.
  const open: number[] = [];
  for (;;) {
    // A value is expected here.
    skipSpace();
    const c = at(pos);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const closer = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
      pos++;
      skipSpace();
      if (at(pos) !== closer) {
        open.push(closer);
        if (closer === CLOSE_OBJECT) scanKey();
        continue;
      }
      pos++;
    } else if (c === QUOTE) scanString();
    else if (c === MINUS || isDigit(c)) scanNumber();
    else if (c === 0x74) expectWord('true');
    else if (c === 0x66) expectWord('false');
    else if (c === 0x6e) expectWord('null');
    else fail(pos);

    // A value ended: close containers, or go on to the next member.
    for (;;) {
      skipSpace();
      const closer = open.at(-1);
      if (closer === undefined) {
        if (pos < length) fail(pos);
        return;
      }
      const next = at(pos);
      if (next === COMMA) {
        pos++;
        if (closer === CLOSE_OBJECT) scanKey();
        break;
      }
      if (next !== closer) fail(pos);
      pos++;
      open.pop();
    }
  }
}
