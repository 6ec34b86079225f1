/**
 * Where this package's own files are (package.json, templates/, fixtures/, node_modules/): its
 * checkout, or its install folder under node_modules/. The nearest package.json above this
 * module, so the answer does not depend on where the code sits: src/ (the unit tests), tsc's
 * dist/ and the CLI bundle in dist/cli-bundle/ all find the same folder.
 */
import { existsSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import path from 'node:path';
import { underNodeFlags } from './worker-flags.js';

export const PACKAGE_ROOT = nearestPackageRoot(import.meta.dirname);

/** A file of this package, by its path from the package root ('templates/init'). */
export function packageFile(relative: string): string {
  return path.join(PACKAGE_ROOT, relative);
}

const requireFromRoot = createRequire(packageFile('package.json'));

/**
 * `require` for the CommonJS dependencies loaded on first use (ajv, yaml, libphonenumber-js),
 * resolved from the package root as any of its dependencies is. Under Node's compile cache (Node
 * 22 and 24, bin/load-cli.js), loaded under Node's own V8 flags: V8 takes a module's cache only
 * under the flags it was made with, and the flags of the moment are the command's (run/heap.ts),
 * which differ by command and phase (`eval` lets the young generation grow while its code loads,
 * `validate` holds it; the module adapter's watchdog starts under Node's), and so with the young
 * generation held whatever the command (no collection in the load grows it). Loaded under them,
 * `validate` after `eval` and `eval` after `validate` each rejected yaml's 72 modules, compiled them
 * again and wrote them over the other's (Node 24.22, NODE_DEBUG_NATIVE=COMPILE_CACHE), and so did a
 * stdio project's eval after a module project's with ajv's. Node 20 has no such cache: nothing held.
 */
export const packageRequire: NodeJS.Require = Object.assign((id: string): unknown => (compileCacheOn() ? underNodeFlags(() => requireFromRoot(id), 'held') : requireFromRoot(id)), requireFromRoot);

/** Whether Node's compile cache is on in this process (Node 22.8+ can tell; 22.1-22.7 are outside package.json's engines). */
function compileCacheOn(): boolean {
  return (nodeModule as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.() !== undefined;
}

function nearestPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`agentready: no package.json above ${from}`);
  }
}
