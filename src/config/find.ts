/** Finds agentready.config.yaml (or .yml) in a folder or the nearest folder above it. */
import path from 'node:path';
import { PACKAGE_ROOT, packageFile } from './package-root.js';
import { CONFIG_FILENAMES } from './defaults.js';
import { isFile } from './read.js';
import type { ConfigIssue } from '../errors.js';

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

/**
 * A warning when the config found is agentready.config.yaml and an agentready.config.yml sits
 * beside it: the .yml is not read (README: read when no .yaml is beside it), and an edit made to
 * it would change nothing. Not for a config `--config` names: that one is asked for.
 */
export function besideConfigIssue(configFile: string, display: (absPath: string) => string): ConfigIssue | undefined {
  const [yaml, yml] = CONFIG_FILENAMES;
  if (path.basename(configFile) !== yaml) return undefined;
  const other = path.join(path.dirname(configFile), yml);
  if (!isFile(other)) return undefined;
  return {
    file: display(configFile),
    line: 1,
    column: 1,
    path: '',
    code: 'config_beside_config',
    severity: 'warning',
    message: `${display(other)} is beside it and not read: agentready reads ${yaml} when both are in a folder. Delete or rename one of them, so that edits go to the file that is read`,
  };
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
