import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactSecrets } from '../../lib/client/redact';
import { describeJsonProblem, parseJsonBody } from '../../lib/client/body';
import { ResponseFormatError } from '../../lib/errors/client';
import { EMAIL, KEY, RAW_UNSAFE, SECRETS, TOKEN, echoForms, leakedSecret } from './helpers';

const redact = (text: string): string => redactSecrets(text, SECRETS);

test('each secret is redacted in every echoed form: case, URL-encoding, JSON escapes, base64', () => {
  for (const secret of SECRETS) {
    for (const form of echoForms(secret)) {
      const out = redact(`before ${form} after`);
      assert.equal(leakedSecret(out), undefined, `${JSON.stringify(form)} survived: ${out}`);
      assert.ok(out.startsWith('before ') && out.endsWith(' after'), `the text around it is kept: ${out}`);
      assert.ok(out.includes(REDACTED), out);
    }
  }
});

test('the forms the issue reported: token upper-cased, email upper-cased and URL-encoded, key lower-cased', () => {
  const echoed = [
    TOKEN.toUpperCase(),
    EMAIL.toUpperCase(),
    encodeURIComponent(EMAIL),
    encodeURIComponent(EMAIL).toLowerCase(),
    encodeURIComponent(EMAIL.toUpperCase()),
    KEY.toLowerCase(),
  ];
  for (const form of echoed) assert.equal(redact(`x=${form};`), `x=${REDACTED};`, form);
});

test('forms mix within one occurrence, and other encodings are caught too', () => {
  const mixed = 'TOK%5fTEST\\u005F9f8E7D6C5B4A39281706';
  assert.equal(redact(mixed), REDACTED);
  // Form encoding with +, doubly encoded percent, HTML references, JSON's \/ escape.
  const spaced = 'my secret/value';
  const r = (text: string): string => redactSecrets(text, [spaced]);
  assert.equal(r(new URLSearchParams({ v: spaced }).toString()), `v=${REDACTED}`);
  assert.equal(r('my%2520secret%252Fvalue'), REDACTED);
  assert.equal(r('my&#32;secret&#x2F;value'), REDACTED);
  assert.equal(r(JSON.stringify(spaced).replace('/', '\\/')), `"${REDACTED}"`);
  // Base64 at every alignment inside a longer encoded string, as in a Basic authorization header.
  for (const prefix of ['', 'a', 'ab', `${EMAIL}:`]) {
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(`${prefix}${KEY}`).toString(encoding);
      const out = redact(`Basic ${encoded}`);
      assert.ok(out.includes(REDACTED), `${prefix} ${encoding}: ${out}`);
      assert.ok(!Buffer.from(out.slice(6), encoding).toString('latin1').includes(KEY.slice(2, -2)), out);
    }
  }
});

test('a piece of a secret cut at the start or end of a text is redacted; ordinary text is left alone', () => {
  assert.equal(redact(`body starts ${TOKEN.slice(0, 12)}`), `body starts ${REDACTED}`);
  assert.equal(redact(`${KEY.slice(-8).toUpperCase()} and more`), `${REDACTED} and more`);
  // Shorter than six characters at an edge, or a piece in the middle: not a cut secret.
  assert.equal(redact(`ends with ${TOKEN.slice(0, 5)}`), `ends with ${TOKEN.slice(0, 5)}`);
  assert.equal(redact(`${TOKEN.slice(0, 12)} in the middle`), `${TOKEN.slice(0, 12)} in the middle`);
  const ordinary = 'GET /client/v4/zones/0123/origin/cloud_regions was refused: HTTP 403 (10000 Authentication error).';
  assert.equal(redact(ordinary), ordinary);
  assert.equal(redactSecrets('abc ab', ['abc']), 'abc ab', 'secrets under 4 characters are ignored');
});

test('JSON.parse failures name a position, never the bytes, even at the start of a token', () => {
  const ctx = { request: 'GET /x', status: 200, contentType: 'application/json', redact };
  for (const body of [
    `${TOKEN}`,
    `${TOKEN.toUpperCase()} is not JSON`,
    `{"success":false,"errors":[{"code":1,"message":"x"}], ${KEY.toLowerCase()}}`,
    `Bearer ${TOKEN}`,
    `{"a": ${encodeURIComponent(EMAIL)}}`,
  ]) {
    assert.throws(
      () => parseJsonBody(ctx, body),
      (e: unknown) => {
        assert.ok(e instanceof ResponseFormatError);
        assert.equal(leakedSecret(e.message), undefined, e.message);
        assert.match(e.message, /stops being JSON at line 1, column \d+/);
        assert.equal(e.cause, undefined, "JSON.parse's error (which quotes the body) is not kept");
        return true;
      },
    );
  }
  assert.match(describeJsonProblem('{"a":\n  [1, 2,'), /truncated/);
  assert.match(describeJsonProblem('{"a":\n  [1, 2,]}'), /line 2, column 9 \(character 15 of 16\)/);
});

test('messages about a body never hold raw control or bidi characters', () => {
  const ctx = { request: 'GET /x', status: 200, contentType: 'text/plain\u009b2J', redact };
  assert.throws(
    () => parseJsonBody(ctx, '\u001b[2J\u001b]0;title\u0007\u202e\r\n\u0000'),
    (e: unknown) =>
      e instanceof ResponseFormatError &&
      !RAW_UNSAFE.test(e.message) &&
      /\\u001b\[2J/.test(e.message) &&
      /\\x9b2J/.test(e.message),
  );
});
