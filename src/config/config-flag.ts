/** Which `--config <file>` a command or hint to copy names (the wording is command-hint.ts's configFlag), and what to give for one that names a folder. */
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE, CONFIG_FILENAMES } from './defaults.js';
import { bundledDefaultFor, findConfigFile } from './find.js';
import { isFile } from './read.js';
import { shownPath } from './shown-path.js';
import { configFlag } from './command-hint.js';

/**
 * ` --config <file>` naming the config in use (`file`, shown from `cwd`) in a command to copy, when
 * agentready run there would not find it by itself (the nearest agentready.config.yaml up from
 * `cwd`); empty when it would, or for the embedded default.
 */
export function configFlagFor(file: string | undefined, cwd: string): string {
  if (file === undefined) return '';
  const absolute = resolve(cwd, file);
  return absolute === (findConfigFile(cwd) ?? bundledDefaultFor(cwd)) ? '' : ` ${configFlag(shownPath(absolute, cwd))}`;
}

/**
 * What to give instead of a `--config` that names a folder: the config file in it (as shown, by
 * `shown`), when it holds one.
 */
export function configInFolderHint(folder: string, shown: (absPath: string) => string): string {
  const inside = CONFIG_FILENAMES.map((name) => join(folder, name)).find(isFile);
  if (inside !== undefined) return `give the config file in it: ${configFlag(shown(inside))}`;
  return `give --config the path of a config file (${CONFIG_FILE}); without --config it is found in the current folder or above`;
}

/**
 * What to give instead of a `--config` file that is not there (`--config agentready.yaml`): the
 * config file beside where it was looked for, when one is there; undefined otherwise.
 */
export function missingConfigHint(file: string, shown: (absPath: string) => string): string | undefined {
  if (isFile(file)) return undefined;
  const beside = CONFIG_FILENAMES.map((name) => join(dirname(file), name)).find(isFile);
  return beside === undefined ? undefined : `${shown(beside)} is there: ${configFlag(shown(beside))}`;
}
