import { forTerminal, quoteForMessage } from '../sinks/terminal';
import { InvalidJsonError } from '../errors/files';

/**
 * Where and why a text is not valid JSON: positions and words, never a slice of the text, so any of it can go
 * into a message.
 */
export interface JsonSyntaxProblem {
  /** 0-based offset (UTF-16 units) of the first wrong character or conflict-marker line; the length if cut short. */
  readonly offset: number;
  /** 1-based line of `offset`. */
  readonly line: number;
  /** 1-based column of `offset` (UTF-16 code units). */
  readonly column: number;
  /** What is wrong there, in words; quotes at most one character, escaped for a terminal. */
  readonly problem: string;
  /** Whether the error is a merge-conflict marker line (`<<<<<<<`, `=======`, `>>>>>>>`). */
  readonly conflictMarker: boolean;
  /** Whether the text ends while a value is still open (cut short); `false` for a text with no value at all. */
  readonly truncated: boolean;
  /** Whether the text starts with a byte-order mark (U+FEFF), which JSON does not allow. */
  readonly byteOrderMark: boolean;
  /** The code point at `offset` (`undefined` at the end): a number, inert until a caller escapes it. */
  readonly codePoint?: number;
}

// A line that git writes around a conflict. Such a line can never be inside a JSON string (a string
// cannot hold a raw line break), so in text that fails to parse it is the cause worth naming.
const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/m;

const EMPTY = 'the file is empty';
const ENDS_EARLY = 'the text ends before the JSON is complete';

/**
 * Parses JSON text from the file `file`, read as `what` (`snapshot`, `plan`), or throws {@link InvalidJsonError}
 * with the line and column. `JSON.parse`'s own error is neither shown nor kept as the cause: its message quotes the
 * input, which could be a secret, a terminal escape sequence or a megabyte of garbage.
 */
export function parseJsonText(text: string, file: string, what: string): unknown {
  const data = parseJsonOrUndefined(text);
  if (data === undefined) throw new InvalidJsonError(file, what, locateJsonSyntaxError(text));
  return data;
}

/** The JSON value of `text`, or `undefined` when it is not JSON: `JSON.parse`'s message, which quotes it, is dropped. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Parses the JSON text of a file the user gave, or calls `fail` with where and why it is not JSON
 * (`not valid JSON at line L column C (…)`, see {@link describeJsonSyntaxProblem}).
 */
export function parseJsonOr(text: string, fail: (problem: string) => never): unknown {
  const data = parseJsonOrUndefined(text);
  if (data !== undefined) return data;
  const located = locateJsonSyntaxError(text);
  return fail(located === undefined ? 'not valid JSON' : describeJsonSyntaxProblem(located));
}

/**
 * The first syntax error of a JSON text (RFC 8259, as `JSON.parse` reads it), or `undefined` when it is valid; a
 * merge-conflict marker or a leading byte-order mark is named as such. Iterative, so deep nesting cannot overflow
 * the stack.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const found = firstError(text);
  if (found === undefined) return undefined;
  const conflict = CONFLICT_MARKER.exec(text);
  const byteOrderMark = text.charCodeAt(0) === 0xfeff;
  const { offset, problem } =
    conflict !== null
      ? { offset: conflict.index, problem: `a merge-conflict marker (${conflict[0].trimEnd()})` }
      : byteOrderMark
        ? { offset: 0, problem: 'a byte-order mark (U+FEFF) at the start' }
        : found;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  // The text was consumed to its end with a value open; an empty text has no value open.
  const truncated = found.offset >= text.length && found.problem !== EMPTY;
  const column = offset - lineStart + 1;
  const located = { offset, line, column, problem, conflictMarker: conflict !== null, truncated, byteOrderMark };
  const codePoint = text.codePointAt(offset);
  return codePoint === undefined ? located : { ...located, codePoint };
}

/**
 * The clause `not valid JSON at line L column C (what; hint)` for a message that goes on after it (`diff` and
 * `check` write `<file> is <clause>. <fix>`).
 */
export function describeJsonSyntaxProblem(problem: JsonSyntaxProblem): string {
  const what =
    problem.codePoint === undefined
      ? problem.truncated
        ? 'the text ends too early'
        : 'the file is empty'
      : `unexpected ${describeCodePoint(problem.codePoint)}`;
  const hint = problem.conflictMarker
    ? 'it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict first'
    : problem.byteOrderMark
      ? 'it starts with a byte-order mark: save it as UTF-8 without BOM'
      : undefined;
  const detail = hint === undefined ? what : `${what}; ${hint}`;
  return `not valid JSON at line ${problem.line} column ${problem.column} (${detail})`;
}

