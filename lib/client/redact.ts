/** Text that replaces a secret wherever one would have been printed. */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not redacted: matching them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Shortest piece of a secret redacted at the very start or end of a text, where a cut (a body preview,
 * the first bytes of an oversized body) may have split the secret.
 */
export const MIN_SECRET_PIECE_LENGTH = 6;

/** Shortest secret whose base64 forms are redacted; shorter ones leave too few characters to match safely. */
const MIN_BASE64_SECRET_LENGTH = 8;

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]` (the constant `REDACTED`),
 * in every form a server or proxy may echo it in:
 *
 * - in any letter case (`TOK_…`, `tok_…`, `Secret.Person@…`);
 * - URL-encoded, fully or in part: `%XX` escapes in either hex case (`%40`, `%2f`, `%2F`), doubly
 *   encoded `%25XX`, and form encoding's `+` for a space;
 * - JSON-escaped: `\u00XX` in either hex case (surrogate pairs too), `\/`, `\"`, `\\`;
 * - as HTML character references (`&#64;`, `&#x40;`, `&amp;`);
 * - base64 and base64url of the secret, at any alignment inside a longer encoded string (as in a
 *   `Basic` authorization header), for secrets of 8 characters or more;
 * - and a piece of at least {@link MIN_SECRET_PIECE_LENGTH} characters of a secret at the very start or
 *   end of `text`, which is where a cut from a longer text splits one. Cut text after redacting it,
 *   never before, or redact the cut piece itself.
 *
 * The forms mix freely within one occurrence (`TOK%5FTEST\u005f…`). Secrets shorter than
 * {@link MIN_SECRET_LENGTH} characters are ignored. Every place that prints text which may hold a
 * credential uses this function (the client's `config.redact` wraps it with the client's secrets).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const usable = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  // Longest first, so that a secret holding another one is redacted whole.
  for (const secret of [...new Set(usable)].sort((a, b) => b.length - a.length)) {
    const patterns = patternsOf(secret);
    out = out.replace(patterns.anyForm, REDACTED);
    if (patterns.base64 !== undefined) out = out.replace(patterns.base64, REDACTED);
    if (patterns.pieceAtEnd !== undefined) out = out.replace(patterns.pieceAtEnd, REDACTED);
    if (patterns.pieceAtStart !== undefined) out = out.replace(patterns.pieceAtStart, REDACTED);
  }
  return out;
}

interface SecretPatterns {
  readonly anyForm: RegExp;
  readonly base64: RegExp | undefined;
  readonly pieceAtEnd: RegExp | undefined;
  readonly pieceAtStart: RegExp | undefined;
}

// A client redacts with the same few secrets all its life; compiling their patterns once is what makes
// redacting every debug line cheap. Bounded, in case a caller passes ever-new secrets.
const PATTERNS = new Map<string, SecretPatterns>();
const MAX_CACHED_PATTERNS = 64;

function patternsOf(secret: string): SecretPatterns {
  let patterns = PATTERNS.get(secret);
  if (patterns === undefined) {
    patterns = compilePatterns(secret);
    if (PATTERNS.size >= MAX_CACHED_PATTERNS) PATTERNS.clear();
    PATTERNS.set(secret, patterns);
  }
  return patterns;
}

function compilePatterns(secret: string): SecretPatterns {
  const chars = [...secret].map(characterForms);
  const n = chars.length;
  let pieceAtEnd: RegExp | undefined;
  let pieceAtStart: RegExp | undefined;
  if (n > MIN_SECRET_PIECE_LENGTH) {
    // A prefix of the secret ending the text: the first MIN characters, then each further one optionally.
    let rest = '';
    for (let i = n - 1; i >= MIN_SECRET_PIECE_LENGTH; i--) rest = `(?:${chars[i]}${rest})?`;
    pieceAtEnd = new RegExp(`${chars.slice(0, MIN_SECRET_PIECE_LENGTH).join('')}${rest}$`, 'iu');
    // A suffix of the secret starting the text: the last MIN characters, preceded optionally by the others.
    let lead = '';
    for (let i = 0; i < n - MIN_SECRET_PIECE_LENGTH; i++) lead = `(?:${lead}${chars[i]})?`;
    pieceAtStart = new RegExp(`^${lead}${chars.slice(n - MIN_SECRET_PIECE_LENGTH).join('')}`, 'iu');
  }
  return {
    anyForm: new RegExp(chars.join(''), 'giu'),
    base64: base64Pattern(secret),
    pieceAtEnd,
    pieceAtStart,
  };
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const escapeRegex = (text: string): string => text.replace(REGEX_SYNTAX, '\\$&');
const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

const NAMED_REFERENCES: Readonly<Record<string, readonly string[]>> = {
  '&': ['&amp;'],
  '<': ['&lt;'],
  '>': ['&gt;'],
  '"': ['&quot;'],
  "'": ['&apos;'],
};

// JSON's two-character escapes, beside the \uXXXX form every character has.
const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '/': '\\/' };

/** A regex group matching one character of a secret in any of the forms it may be echoed in. */
function characterForms(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const forms = new Set<string>();
  for (const literal of [char, char.toLowerCase(), char.toUpperCase()]) forms.add(escapeRegex(literal));
  // Percent-encoding of the UTF-8 bytes (hex case is covered by the `i` flag), and of that encoding once more.
  const bytes = [...Buffer.from(char, 'utf8')];
  forms.add(bytes.map((b) => `%${hex(b, 2)}`).join(''));
  forms.add(bytes.map((b) => `%25${hex(b, 2)}`).join(''));
  if (char === ' ') forms.add('\\+');
  // JSON escapes: \uXXXX (a surrogate pair beyond the BMP) and the short forms.
  const units = cp > 0xffff ? [char.charCodeAt(0), char.charCodeAt(1)] : [cp];
  forms.add(units.map((u) => `\\\\u${hex(u, 4)}`).join(''));
  const short = JSON_SHORT_ESCAPES[char];
  if (short !== undefined) forms.add(escapeRegex(short));
  // HTML character references, decimal and hex, with optional leading zeros.
  forms.add(`&#0*${cp};`);
  forms.add(`&#x0*${hex(cp, 1)};`);
  for (const named of NAMED_REFERENCES[char] ?? []) forms.add(named);
  return `(?:${[...forms].join('|')})`;
}

/**
 * The base64 and base64url forms of `secret` at each of the three alignments it can have inside a
 * longer encoded string: only the characters that depend on the secret's bytes alone.
 */
function base64Pattern(secret: string): RegExp | undefined {
  if (secret.length < MIN_BASE64_SECRET_LENGTH) return undefined;
  const bytes = Buffer.from(secret, 'utf8');
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Character k covers bits [6k, 6k + 6); keep those entirely inside the secret's bits.
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    if (core.length < MIN_BASE64_SECRET_LENGTH) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores.size === 0 ? undefined : new RegExp([...cores].map(escapeRegex).join('|'), 'g');
}
