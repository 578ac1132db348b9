/** Text that replaces a secret wherever one would have been printed. */
export const REDACTED = '[REDACTED]';

// Shorter secrets are not redacted: matching them would mangle ordinary text.
const MIN_SECRET_LENGTH = 4;
// Shortest piece of a secret redacted at the very start or end of a text, where a cut may have split it.
const MIN_SECRET_PIECE_LENGTH = 6;
// Shortest secret whose base64 forms are redacted; shorter ones leave too few characters to match safely.
const MIN_BASE64_SECRET_LENGTH = 8;

/**
 * Replaces every occurrence of each secret (of 4 characters or more) in `text` with `[REDACTED]`, in every form a
 * server or proxy may echo it in, mixed freely within one occurrence: any letter case; URL-encoded, also doubly,
 * with `+` for a space; JSON-escaped (`\u00XX`, surrogate pairs, `\/`, `\"`, `\\`); HTML character
 * references; base64 and base64url at any alignment (secrets of 8 characters or more); and a piece of 6 characters
 * or more at the very start or end of `text`, where a cut splits one. Cut text after redacting it, never before.
 *
 * How: `text` and each secret are brought to one canonical form (escapes decoded, lower-cased, `+` read as a space)
 * and what matched is cut out of the original text. No regular expression is built per secret.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const usable = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)),
  ];
  if (usable.length === 0 || text.length === 0) return text;
  const canon = canonicalForm(text);
  const ranges: [number, number][] = [];
  for (const secret of usable) {
    const forms = formsOf(secret);
    for (const found of occurrences(canon.text, forms.canonical)) {
      ranges.push([canon.from[found], canon.to[found + forms.canonical.length - 1]]);
    }
    for (const core of forms.base64) {
      for (const found of occurrences(text, core)) ranges.push([found, found + core.length]);
    }
    const atEnd = longestPiece(canon.text, forms.canonical, true);
    if (atEnd > 0) ranges.push([canon.from[canon.text.length - atEnd], text.length]);
    const atStart = longestPiece(canon.text, forms.canonical, false);
    if (atStart > 0) ranges.push([0, canon.to[atStart - 1]]);
  }
  return ranges.length === 0 ? text : cutOut(text, ranges);
}

function cutOut(text: string, ranges: [number, number][]): string {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let out = '';
  let kept = 0;
  let [start, end] = ranges[0];
  for (const [s, e] of ranges.slice(1)) {
    if (s < end) {
      end = Math.max(end, e);
      continue;
    }
    out += text.slice(kept, start) + REDACTED;
    kept = end;
    [start, end] = [s, e];
  }
  return out + text.slice(kept, start) + REDACTED + text.slice(end);
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) found.push(i);
  return found;
}

// The length of the longest piece of `secret` (at least MIN_SECRET_PIECE_LENGTH, shorter than the whole) that
// `text` ends with (a prefix of the secret) or starts with (a suffix).
function longestPiece(text: string, secret: string, atEnd: boolean): number {
  for (let k = Math.min(secret.length - 1, text.length); k >= MIN_SECRET_PIECE_LENGTH; k--) {
    if (atEnd ? text.endsWith(secret.slice(0, k)) : text.startsWith(secret.slice(secret.length - k))) return k;
  }
  return 0;
}

interface SecretForms {
  readonly canonical: string;
  /** The base64 and base64url characters that depend on the secret alone, at each alignment. */
  readonly base64: readonly string[];
}

// A client redacts with the same few secrets all its life. Bounded, in case a caller passes ever-new ones.
const FORMS = new Map<string, SecretForms>();
const MAX_CACHED_FORMS = 64;

function formsOf(secret: string): SecretForms {
  let forms = FORMS.get(secret);
  if (forms === undefined) {
    const canonical = canonicalForm(secret).text;
    // A secret made mostly of escapes (`%41%42`) could shrink to a common word: then match it only as written.
    forms = {
      canonical: canonical.length >= MIN_SECRET_LENGTH ? canonical : secret.toLowerCase(),
      base64: base64Cores(secret),
    };
    if (FORMS.size >= MAX_CACHED_FORMS) FORMS.clear();
    FORMS.set(secret, forms);
  }
  return forms;
}

