/**
 * The runs `agentready card` speaks of, read from the run folders: the last run (the newest that
 * ran the whole suites as the agent answers them to the end, else the newest filtered or interrupted
 * one, which the card then says it is) and the newest kill-switch run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { commandHint } from '../config/command-hint.js';
import { type CaseResult, type ResultsHeader, type RunSelection, type Suite } from '../config/schema/index.js';
import { isKillSwitchRun, parseCardRunSummary, type CardNoRun, type CardRunSummary } from '../report/card/index.js';
import { configName, corrupt, isAgentRun, isFiltered, madeByConfig, ranKillSwitch, readResultsHeader, readResultsLeniently, readRunSummary, RECORDED_ADAPTER, withoutLeftOut } from '../run/index.js';
import type { ConfigIssue } from '../errors.js';
import { configFlagFor } from '../config/config-flag.js';
import { otherConfigRun } from './config-runs.js';

/** What the card is built from: the last run with its attempts, and the newest kill-switch run; with no last run, how to make one and the run another config made. */
export interface CardRuns {
  lastRun: { summary: CardRunSummary; results: CaseResult[]; selection?: RunSelection } | undefined;
  killSwitchRun: CardRunSummary | undefined;
  noRun?: CardNoRun;
}

/** A run folder with a readable summary.json. */
type SummarizedRun = { dir: string; summary: CardRunSummary };

/**
 * The runs under `runsRoot` the card speaks of, `suites` telling a `score` of every case from one
 * of some. Only the runs made with the config file `configFile` count (`madeByConfig` its
 * `configName`): the configs of one folder share its runs folder; with none, the card names the
 * newest run another config made. A run newer than the one it would speak of whose summary.json cannot be read (not JSON:
 * a copy cut short, an edit) may be the run the user means: a bad input (exit 2) naming the file,
 * not a card of an older run as if it were the newest.
 */
export function cardRuns({ runsRoot, suites, cwd, configFile }: { runsRoot: string; suites: readonly Suite[]; cwd: string; configFile?: string | undefined }): CardRuns {
  const config = configName(configFile);
  const read = readRuns({ root: runsRoot, cwd });
  // The runs of another config in the same folder (they share its runs folder) speak of another agent or other suites.
  const runs = read.runs.map((run) => ({ ...run, header: readResultsHeader(run.dir) })).filter((run) => madeByConfig(run.header ?? {}, config));
  const unreadable = read.unreadable;
  const last = lastRun(runs, new Set(suites.flatMap((suite) => suite.cases.map((kase) => `${suite.name}/${kase.id}`))));
  const newer = unreadable.find((run) => last === undefined || run.dir > last.dir);
  if (newer !== undefined) {
    throw corrupt([newer.issue], {
      hint: `The card speaks of the newest run${last === undefined ? '' : `, and this one is newer than ${basename(last.dir)}`}: fix its summary.json, or remove that run folder, or make a new run with \`${commandHint('eval')}\`.`,
    });
  }
  const killSwitchRun = runs.find((r) => isKillSwitchRun(r.summary))?.summary;
  if (last === undefined) return { lastRun: undefined, killSwitchRun, noRun: noRun({ runsRoot, cwd, configFile }) };
  return { lastRun: { summary: last.summary, results: withoutLeftOut(readResultsLeniently(last.dir), last.summary.left_out), ...(last.header?.selection ? { selection: last.header.selection } : {}) }, killSwitchRun };
}

// With no run of the config in use: `eval` making one with it, and the newest run another config made (finished or not, as the card falls back to).
function noRun({ runsRoot, cwd, configFile }: { runsRoot: string; cwd: string; configFile?: string | undefined }): CardNoRun {
  const other = otherConfigRun({ runsRoot, cwd, finished: false, config: configName(configFile) });
  return { eval: `eval${configFlagFor(configFile, cwd)}`, other_config_run: other ? { run_id: other.id, config: other.config, card: `card ${other.configFlag}` } : null };
}

/** The run folders under `root` that hold a readable summary.json, and those whose summary.json cannot be read, newest first (run ids sort by time); a run with none (killed outright) is neither. */
function readRuns({ root, cwd }: { root: string; cwd: string }): { runs: SummarizedRun[]; unreadable: { dir: string; issue: ConfigIssue }[] } {
  const runs: SummarizedRun[] = [];
  const unreadable: { dir: string; issue: ConfigIssue }[] = [];
  if (!existsSync(root)) return { runs, unreadable };
  for (const name of readdirSync(root).sort().reverse()) {
    const dir = join(root, name);
    const reading = readRunSummary(dir, cwd);
    if (reading.state === 'unreadable') unreadable.push({ dir, issue: reading.issue });
    const summary = reading.state === 'read' ? parseCardRunSummary(reading.summary) : undefined;
    if (summary) runs.push({ dir, summary });
  }
  return { runs, unreadable };
}

/** A run with its results.jsonl header, read once (undefined when it cannot be read). */
type HeadedRun = SummarizedRun & { header: ResultsHeader | undefined };

/**
 * The run the card speaks of: the newest that ran the whole suites as the agent answers them (no
 * --grep, --suite, --tag, --last-failed or --shard; not interrupted; no kill-switch run, no replay,
 * no `score` of traces that leave out some of the suites' cases, such as production traffic in
 * shadow mode); else the newest filtered or interrupted one, which the card then says it is. A run whose header cannot be read counts as whole.
 */
function lastRun(runs: readonly HeadedRun[], suiteCases: ReadonlySet<string>): HeadedRun | undefined {
  let filtered: HeadedRun | undefined;
  for (const run of runs) {
    const { header } = run;
    // The runs that say what the agent does, as every command that looks back counts them; a header that cannot be read says nothing.
    const said = header ?? {};
    if (!isAgentRun({ header: said, killSwitch: ranKillSwitch({ header: said, summary: run.summary }) })) continue;
    if (run.summary.adapter === RECORDED_ADAPTER && !judgedEvery(run.dir, suiteCases)) continue;
    // An interrupted run holds only the cases that finished: like a filtered one, it speaks for the suites only when no whole run does.
    const whole = (header?.selection === undefined || !isFiltered(header.selection)) && run.summary.interrupted !== true;
    if (whole) return run;
    filtered ??= run;
  }
  return filtered;
}

/** Whether a run's results hold every one of the suites' cases: a `score` of recorded traces names only the cases its traces are of. */
function judgedEvery(dir: string, suiteCases: ReadonlySet<string>): boolean {
  const judged = new Set(readResultsLeniently(dir).map((r) => `${r.suite}/${r.case_id}`));
  for (const key of suiteCases) if (!judged.has(key)) return false;
  return true;
}
