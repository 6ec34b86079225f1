/** Finds agentready.config.yaml (or .yml) in a folder or the nearest folder above it. */
import path from 'node:path';
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
