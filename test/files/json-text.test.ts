import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidJsonError, locateJsonSyntaxError, parseJsonText } from '../../lib/files';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON text, then one random edit: cut, insert a character, or delete one. Mostly invalid, often nearly valid. */
const editedJson = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.constantFrom('cut', 'insert', 'delete'),
    fc.constantFrom(...',:{}[]"\\ \n\u0001e-.0tn'),
  )
  .map(([text, n, edit, ch]) => {
    const at = text.length === 0 ? 0 : n % text.length;
    if (edit === 'cut') return text.slice(0, at);
    if (edit === 'insert') return text.slice(0, at) + ch + text.slice(at);
    return text.slice(0, at) + text.slice(at + 1);
  });

describe('locateJsonSyntaxError', () => {
  test('agrees with JSON.parse on what is valid JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), editedJson, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        assert.equal(locateJsonSyntaxError(text) === undefined, parses(text), JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('gives line and column of the first error', () => {
    assert.deepEqual(locateJsonSyntaxError('{\n  "a": 1,\n  "b" 2\n}'), {
      offset: 18,
      line: 3,
      column: 7,
      problem: 'expected : but found character "2"',
      conflictMarker: false,
    });
    assert.equal(locateJsonSyntaxError('')?.problem, 'the file is empty');
    assert.equal(locateJsonSyntaxError('{"a": [1, 2')?.problem, 'the text ends before the JSON is complete');
    assert.equal(locateJsonSyntaxError('{} {}')?.problem, 'unexpected character "{" after the JSON value');
    assert.equal(
      locateJsonSyntaxError('"a\u001bb"')?.problem,
      'a string holds a raw control character (character "\\x1b")',
    );
    assert.equal(locateJsonSyntaxError('[01]')?.column, 3);
  });

  test('names a merge-conflict marker and its line', () => {
    const text = '{\n<<<<<<< HEAD\n  "a": 1\n=======\n  "a": 2\n>>>>>>> branch\n}\n';
    assert.deepEqual(locateJsonSyntaxError(text), {
      offset: 2,
      line: 2,
      column: 1,
      problem: 'a merge-conflict marker (<<<<<<<)',
      conflictMarker: true,
    });
  });

  test('deep nesting does not overflow the stack', () => {
    const deep = '['.repeat(1_000_000);
    assert.equal(locateJsonSyntaxError(deep)?.problem, 'the text ends before the JSON is complete');
    assert.equal(locateJsonSyntaxError(deep + ']'.repeat(1_000_000)), undefined);
  });
});

describe('parseJsonText', () => {
  test('returns the parsed value', () => {
    assert.deepEqual(parseJsonText('{"__proto__": {"x": 1}}', 'f.json', 'plan'), JSON.parse('{"__proto__": {"x": 1}}'));
  });

  test('never quotes the text in its error (V8 quotes the first characters)', () => {
    const secret = 'SECRETtoken0123456789abcdef';
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before}${secret}${after}`;
        fc.pre(!parses(text));
        try {
          parseJsonText(text, 'plan.json', 'plan');
          assert.fail('parsed');
        } catch (error) {
          assert.ok(error instanceof InvalidJsonError);
          assert.equal(error.code, 'OCR_FILE_NOT_JSON');
          assert.equal(error.cause, undefined, 'JSON.parse’s own error is not kept');
          assert.ok(!error.message.includes(secret.slice(0, 2)), error.message);
          assert.match(error.message, /^Plan plan\.json: it is not valid JSON \(line \d+, column \d+: /);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a merge conflict says to resolve it', () => {
    assert.throws(
      () => parseJsonText('{\n=======\n}', 'x.json', 'snapshot'),
      (e: unknown) =>
        e instanceof InvalidJsonError &&
        e.conflictMarker &&
        e.line === 2 &&
        e.column === 1 &&
        e.message ===
          'Snapshot x.json: it is not valid JSON (line 2, column 1: a merge-conflict marker (=======)). Resolve the merge conflict in it, then try again.',
    );
  });
});
