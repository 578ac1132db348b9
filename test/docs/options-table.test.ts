import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SETTINGS, type SettingRow } from '../../lib/settings/table';
import { REPO_ROOT } from '../support/constants';
import { markdownSection } from '../support/readme';

/*
 * docs/options.md's table of environment variables, checked against the settings table (lib/settings/table.ts):
 * every variable of the table is a row of the docs with the same default (and its context key beside it), and the
 * docs name no variable the table lacks.
 */

// The example apps' own variable (main.ts, examples/): the package never reads it.
const EXAMPLE_APPS_ONLY = new Set(['CLOUDFLARE_ZONE_ID']);

interface DocRow {
  readonly names: readonly string[];
  readonly text: string;
  readonly shown: string;
}

/** The rows of the table: `| \`A\` + \`B\` / \`_C\` | meaning | default |`, where `_C` stands for A's prefix + `_C`. */
function docRows(): DocRow[] {
  const section = markdownSection(
    readFileSync(path.join(REPO_ROOT, 'docs/options.md'), 'utf8'),
    'Environment variables',
  );
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.slice(2, -2).split(' | ');
      const names: string[] = [];
      for (const [, token] of cells[0].matchAll(/`([^`]+)`/g)) {
        const name = token.startsWith('_') ? names[names.length - 1].replace(/_[A-Z]+$/, token) : token;
        // `https_proxy` is a spelling of `HTTPS_PROXY`, not a variable of its own.
        if (!names.includes(name.toUpperCase())) names.push(name);
      }
      return { names, text: line, shown: cells[cells.length - 1] };
    });
}

/** The default as the docs state it: the row's own words, else `off`, `—`, the number, or the text in a code span. */
function shownDefault(row: SettingRow): string {
  if (row.shown !== undefined) return row.shown;
  if (row.default === false) return 'off';
  if (row.default === undefined) return '—';
  return typeof row.default === 'number' ? String(row.default) : `\`${row.default as string}\``;
}

const variables = Object.entries(SETTINGS as Record<string, SettingRow>).filter(([, row]) => row.env !== undefined);

test('every variable of the settings table is in docs/options.md, with its default and its context key', () => {
  const rows = docRows();
  for (const [name, row] of variables) {
    const doc = rows.find((r) => r.names.includes(row.env!));
    assert.ok(doc, `docs/options.md has a row for ${row.env} (setting ${name})`);
    assert.equal(doc.shown, shownDefault(row), `the default of ${row.env}`);
    if (row.context !== undefined)
      assert.ok(doc.text.includes(`\`${row.context}\``), `${row.env}'s row names ${row.context}`);
  }
});

test('docs/options.md names no variable the settings table lacks', () => {
  const known = new Set(variables.map(([, row]) => row.env));
  for (const { names } of docRows()) {
    for (const name of names)
      assert.ok(known.has(name) || EXAMPLE_APPS_ONLY.has(name), `${name} is in the settings table`);
  }
});

test("a stated default agrees with the row's value", () => {
  for (const [name, row] of Object.entries(SETTINGS as Record<string, SettingRow>)) {
    if (row.shown === undefined || typeof row.default !== 'number') continue;
    assert.ok(row.shown.startsWith(`${row.default} `), `${name}: "${row.shown}" states ${row.default}`);
  }
});

test('every variable lib/ names in its code or messages is a row of the settings table', () => {
  const known = new Set(variables.map(([, row]) => row.env));
  const lib = path.join(REPO_ROOT, 'lib');
  const files = readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    // A name ending in `_` is a prefix (the feeds' variables are built from one); CLOUDFLARE_RATE_LIMITS is a constant.
    for (const [name] of readFileSync(path.join(lib, file), 'utf8').matchAll(
      /\b(ORIGIN_CLOUD_REGIONS|CLOUDFLARE)_\w*[A-Z]\b/g,
    )) {
      if (name !== 'CLOUDFLARE_RATE_LIMITS')
        assert.ok(known.has(name), `lib/${file} names ${name}, which the table lacks`);
    }
  }
});
