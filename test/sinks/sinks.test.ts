import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hiddenMarker, inlineCode } from '../../lib/sinks/markdown';
import { UntrustedValueError } from '../../lib/errors';
import { terraformLiteralDeep, terraformLiteralMap } from '../../lib/construct/terraform-json';
import { engineUnsafeReason, fromTerraformLiteral, terraformLiteral } from '../../lib/sinks/terraform';
import { forTerminal, hasUnsafeCharacters, quoteForMessage } from '../../lib/sinks/terminal';
import { hostileString } from '../support/hostile';

test('terraformLiteral: no template opener survives, and fromTerraformLiteral gives the text back', () => {
  fc.assert(
    fc.property(hostileString, (value) => {
      const written = terraformLiteral(value);
      assert.equal(fromTerraformLiteral(written), value);
      // Every `${` / `%{` left is preceded by its escape character: Terraform reads `$${` as a literal `${`
      // wherever it starts (`$$${x}` reads as `$${x}`, checked with the real terraform in test/e2e).
      assert.ok(!/(^|[^$])\$\{/.test(written), written);
      assert.ok(!/(^|[^%])%\{/.test(written), written);
    }),
    { numRuns: 500 },
  );
  assert.equal(terraformLiteral('r${file("/etc/passwd")}%{ if x }'), 'r$${file("/etc/passwd")}%%{ if x }');
});

test('engineUnsafeReason: cdktf token markers and __proto__ are named; ordinary text is not', () => {
  for (const v of ['${TfToken[TOKEN.1]}', 'x#{TfToken[TOKEN.2]}', '&{TfToken[A]}', '__proto__'])
    assert.ok(engineUnsafeReason(v), v);
  for (const v of ['us-east-1', '${file("x")}', 'constructor', 'TfToken'])
    assert.equal(engineUnsafeReason(v), undefined);
});

test('terraformLiteralMap: the same map as terraformLiteralDeep of the plain map, in one pass; unsafe keys and values refused', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(hostileString, hostileString), { selector: ([k]) => k }), (pairs) => {
      const safe = pairs.filter(([k, v]) => engineUnsafeReason(k) === undefined && engineUnsafeReason(v) === undefined);
      const plain = Object.fromEntries(safe);
      const onePass = terraformLiteralMap(
        safe,
        ([k]) => k,
        ([, v]) => v,
        'output x',
      );
      assert.deepEqual(onePass, terraformLiteralDeep(plain, 'output x'));
      assert.deepEqual(Object.keys(onePass).map(fromTerraformLiteral).sort(), Object.keys(plain).sort());
    }),
    { numRuns: 200 },
  );
  const refused = (pairs: [string, string][]): unknown => {
    try {
      terraformLiteralMap(
        pairs,
        ([k]) => k,
        ([, v]) => v,
        'output ocr_z_mappings',
      );
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const byKey = refused([
    ['192.0.2.1', 'aws/us-east-1'],
    ['${TfToken[TOKEN.1]}', 'aws/us-east-1'],
  ]);
  assert.ok(byKey instanceof UntrustedValueError);
  assert.equal(byKey.field, 'output ocr_z_mappings["${TfToken[TOKEN.1]}"]');
  const byValue = refused([['192.0.2.1', 'aws/${TfToken[TOKEN.1]}']]);
  assert.ok(byValue instanceof UntrustedValueError);
  assert.equal(byValue.field, 'output ocr_z_mappings["192.0.2.1"]');
  assert.ok(refused([['__proto__', 'aws/us-east-1']]) instanceof UntrustedValueError);
});

test('forTerminal: control, bidi, invisible and tag characters become visible escapes; other text is kept', () => {
  const hidden = ['\u001b[2J', '\u0007', '\r', '\u0000', '\u009b', '\u202e', '\u2066', '\u200b', '\u00ad', '\u{e0069}'];
  for (const h of hidden) {
    const shown = forTerminal(`a${h}b`);
    assert.ok(!hasUnsafeCharacters(shown), JSON.stringify(shown));
    assert.match(shown, /^a.*\\(x|u\{)/);
  }
  assert.equal(forTerminal('us-east-1 é 日本 🙂'), 'us-east-1 é 日本 🙂');
  assert.equal(quoteForMessage('x'.repeat(300)).length < 230, true);
});

test('inlineCode: a value can never leave its code span or its table cell', () => {
  fc.assert(
    fc.property(hostileString, (value) => {
      const span = inlineCode(value);
      const fence = /^`+/.exec(span)![0];
      assert.ok(span.endsWith(fence), span);
      const inner = span.slice(fence.length, span.length - fence.length);
      assert.ok(!inner.includes(fence), `the fence ${fence} occurs inside: ${span}`);
      assert.ok(!/(^|[^\\])\|/.test(inner), `an unescaped | would end the table cell: ${span}`);
      assert.ok(!hasUnsafeCharacters(span) && !span.includes('\n'), span);
    }),
    { numRuns: 500 },
  );
  assert.equal(hiddenMarker('origin-cloud-regions:diff:abc'), '<!-- origin-cloud-regions:diff:abc -->');
  assert.equal(hiddenMarker('a--><b'), '<!-- a-b -->');
});
