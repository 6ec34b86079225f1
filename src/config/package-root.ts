/**
 * Where this package's own files are (package.json, templates/, fixtures/, node_modules/): its
 * checkout, or its install folder under node_modules/. The nearest package.json above this
 * module, so the answer does not depend on where the code sits: src/ (the unit tests), tsc's
 * dist/ and the CLI bundle in dist/cli-bundle/ all find the same folder.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PACKAGE_ROOT = nearestPackageRoot(import.meta.dirname);

/** A file of this package, by its path from the package root ('templates/init'). */
export function packageFile(relative: string): string {
  return path.join(PACKAGE_ROOT, relative);
}

/**
 * `require` for the CommonJS dependencies loaded on first use (ajv, yaml, libphonenumber-js),
 * resolved from the package root as any of its dependencies is.
 */
export const packageRequire = createRequire(packageFile('package.json'));

function nearestPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`agentready: no package.json above ${from}`);
  }
}