// At each of the three alignments inside a longer encoded string: only the characters of the secret's bytes alone.
function base64Cores(secret: string): string[] {
  if (secret.length < MIN_BASE64_SECRET_LENGTH) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Character k covers bits [6k, 6k + 6); keep those entirely inside the secret's bits.
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length < MIN_BASE64_SECRET_LENGTH) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...cores];
}

/** A text in canonical form; unit `i` came from `[from[i], to[i])` of the original text. */
interface Canonical {
  readonly text: string;
  readonly from: Int32Array;
  readonly to: Int32Array;
}

// `text` with each escape decoded, then lower-cased, with `+` read as a space.
function canonicalForm(text: string): Canonical {
  const parts: string[] = [];
  const from = new Int32Array(text.length * 2 + 2);
  const to = new Int32Array(text.length * 2 + 2);
  let n = 0;
  const add = (folded: string, start: number, end: number): void => {
    parts.push(folded);
    for (let k = 0; k < folded.length; k++, n++) {
      from[n] = start;
      to[n] = end;
    }
  };
  for (let i = 0; i < text.length;) {
    // A run without escape characters is folded in one go when that keeps its length (nearly always).
    ESCAPE_START.lastIndex = i;
    const stop = ESCAPE_START.test(text) ? ESCAPE_START.lastIndex - 1 : text.length;
    if (stop > i) {
      const run = text.slice(i, stop);
      const folded = run.toLowerCase();
      if (folded.length === run.length) {
        parts.push(folded);
        for (let k = i; k < stop; k++, n++) {
          from[n] = k;
          to[n] = k + 1;
        }
      } else {
        for (let k = i; k < stop; k++) add(text[k].toLowerCase(), k, k + 1);
      }
      i = stop;
      continue;
    }
    const [decoded, next] = decodeAt(text, i);
    add(decoded.toLowerCase().replace(/\+/g, ' '), i, next);
    i = next;
  }
  return { text: parts.join(''), from: from.subarray(0, n), to: to.subarray(0, n) };
}

// Where an escape may start, or a `+` (read as a space); everything else is copied lower-cased.
const ESCAPE_START = /[%\\&+]/g;
const PERCENT = /%(?:25)*([0-9a-f]{2})/iy;
const JSON_UNICODE = /\\+u([0-9a-f]{4})/iy;
const JSON_SHORT = /\\([/"\\])/y;
const HTML_NUMERIC = /&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));/iy;
const HTML_NAMED = /&(amp|lt|gt|quot|apos);/iy;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function stickyMatch(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

// The character(s) an escape at `text[i]` stands for, and where the escape ends; else the character itself.
function decodeAt(text: string, i: number): [string, number] {
  const c = text[i];
  if (c === '%') {
    const m = stickyMatch(PERCENT, text, i);
    if (m !== null) return decodePercent(text, i, m);
  } else if (c === '\\') {
    const u = stickyMatch(JSON_UNICODE, text, i);
    if (u !== null) return [String.fromCharCode(parseInt(u[1], 16)), i + u[0].length];
    const s = stickyMatch(JSON_SHORT, text, i);
    if (s !== null) return [s[1], i + 2];
  } else if (c === '&') {
    const m = stickyMatch(HTML_NUMERIC, text, i);
    if (m !== null) {
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (cp <= 0x10ffff) return [String.fromCodePoint(cp), i + m[0].length];
    }
    const named = stickyMatch(HTML_NAMED, text, i);
    if (named !== null) return [NAMED[named[1].toLowerCase()], i + named[0].length];
  }
  return [c, i + 1];
}

// A percent-escaped byte; a UTF-8 lead byte takes its escaped continuation bytes with it.
function decodePercent(text: string, i: number, first: RegExpExecArray): [string, number] {
  const lead = parseInt(first[1], 16);
  let next = i + first[0].length;
  if (lead < 0x80) return [String.fromCharCode(lead), next];
  const more = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  const bytes = [lead];
  for (let k = 0; k < more; k++) {
    const m = stickyMatch(PERCENT, text, next);
    if (m === null) break;
    bytes.push(parseInt(m[1], 16));
    next += m[0].length;
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  // Not valid UTF-8: read the first escape as one Latin-1 character, and go on after it.
  if (bytes.length !== more + 1 || decoded.includes('\ufffd')) {
    return [String.fromCharCode(lead), i + first[0].length];
  }
  return [decoded, next];
}
