/**
 * Which earlier run a command looks back at (`--last-failed`, `--resume`, `review`, the card, the
 * weekly review): the runs that say what the agent does, made with the config in use, the newest
 * and the one that finished last. The folders themselves are read by `read-run.ts`.
 */
import { basename, join } from 'node:path';
import { statSync } from 'node:fs';
import type { ResultsHeader } from '../config/schema/index.js';
import { ConfigError } from '../errors.js';
import { SUMMARY_FILE } from './run-folder.js';
import { RECORDED_ADAPTER } from './run-record.js';
import { listRuns, readRunIfRecorded, readRunSummary, type RunRecord } from './read-run.js';

/**
 * Whether a run says what the agent does, the one owner of which runs count when a command looks
 * back at earlier ones (`--last-failed`, `review`, the weekly review): not a kill-switch run (it
 * refuses every write on purpose, so its failures are not the agent's; the history leaves it out
 * too, and the card shows it apart) nor a replay (one recorded case run again to debug it).
 */
export function isAgentRun(run: Pick<RunRecord, 'killSwitch'> & { header: Pick<ResultsHeader, 'replay_of'> }): boolean {
  return !run.killSwitch && run.header.replay_of === undefined;
}

/**
 * Whether a run was made with the config named `config` (`configName`), the one owner of which runs
 * "the newest run" means for the config in use: every run when no config is named, and a run that
 * recorded none (written before agentready recorded it, or with the embedded default) may be any config's.
 */
export function madeByConfig(header: Pick<ResultsHeader, 'config'>, config: string | undefined): boolean {
  return config === undefined || header.config === undefined || header.config === config;
}

/**
 * The newest run under `runsRoot` that `isAgentRun` counts (and that finished, when asked; and that
 * ran the agent, when asked: not a `score` run, which judged recorded traces; and that the caller
 * does not `lookPast`; and that `madeByConfig` `config`, when named; and that recorded an attempt, when
 * `attempted`: a run stopped after its header, before its first attempt, holds nothing to look at); undefined when none. A run that
 * recorded no case (no header either) is passed over; a damaged run folder on the way is its ConfigError, or passed over when `skipDamaged`.
 */
export function newestAgentRun(options: AgentRunQuery): RunRecord | undefined {
  for (const id of listRuns(options.runsRoot).reverse()) {
    const run = options.skipDamaged === true ? readableRun(id, options) : readRunIfRecorded(id, options);
    if (run !== undefined && countsAsAgentRun(run, options)) return run;
  }
  return undefined;
}

/** Which runs `newestAgentRun` and `lastFinishedAgentRun` look for. */
type AgentRunQuery = { runsRoot: string; cwd: string; finished: boolean; ranAgent?: boolean; lookPast?: (run: RunRecord) => boolean; attempted?: boolean; skipDamaged?: boolean; config?: string | undefined };

function countsAsAgentRun(run: RunRecord, options: AgentRunQuery): boolean {
  if (!madeByConfig(run.header, options.config)) return false;
  if (options.ranAgent === true && run.adapter === RECORDED_ADAPTER) return false;
  if (options.lookPast?.(run) === true) return false;
  if (options.attempted === true && run.results.length === 0) return false;
  return isAgentRun(run) && !(options.finished && run.incomplete);
}

/**
 * The finished run `newestAgentRun` counts that finished last (summary.json's `finished_at`), not
 * the one that started last: a run resumed to its end after a newer one finished (`eval`, Ctrl-C,
 * `eval --grep x`, `eval --resume <first>`) is the run the user saw end last. Only the runs
 * started before the newest whose summary.json was written since its own (its mtime, a stat each;
 * a copy's is as new or newer) are read; a damaged one among them is passed over.
 */
export function lastFinishedAgentRun(options: Omit<AgentRunQuery, 'finished'>): RunRecord | undefined {
  const newest = newestAgentRun({ ...options, finished: true });
  const newestEnd = newest?.finished_at;
  if (newest === undefined || newestEnd === undefined) return newest;
  const since = summaryWrittenMs(newest.dir) ?? Infinity;
  const ids = listRuns(options.runsRoot);
  // Each candidate's summary.json alone first (its results are read only for the one that ended last).
  const later: { id: string; end: string }[] = [];
  for (const id of ids.slice(0, ids.indexOf(basename(newest.dir)))) {
    const dir = join(options.runsRoot, id);
    const written = summaryWrittenMs(dir);
    if (written === undefined || written < since) continue;
    const reading = readRunSummary(dir, options.cwd);
    const end = reading.state === 'read' && reading.summary.interrupted !== true ? reading.summary.finished_at : undefined;
    if (end !== undefined && end > newestEnd) later.push({ id, end });
  }
  for (const { id } of later.sort((a, b) => (a.end < b.end ? 1 : a.end > b.end ? -1 : 0))) {
    const run = readableRun(id, options);
    if (run !== undefined && countsAsAgentRun(run, { ...options, finished: true })) return run;
  }
  return newest;
}

// When a run folder's summary.json was last written (ms), or undefined without one.
function summaryWrittenMs(dir: string): number | undefined {
  return statSync(join(dir, SUMMARY_FILE), { throwIfNoEntry: false })?.mtimeMs;
}

// The run `id`, or undefined when its folder is damaged (a ConfigError reading it) or recorded no case.
function readableRun(id: string, options: { runsRoot: string; cwd: string }): RunRecord | undefined {
  try {
    return readRunIfRecorded(id, options);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}
