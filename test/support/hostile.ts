import fc from 'fast-check';

/**
 * Strings an attacker (or a broken server, or a hand-edited snapshot) could put where this package expects a
 * vendor, region or colo: Terraform templates, cdktf token markers, terminal control sequences, bidi
 * overrides, Markdown and HTML that GitHub would render, JavaScript built-in names, and very long values.
 */
export const HOSTILE_PIECES = [
  '${file("/etc/hostname")}',
  '%{ if true }x%{ endif }',
  '$${already-escaped}',
  '${TfToken[TOKEN.1]}',
  '__proto__',
  'constructor',
  'toString',
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\r',
  '\u0000',
  '\u202e',
  '\u2066',
  '@user',
  '@org/team',
  'https://evil.example',
  'www.evil.example',
  ':smile:',
  '~~strike~~',
  '$x^2$',
  '<img src=x onerror=alert(1)>',
  '`',
  '|',
  '"',
  '\\',
  'x'.repeat(300),
] as const;

/** One hostile string: a known piece, arbitrary text, or both glued together. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_PIECES),
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc
    .tuple(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_PIECES))
    .map(([a, b, c]) => `${a}${b}${c}`),
);

// eslint-disable-next-line no-control-regex -- control characters are what this detects
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether this package must refuse `value` as a vendor or region rather than carry it through: control
 * characters or more than 200 characters (the value rules at every edge), a cdktf token marker or `__proto__`
 * (cannot be written into a synthesized stack), or a `/` in a vendor.
 */
export function mustBeRefused(value: string, as: 'vendor' | 'region'): boolean {
  return (
    value.length === 0 ||
    value.length > 200 ||
    CONTROL.test(value) ||
    /[$#&]\{TfToken\[/.test(value) ||
    value === '__proto__' ||
    (as === 'vendor' && value.includes('/'))
  );
}
