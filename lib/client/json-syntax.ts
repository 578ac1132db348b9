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

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

// Thrown inside the scanner only, to stop at the first problem; never escapes this module.
class Stop extends Error {
  public constructor(
    public readonly offset: number,
    public readonly truncated: boolean,
  ) {
    super('not JSON');
  }
}

/**
 * The first place `text` is not JSON (RFC 8259, as `JSON.parse` reads it), or `undefined` when it is
 * JSON. Iterative, so a hostile body nested a million levels deep cannot overflow the stack.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return locate(text, error.offset, error.truncated);
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

function scan(text: string): void {
  let pos = 0;
  const fail = (at: number): never => {
    throw new Stop(at, at >= text.length);
  };
  const skipSpace = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos])) pos++;
  };
  const expectWord = (word: string): void => {
    for (let i = 0; i < word.length; i++) if (text[pos + i] !== word[i]) fail(pos + i);
    pos += word.length;
  };
  const scanString = (): void => {
    pos++; // the opening quote
    for (;;) {
      if (pos >= text.length) fail(pos);
      const c = text[pos];
      if (c === '"') {
        pos++;
        return;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          for (let i = 2; i < 6; i++) if (!isHex(text[pos + i])) fail(pos + i);
          pos += 6;
        } else if (e !== undefined && ESCAPES.has(e)) pos += 2;
        else fail(pos + 1);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail(pos);
      pos++;
    }
  };
  const scanNumber = (): void => {
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else if (isDigit(text[pos])) while (isDigit(text[pos])) pos++;
    else fail(pos);
    if (text[pos] === '.') {
      pos++;
      if (!isDigit(text[pos])) fail(pos);
      while (isDigit(text[pos])) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!isDigit(text[pos])) fail(pos);
      while (isDigit(text[pos])) pos++;
    }
  };

  // Containers still open, innermost last; after a value, the innermost one says what may follow.
  const open: ('object' | 'array')[] = [];
  for (;;) {
    // A value is expected here.
    skipSpace();
    const c = text[pos];
    if (c === '{' || c === '[') {
      pos++;
      skipSpace();
      if ((c === '{' && text[pos] === '}') || (c === '[' && text[pos] === ']')) {
        pos++;
      } else {
        open.push(c === '{' ? 'object' : 'array');
        if (c === '{') {
          if (text[pos] !== '"') fail(pos);
          scanString();
          skipSpace();
          if (text[pos] !== ':') fail(pos);
          pos++;
        }
        continue;
      }
    } else if (c === '"') scanString();
    else if (c === '-' || isDigit(c)) scanNumber();
    else if (c === 't') expectWord('true');
    else if (c === 'f') expectWord('false');
    else if (c === 'n') expectWord('null');
    else fail(pos);

    // A value ended: close containers, or go on to the next member.
    for (;;) {
      skipSpace();
      const inner = open.at(-1);
      if (inner === undefined) {
        if (pos < text.length) fail(pos);
        return;
      }
      if (text[pos] === ',') {
        pos++;
        if (inner === 'object') {
          skipSpace();
          if (text[pos] !== '"') fail(pos);
          scanString();
          skipSpace();
          if (text[pos] !== ':') fail(pos);
          pos++;
        }
        break;
      }
      if (text[pos] === (inner === 'object' ? '}' : ']')) {
        pos++;
        open.pop();
        continue;
      }
      fail(pos);
    }
  }
}
