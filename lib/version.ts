import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Found at run time by walking up from this file, so the same code works from the
// TypeScript sources (lib/) and from the build (dist/lib/), and always matches the installed package.
function readOwnPackageJson(): { name: string; version: string } {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cdktf-origin-cloud-regions' && pkg.version) return { name: pkg.name, version: pkg.version };
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'cdktf-origin-cloud-regions', version: '0.0.0' };
    dir = parent;
  }
}

const pkg = readOwnPackageJson();

/** This package's name, from package.json. */
export const PACKAGE_NAME: string = pkg.name;
/** This package's version, from package.json. */
export const PACKAGE_VERSION: string = pkg.version;
