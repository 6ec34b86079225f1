/** The `--config <file>` a command to copy names, when agentready run where it is pasted would not find that config by itself. */
import { resolve } from 'node:path';
import { bundledDefaultFor, findConfigFile } from './find.js';
import { shownPath } from './shown-path.js';
import { shellWord } from './shell-words.js';

/**
 * ` --config <file>` naming the config in use (`file`, shown from `cwd`) in a command to copy, when
 * agentready run there would not find it by itself (the nearest agentready.config.yaml up from
 * `cwd`); empty when it would, or for the embedded default.
 */
export function configFlagFor(file: string | undefined, cwd: string): string {
  if (file === undefined) return '';
  const absolute = resolve(cwd, file);
  return absolute === (findConfigFile(cwd) ?? bundledDefaultFor(cwd)) ? '' : ` --config ${shellWord(shownPath(absolute, cwd))}`;
}
