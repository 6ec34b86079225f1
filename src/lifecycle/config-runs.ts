/**
 * The configs of one folder share its runs folder (`<folder>/.agentready/runs`): when a command
 * looking for the newest run of the config in use (`newestAgentRun` with `config`) finds none,
 * the words naming the newest run another config made, and how to read that one instead.
 */
import { resolve } from 'node:path';
import { commandHint } from '../config/command-hint.js';
import { shownPath } from '../config/shown-path.js';
import { newestAgentRun } from '../run/index.js';

/** Which runs the command counts, as it asks `newestAgentRun` for them, and the config in use (`configName`). */
export type ConfigRunsQuery = { runsRoot: string; cwd: string; finished: boolean; ranAgent?: boolean; config?: string | undefined };

/**
 * When the newest run the command would count was made with another config than `query.config`:
 * the words saying so, with `instead`, the command (as `commandHint` words it) that reads that run,
 * given its id and `--config <file>` naming the config that made it, shown from `cwd`.
 * Empty when there is no such run, or no config is named (every run counts then).
 */
export function otherConfigNote(query: ConfigRunsQuery, instead: (run: { id: string; configFlag: string }) => string): string {
  if (query.config === undefined) return '';
  const { config, ...any } = query;
  const other = newestAgentRun({ ...any, skipDamaged: true });
  const made = other?.header.config;
  if (other === undefined || made === undefined || made === config) return '';
  // The runs folder is `<folder>/.agentready/runs`, and a config's name is its file's in `<folder>`.
  const configFlag = `--config ${shownPath(resolve(query.runsRoot, '..', '..', made), query.cwd)}`;
  return `; the newest there, ${other.header.run_id}, was made with ${made}: \`${commandHint(instead({ id: other.header.run_id, configFlag }))}\` reads it`;
}