/** `"<"` for a printable ASCII character; `character \x1b (U+001B)` for any other. */
function describeCodePoint(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return cp >= 0x21 && cp <= 0x7e
    ? `"${ch}"`
    : `character ${forTerminal(ch)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'afterValue';

function firstError(text: string): { offset: number; problem: string } | undefined {
  const open: number[] = []; // 0x7b `{` or 0x5b `[`
  let state: State = 'value';
  let i = 0;
  for (;;) {
    i = skipWhitespace(text, i);
    if (i >= text.length) {
      if (state === 'afterValue' && open.length === 0) return undefined;
      // Still expecting the first value: nothing but whitespace came before.
      const empty = state === 'value' && open.length === 0;
      return { offset: i, problem: empty ? EMPTY : ENDS_EARLY };
    }
    const c = text.charCodeAt(i);
    if ((state === 'keyOrClose' && c === 0x7d) || (state === 'valueOrClose' && c === 0x5d)) {
      open.pop();
      state = 'afterValue';
      i += 1;
      continue;
    }
    if (state === 'afterValue') {
      const top = open[open.length - 1];
      if (top === undefined) return { offset: i, problem: `unexpected ${describe(text, i)} after the JSON value` };
      if (c === 0x2c) {
        state = top === 0x7b ? 'key' : 'value';
        i += 1;
      } else if ((c === 0x7d && top === 0x7b) || (c === 0x5d && top === 0x5b)) {
        open.pop();
        i += 1;
      } else {
        return { offset: i, problem: `expected , or ${top === 0x7b ? '}' : ']'} but found ${describe(text, i)}` };
      }
      continue;
    }
    if (state === 'colon') {
      if (c !== 0x3a) return { offset: i, problem: `expected : but found ${describe(text, i)}` };
      state = 'value';
      i += 1;
      continue;
    }
    if (state === 'key' || state === 'keyOrClose') {
      if (c !== 0x22) {
        return { offset: i, problem: `expected a property name in double quotes but found ${describe(text, i)}` };
      }
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      state = 'colon';
      i = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      open.push(c);
      state = c === 0x7b ? 'keyOrClose' : 'valueOrClose';
      i += 1;
      continue;
    }
    const end =
      c === 0x22 ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i);
    if (typeof end !== 'number') return end;
    state = 'afterValue';
    i = end;
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
    else return i;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// The characters that may follow a backslash in a JSON string, besides `u`.
const SHORT_ESCAPES = '"\\/bfnrt';

function scanString(text: string, start: number): number | { offset: number; problem: string } {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { offset: i, problem: 'a string is not closed' };
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, problem: `a string holds a raw control character (${describe(text, i)})` };
    if (c !== 0x5c) {
      i += 1;
      continue;
    }
    // A text cut inside an escape is cut short, not malformed.
    if (i + 1 >= text.length) return { offset: text.length, problem: 'a string is not closed' };
    const e = text.charCodeAt(i + 1);
    if (e === 0x75) {
      for (let k = 2; k < 6; k += 1) {
        if (i + k >= text.length) return { offset: text.length, problem: 'a string is not closed' };
        if (!isHex(text.charCodeAt(i + k))) return { offset: i, problem: 'a \\u escape needs four hex digits' };
      }
      i += 6;
    } else if (SHORT_ESCAPES.includes(text[i + 1])) {
      i += 2;
    } else {
      return { offset: i, problem: 'a string holds an invalid escape sequence' };
    }
  }
}

function scanNumber(text: string, start: number): number | { offset: number; problem: string } {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i += 1;
  // Points at the number's start (the token that is wrong), unless the text ends inside it.
  const bad = (at: number) =>
    at >= text.length ? { offset: at, problem: ENDS_EARLY } : { offset: start, problem: 'a number is malformed' };
  if (text.charCodeAt(i) === 0x30) {
    i += 1;
  } else if (isDigit(text.charCodeAt(i))) {
    while (isDigit(text.charCodeAt(i))) i += 1;
  } else {
    return bad(i);
  }
  if (text.charCodeAt(i) === 0x2e) {
    i += 1;
    if (!isDigit(text.charCodeAt(i))) return bad(i);
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i += 1;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i += 1;
    if (!isDigit(text.charCodeAt(i))) return bad(i);
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  return i;
}

function scanLiteral(text: string, start: number): number | { offset: number; problem: string } {
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, start)) return start + word.length;
    // `tru` at the end of the text: cut short, not a wrong word.
    if (text.length - start < word.length && word.startsWith(text.slice(start))) {
      return { offset: text.length, problem: ENDS_EARLY };
    }
  }
  return { offset: start, problem: `unexpected ${describe(text, start)}` };
}

/** One character, quoted and escaped for a terminal: `"<"`, `"\x1b"`. */
function describe(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  if (cp === undefined) return 'the end of the text';
  return `character "${quoteForMessage(String.fromCodePoint(cp))}"`;
}
