import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

// Issue #23: no function in lib/ is over 100 lines. A function, method, accessor, constructor or arrow function
// counts from its first line (its TSDoc left out) to its last; one nested in another counts on its own too.
const MAX_LINES = 100;
const LIB = path.resolve(__dirname, '../../lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `lib/…/file.ts:line name (N lines)` for every function-like node of `file` longer than `max` lines. */
function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      if (last - first + 1 > max) found.push(`${file}:${first} ${nameOf(node, source)} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous function)';
}

test(`no function in lib/ is over ${MAX_LINES} lines`, () => {
  const long = sourceFiles(LIB).flatMap((file) =>
    longFunctions(path.relative(path.dirname(LIB), file), fs.readFileSync(file, 'utf8'), MAX_LINES),
  );
  assert.deepEqual(long, [], 'split these into named steps (issue #23)');
});

test('the length check sees declarations, methods, arrow functions and constructors, and leaves TSDoc out', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const text = [
    '/**\n * Documented.\n */',
    `export function declared(): void {\n${body(99)}\n}`,
    `class C {\n  constructor() {\n${body(98)}\n  }\n  method(): void {\n${body(97)}\n  }\n}`,
    `const arrow = (): void => {\n${body(99)}\n};`,
    `const short = (): void => {\n${body(98)}\n};`,
  ].join('\n');
  assert.deepEqual(
    longFunctions('x.ts', text, 100).map((line) => line.replace(/:\d+/, '')),
    ['x.ts declared (101 lines)', 'x.ts arrow (101 lines)'],
  );
  assert.deepEqual(
    longFunctions('x.ts', text, 99).map((line) => line.replace(/:\d+/, '')),
    ['x.ts declared (101 lines)', 'x.ts constructor (100 lines)', 'x.ts arrow (101 lines)', 'x.ts short (100 lines)'],
  );
});
