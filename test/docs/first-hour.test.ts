import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/constants';
import { markdownSection, readmeBlock, readmeText } from '../support/readme';

/*
 * What a new user reads in their first hour, checked against the facts it depends on (package.json, cdktn-cli's
 * engines); the setting names are checked in options-table.test.ts. The commands themselves run in test/e2e/fresh-clone.test.ts and test/e2e/pack.test.ts.
 */

function read(file: string): string {
  return readFileSync(path.join(REPO_ROOT, file), 'utf8');
}

function manifest(file: string): { version: string; engines?: { node?: string } } {
  return JSON.parse(read(file)) as { version: string; engines?: { node?: string } };
}

test("the quick start's install lines name the tarball npm pack writes for this version, with no placeholder", () => {
  const block = readmeBlock('Quick start', 'sh');
  const tarball = `cdktf-origin-cloud-regions-${manifest('package.json').version}.tgz`;
  const commands = block.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  assert.deepEqual(
    commands.map((l) => l.replace(/\s+#.*$/, '')),
    [
      'npm ci && npm pack',
      `cd ../your-infra-repo && npm install --save-exact ../cdktf-origin-cloud-regions/${tarball}`,
    ],
  );
  assert.doesNotMatch(markdownSection(readmeText(), 'Quick start'), /git\+https|#v\d|<version>/);
});

test('the cdktn quick starts name the Node version cdktn-cli needs (its engines field)', () => {
  const needs = /^>=\s*(\d+\.\d+)/.exec(manifest('node_modules/cdktn-cli/package.json').engines?.node ?? '')?.[1];
  assert.ok(needs, 'cdktn-cli declares a minimum Node version');
  assert.match(markdownSection(read('docs/cdktn.md'), 'Quick start'), new RegExp(`Node ${needs} or later`));
  const readme = markdownSection(readmeText(), 'Quick start');
  assert.match(readme, new RegExp(`\`cdktn synth\` needs \\*\\*Node ${needs} or later\\*\\*`));
});

test('the quick-start app needs no provider download and writes no absolute state path', () => {
  const code = readmeBlock('Quick start', 'ts');
  assert.match(code, /marker: 'terraform_data'/);
  const backend = /new LocalBackend\(this, \{ path: `([^`]+)` \}\)/.exec(code)?.[1];
  assert.ok(backend, 'the quick start sets the local backend path');
  assert.ok(!path.isAbsolute(backend), backend);
});
