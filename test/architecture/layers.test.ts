import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The layers of lib/ (docs/development.md), bottom first: a file imports its own layer or lower ones only. Every
 * folder and top-level file of lib/ must be listed here, so a new one is placed on purpose.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['sinks', 'version.ts'],
  ['errors'],
  ['model'],
  ['settings'],
  ['files', 'emulator'],
  ['client'],
  ['validate', 'ipranges', 'expectations'],
  ['snapshot', 'lookup', 'coverage'],
  ['construct', 'reports', 'readers'],
  ['cli'],
  ['index.ts', 'drift'],
];
/** The emulator is a dev tool, not part of the library: only its command starts it. */
const ONLY_IMPORTED_BY: Readonly<Record<string, readonly string[]>> = { emulator: ['cli/emulator.ts'] };
/**
 * Arrows that work in progress on issue #23 removes; nothing may join them. The last test fails when one is gone,
 * so it is deleted here with its arrow.
 */
const PENDING: readonly string[] = [];

const LIB = path.resolve(__dirname, '../../lib');
const unitOf = (file: string): string => file.split('/')[0];
const rankOf = (file: string): number => LAYERS.findIndex((layer) => layer.includes(unitOf(file)));

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') ? [path.relative(LIB, full).split(path.sep).join('/')] : [];
  });
}

/** Every relative import of every file of lib/ (type-only, `export … from`, `import()` and `require()` included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(LIB)) {
    const specs = ts.preProcessFile(fs.readFileSync(path.join(LIB, file), 'utf8'), true, true).importedFiles;
    const targets = specs
      .filter((spec) => spec.fileName.startsWith('.'))
      .map(({ fileName }) => {
        const base = path.posix.join(path.posix.dirname(file), fileName);
        const found = [base, `${base}.ts`, `${base}/index.ts`].find((candidate) =>
          fs.statSync(path.join(LIB, candidate), { throwIfNoEntry: false })?.isFile(),
        );
        assert.ok(found, `${file} imports ${fileName}, which is not a file of lib/`);
        return found;
      });
    graph.set(file, targets);
  }
  return graph;
}

/** Each import that goes up a layer, or reaches a folder it may not, as `from -> to`. */
function upwardArrows(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets
      .filter((target) => {
        const only = unitOf(target) === unitOf(file) ? undefined : ONLY_IMPORTED_BY[unitOf(target)];
        return rankOf(target) > rankOf(file) || (only !== undefined && !only.includes(file));
      })
      .map((target) => `${file} -> ${target}`),
  );
}

/** One cycle per import that closes one (a depth-first walk's back edges), from its first file in sort order. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, trail: string[]): void => {
    if (trail.includes(file)) {
      const loop = trail.slice(trail.indexOf(file));
      const first = loop.indexOf([...loop].sort()[0]);
      return void found.push([...loop.slice(first), ...loop.slice(0, first), loop[first]].join(' -> '));
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

const graph = importGraph();

test('every folder and top-level file of lib/ has a layer', () => {
  const unplaced = fs.readdirSync(LIB).filter((name) => !name.endsWith('.md') && rankOf(name) < 0);
  assert.deepEqual(unplaced, [], 'add these to LAYERS in test/architecture/layers.test.ts');
});

test('lib/ imports flow downward only', () => {
  assert.deepEqual(
    upwardArrows(graph).filter((arrow) => !PENDING.includes(arrow)),
    [],
  );
});

test('lib/ has no import cycle, type-only imports included', () => {
  assert.deepEqual(
    cycles(graph).filter((cycle) => !PENDING.includes(cycle)),
    [],
  );
});

test('every pending arrow still exists (delete the ones that are gone)', () => {
  const found = [...upwardArrows(graph), ...cycles(graph)];
  assert.deepEqual(
    PENDING.filter((arrow) => !found.includes(arrow)),
    [],
  );
});
