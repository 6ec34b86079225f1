/** Finds agentready.config.yaml (or .yml) in a folder or the nearest folder above it. */
import path from 'node:path';
import { PACKAGE_ROOT, packageFile } from './package-root.js';
import { CONFIG_FILENAMES } from './defaults.js';
import { isFile } from './read.js';

/** Absolute path of the nearest config file walking up from `cwd`, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILENAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The bundled example's config, the embedded default inside this package (SPEC §1). */
export const BUNDLED_EXAMPLE_CONFIG = packageFile('fixtures/example/agentready.config.yaml');

/**
 * The bundled example's config when `cwd` is inside agentready's own checkout, so that
 * `npx agentready eval` there runs the example; undefined anywhere else, where a missing
 * config must stay an error rather than silently run someone else's suite.
 */
export function bundledDefaultFor(cwd: string): string | undefined {
  const inside = path.relative(PACKAGE_ROOT, path.resolve(cwd));
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return isFile(BUNDLED_EXAMPLE_CONFIG) ? BUNDLED_EXAMPLE_CONFIG : undefined;
}
