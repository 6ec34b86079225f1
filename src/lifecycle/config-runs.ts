/**
 * The configs of one folder share its runs folder (`<folder>/.agentready/runs`): when a command
 * looking for the newest run of the config in use (`newestAgentRun` with `config`) finds none,
 * the words naming the newest run another config made, and how to read that one instead.
 */
import { resolve } from 'node:path';
import { commandHint, configFlag } from '../config/command-hint.js';
import { shownPath } from '../config/shown-path.js';
import { newestAgentRun } from '../run/index.js';

/** Which runs the command counts, as it asks `newestAgentRun` for them, and the config in use (`configName`). */
export type ConfigRunsQuery = { runsRoot: string; cwd: string; finished: boolean; ranAgent?: boolean; attempted?: boolean; config?: string | undefined };

/** The newest run another config than the one in use made, among those the command counts: its id, the config's name and the `--config <file>` naming it. */
export type OtherConfigRun = { id: string; config: string; configFlag: string };

/**
 * The newest run the command would count when it was made with another config than `query.config`
 * (its `--config <file>` shown from `cwd`); undefined when there is no such run, or no config is
 * named (every run counts then).
 */
export function otherConfigRun(query: ConfigRunsQuery): OtherConfigRun | undefined {
  if (query.config === undefined) return undefined;
  const { config, ...any } = query;
  const other = newestAgentRun({ ...any, skipDamaged: true });
  const made = other?.header.config;
  if (other === undefined || made === undefined || made === config) return undefined;
  return { id: other.header.run_id, config: made, configFlag: recordedConfigFlag(made, query) };
}

/** `--config <file>` naming the config a run's header records (`made`), shown from `cwd`. */
export function recordedConfigFlag(made: string, where: { runsRoot: string; cwd: string }): string {
  // The runs folder is `<folder>/.agentready/runs`, and a config's name is its file's in `<folder>`.
  return configFlag(shownPath(resolve(where.runsRoot, '..', '..', made), where.cwd));
}

/**
 * When the newest run the command would count was made with another config (`otherConfigRun`):
 * the words saying so, with `instead`, the command (as `commandHint` words it) that reads that run,
 * given its id and `--config <file>` naming the config that made it. Empty when there is none.
 */
export function otherConfigNote(query: ConfigRunsQuery, instead: (run: { id: string; configFlag: string }) => string): string {
  const other = otherConfigRun(query);
  if (other === undefined) return '';
  return `; the newest there, ${other.id}, was made with ${other.config}: \`${commandHint(instead(other))}\` reads it`;
}
