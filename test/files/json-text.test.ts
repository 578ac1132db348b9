import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidJsonError } from '../../lib/errors';
import { describeJsonSyntaxProblem, locateJsonSyntaxError, parseJsonText } from '../../lib/files/json-text';

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
      truncated: false,
      byteOrderMark: false,
      codePoint: 0x32,
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
      truncated: false,
      byteOrderMark: false,
      codePoint: 0x3c,
    });
  });

  test('says "truncated" for any cut of valid JSON, and never for an empty text', () => {
    // Merged from the client's locator (lib/client/json-syntax.ts): a cut body is told apart from a wrong one.
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.json({ maxDepth: 3 }),
      fc
        .tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 3 }))
        .map(([j, at, junk]) => j.slice(0, at % (j.length + 1)) + junk),
      fc.constantFrom(
        '-',
        '-0',
        '01',
        '1.',
        '1e',
        '1e+',
        '.5',
        '"\\x"',
        '"\\u12g4"',
        '"a\tb"',
        'tru',
        'nul',
        '{"a" 1}',
      ),
    );
    fc.assert(
      fc.property(texts, (text) => {
        assert.equal(locateJsonSyntaxError(text) === undefined, parses(text), JSON.stringify(text));
      }),
      { numRuns: 1000, seed: 11 },
    );
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.nat(), (json, at) => {
        const cut = json.slice(0, at % json.length);
        if (cut.trim() === '' || parses(cut)) return;
        const problem = locateJsonSyntaxError(cut);
        assert.equal(problem?.truncated, true, JSON.stringify(cut));
        assert.equal(problem?.offset, cut.length);
      }),
      { numRuns: 400, seed: 12 },
    );
    for (const cut of ['[tru', '"\\', '"\\u00', '{"a": -', '[1.', 'n']) {
      assert.equal(locateJsonSyntaxError(cut)?.truncated, true, cut);
    }
    for (const text of ['', ' \n\t', '[1] x', '{"a" 1}', 'nulL']) {
      assert.equal(locateJsonSyntaxError(text)?.truncated, false, JSON.stringify(text));
    }
    assert.equal(locateJsonSyntaxError(' \n')?.problem, 'the file is empty');
  });

  test('names a leading byte-order mark', () => {
    // Merged from the drift locator (lib/drift/json-text.ts): some editors save JSON with a BOM.
    assert.deepEqual(locateJsonSyntaxError('\ufeff{"a": 1}'), {
      offset: 0,
      line: 1,
      column: 1,
      problem: 'a byte-order mark (U+FEFF) at the start',
      conflictMarker: false,
      truncated: false,
      byteOrderMark: true,
      codePoint: 0xfeff,
    });
  });

  test('points at the start of a malformed number or word, so the clause names that character', () => {
    assert.equal(locateJsonSyntaxError('- originIp: 192.0.2.1')?.column, 1);
    assert.equal(locateJsonSyntaxError('[1, 2.x]')?.column, 5);
    assert.equal(locateJsonSyntaxError('[true, nul!]')?.column, 8);
  });

  test('deep nesting does not overflow the stack', () => {
    const deep = '['.repeat(1_000_000);
    assert.equal(locateJsonSyntaxError(deep)?.problem, 'the text ends before the JSON is complete');
    assert.equal(locateJsonSyntaxError(deep + ']'.repeat(1_000_000)), undefined);
  });
});

describe('describeJsonSyntaxProblem', () => {
  const clause = (text: string): string => {
    const problem = locateJsonSyntaxError(text);
    assert.ok(problem !== undefined, text);
    return describeJsonSyntaxProblem(problem);
  };

  test('names the character found, or says the text is empty or ends too early', () => {
    assert.equal(clause('hello'), 'not valid JSON at line 1 column 1 (unexpected "h")');
    assert.equal(clause('[1, 2'), 'not valid JSON at line 1 column 6 (the text ends too early)');
    assert.equal(clause(''), 'not valid JSON at line 1 column 1 (the file is empty)');
    assert.equal(clause('  \n '), 'not valid JSON at line 2 column 2 (the file is empty)');
    assert.equal(clause('{\n  "a": 1,\n  "b" 2\n}'), 'not valid JSON at line 3 column 7 (unexpected "2")');
  });

  test('escapes a character that is not printable ASCII, and never quotes more than it', () => {
    assert.equal(clause('[\u001b[2J]'), 'not valid JSON at line 1 column 2 (unexpected character \\x1b (U+001B))');
    assert.equal(clause('\u202eSECRET'), 'not valid JSON at line 1 column 1 (unexpected character \\u{202e} (U+202E))');
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before}SECRETtoken${after}`;
        fc.pre(!parses(text));
        assert.ok(!clause(text).includes('SE'), clause(text));
      }),
      { numRuns: 300 },
    );
  });

  test('adds the merge-conflict or byte-order-mark hint', () => {
    assert.equal(
      clause('<<<<<<< HEAD\n{}\n=======\n[]\n>>>>>>> main\n'),
      'not valid JSON at line 1 column 1 (unexpected "<"; it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict first)',
    );
    assert.equal(
      clause('{\n  "a": 1\n=======\n}'),
      'not valid JSON at line 3 column 1 (unexpected "="; it holds merge-conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict first)',
    );
    assert.equal(
      clause('\ufeff[]'),
      'not valid JSON at line 1 column 1 (unexpected character \\u{feff} (U+FEFF); it starts with a byte-order mark: save it as UTF-8 without BOM)',
    );
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

  test('a byte-order mark says to save without one', () => {
    assert.throws(
      () => parseJsonText('\ufeff{}', 'x.json', 'plan'),
      (e: unknown) =>
        e instanceof InvalidJsonError &&
        !e.truncated &&
        e.message ===
          'Plan x.json: it is not valid JSON (line 1, column 1: a byte-order mark (U+FEFF) at the start). Save it as UTF-8 without a byte-order mark.',
    );
    assert.throws(
      () => parseJsonText('{"a": [1', 'x.json', 'plan'),
      (e: unknown) => e instanceof InvalidJsonError && e.truncated,
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
