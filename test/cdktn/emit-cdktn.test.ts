import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { checkEntryGraphs, emitCdktnBinding, emitCdktnEntry } from '../../scripts/emit-cdktn';

/**
 * The build step that binds a copy of the compiled construct layer to cdktn, on a small compiled tree of the
 * same shape as dist/lib (the real dist is built and checked by test/e2e/cdktn-pack.test.ts).
 */

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function compiledTree(overrides: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-emit-'));
  dirs.push(dir);
  const map = (file: string): string => JSON.stringify({ version: 3, file, sources: [], mappings: '' });
  const files: Record<string, string> = {
    'index.js': `"use strict";\nconst construct_1 = require("./construct");\nconst drift_1 = require("./drift");\nexports.OriginCloudRegions = construct_1.OriginCloudRegions;\nexports.diff = drift_1.diff;\n//# sourceMappingURL=index.js.map`,
    'index.js.map': map('index.js'),
    'index.d.ts':
      "/** The API. */\nexport { OriginCloudRegions } from './construct';\nexport { diff } from './drift';\n",
    'construct/index.js': `"use strict";\nconst e = require("./engine");\nconst m = require("./marker");\nexports.OriginCloudRegions = m.make(e);\n`,
    'construct/index.d.ts': "export { OriginCloudRegions } from './marker';\n",
    'construct/marker.js': `"use strict";\nrequire("../errors");\nexports.make = (e) => e;\n`,
    'construct/marker.d.ts':
      "import { TerraformResource } from './engine';\nexport declare const OriginCloudRegions: TerraformResource;\n",
    'construct/engine.js': `"use strict";\n/** from 'cdktf' in a comment is no import */\nmodule.exports = require("cdktf");\n//# sourceMappingURL=engine.js.map`,
    'construct/engine.js.map': map('engine.js'),
    'construct/engine.d.ts': "export { TerraformResource } from 'cdktf';\n",
    'construct/engine-cdktn.js': `"use strict";\nmodule.exports = require("cdktn");\n//# sourceMappingURL=engine-cdktn.js.map`,
    'construct/engine-cdktn.js.map': map('engine-cdktn.js'),
    'construct/engine-cdktn.d.ts': "export { TerraformResource } from 'cdktn';\n",
    'errors.js': '"use strict";\n',
    'drift/index.d.ts': 'export declare const diff: () => number;\n',
    'drift/index.js': `"use strict";\nrequire("../errors");\nexports.diff = () => 0;\n`,
    'emulator/index.js': `"use strict";\nrequire("undici");\n`,
    'errors/index.js': `"use strict";\nrequire("../errors");\n`,
    'cli/main.js': `"use strict";\nrequire("../drift");\nrequire("node:fs");\n`,
    ...overrides,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const read = (dir: string, name: string): string => readFileSync(path.join(dir, name), 'utf8');

test('the cdktn copy differs from the construct layer only in its engine module, and the entry only in that import', () => {
  const dir = compiledTree();
  emitCdktnBinding(dir);
  assert.equal(read(dir, 'construct-cdktn/marker.js'), read(dir, 'construct/marker.js'));
  assert.equal(read(dir, 'construct-cdktn/index.d.ts'), read(dir, 'construct/index.d.ts'));
  assert.match(read(dir, 'construct-cdktn/engine.js'), /require\("cdktn"\)[\s\S]*sourceMappingURL=engine\.js\.map$/);
  assert.match(read(dir, 'construct-cdktn/engine.d.ts'), /from 'cdktn'/);
  assert.equal((JSON.parse(read(dir, 'construct-cdktn/engine.js.map')) as { file: string }).file, 'engine.js');
  assert.ok(!existsSync(path.join(dir, 'construct', 'engine-cdktn.js')), 'the cdktf tree loads no cdktn');
  assert.ok(!existsSync(path.join(dir, 'construct-cdktn', 'engine-cdktn.js')));
  assert.match(read(dir, 'cdktn.js'), /require\("\.\/construct-cdktn"\)[\s\S]*require\("\.\/drift"\)/);
  assert.match(read(dir, 'cdktn.d.ts'), /from '\.\/construct-cdktn';\nexport \{ diff \} from '\.\/drift';/);
  assert.deepEqual(checkEntryGraphs(dir), []);
});

test('an engine import outside the engine module fails the build, naming the entry point that reaches it', () => {
  const dir = compiledTree({ 'drift/index.js': `"use strict";\nrequire("../construct/engine");\n` });
  assert.throws(
    () => emitCdktnBinding(dir),
    (error: Error) =>
      error.message.includes('drift/index.js reaches cdktf, which it must not') &&
      error.message.includes('cli/main.js reaches cdktf') &&
      error.message.includes('cdktn.js reaches cdktf'),
  );
});

test('a deep import of the construct layer from the root entry point fails the build', () => {
  const dir = compiledTree({
    'index.js': `"use strict";\nrequire("./construct");\nrequire("./construct/marker");\n//# sourceMappingURL=index.js.map`,
  });
  assert.throws(() => emitCdktnEntry(dir), /index\.js: expected 0 occurrence\(s\) of require\("\.\/construct\//);
});
