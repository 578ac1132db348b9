/**
 * Parsing JSON read from a file, with an error that says where the text stops being JSON without
 * quoting it: V8's own `JSON.parse` message quotes a slice of the text (which may hold a secret or
 * terminal escapes), so it is never shown.
 */
import { forTerminal } from '../sinks/terminal';

/** Where parsing failed: 1-based line and column, and what was found there, in words. */
export interface JsonSyntaxProblem {
  /** 1-based line of the first character that is not valid JSON. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) of that character. */
  readonly column: number;
  /** A short description of the problem, for example `the text ends too early` or `unexpected "<"`. */
  readonly what: string;
  /** A hint for common non-JSON content (merge-conflict markers, a byte-order mark), or `undefined`. */
  readonly hint?: string;
}

/** The result of {@link parseJsonText}: the value, or where it stopped being JSON. */
export type JsonParseResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: JsonSyntaxProblem };

/** Parses JSON text; on failure, says where (line, column) and what, computed without V8's message. */
export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: locateJsonError(text) };
  }
}

/** `not valid JSON at line L column C (what; hint)`, for an error message. */
export function describeJsonProblem(problem: JsonSyntaxProblem): string {
  const detail = problem.hint === undefined ? problem.what : `${problem.what}; ${problem.hint}`;
  return `not valid JSON at line ${problem.line} column ${problem.column} (${detail})`;
}

/** Finds the first position where `text` is not JSON (RFC 8259), with a description. */
export function locateJsonError(text: string): JsonSyntaxProblem {
  const offset = jsonErrorOffset(text);
  const at = offset < 0 ? 0 : offset;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const what =
    at >= text.length
      ? text.trim() === ''
        ? 'the file is empty'
        : 'the text ends too early'
      : `unexpected ${describeCharacter(text, at)}`;
  const problem = { line, column: at - lineStart + 1, what };
  const hint = hintFor(text, at);
  return hint === undefined ? problem : { ...problem, hint };
}

function hintFor(text: string, at: number): string | undefined {
  if (/^(?:<{7}|={7}|>{7})(?: |$)/m.test(text)) {
    return 'it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict first';
  }
  if (at === 0 && text.charCodeAt(0) === 0xfeff)
    return 'it starts with a byte-order mark: save it as UTF-8 without BOM';
  return undefined;
}

function describeCharacter(text: string, at: number): string {
  const cp = text.codePointAt(at) ?? 0;
  const ch = String.fromCodePoint(cp);
  // One character, escaped for the terminal: never a slice of the text.
  return /^[\x21-\x7e]$/.test(ch)
    ? `"${ch}"`
    : `character ${forTerminal(ch)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The offset of the first character that makes `text` invalid JSON, `text.length` when it ends too
 * early, or -1 when it is valid. Iterative (an explicit stack), so deep nesting cannot overflow.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let state: 'value' | 'key' | 'after' = 'value';
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      i += 1;
    }
  };
  // Returns true when a string was read; else `i` points at the offending character.
  const readString = (): boolean => {
    i += 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return false;
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else {
          i += 1;
          return false;
        }
      } else i += 1;
    }
    return false;
  };
  for (;;) {
    skipSpace();
    if (state === 'value') {
      if (i >= n) return n;
      const c = text.charAt(i);
      if (c === '{' || c === '[') {
        i += 1;
        skipSpace();
        if (text.charAt(i) === (c === '{' ? '}' : ']')) {
          i += 1;
          state = 'after';
        } else {
          stack.push(c.charCodeAt(0));
          state = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!readString()) return i;
        state = 'after';
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
        state = 'after';
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (word === undefined) return i;
        i += word.length;
        state = 'after';
      }
    } else if (state === 'key') {
      if (i >= n) return n;
      if (text.charAt(i) !== '"' || !readString()) return i;
      skipSpace();
      if (i >= n) return n;
      if (text.charAt(i) !== ':') return i;
      i += 1;
      state = 'value';
    } else {
      if (stack.length === 0) return i >= n ? -1 : i;
      if (i >= n) return n;
      const top = stack[stack.length - 1];
      const c = text.charAt(i);
      if (c === ',') {
        i += 1;
        state = top === 0x7b ? 'key' : 'value';
      } else if ((top === 0x7b && c === '}') || (top === 0x5b && c === ']')) {
        stack.pop();
        i += 1;
      } else return i;
    }
  }
}
