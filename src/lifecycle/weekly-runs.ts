/**
 * What `agentready report` reviews (SPEC §14): the run folders of the window, redacted, and the
 * history, else the history of the runs at hand; refused when there is nothing at all to review.
 * The command builds the review of them, and prints what `tell` is told.
 */
import { plural } from '../common/plural.js';
import { redactions, type Redactions } from '../common/redact-deep.js';
import type { HistoryEntry } from '../config/schema/index.js';
import { UsageError } from '../errors.js';
import { attemptKey, defaultRunsRoot, redactedResult } from '../run/index.js';
import { historyEntries, historyPath } from '../run/history.js';
import { readHistory } from '../run/read-history.js';
import { readRunsSince, type WindowRun } from '../run/read-window.js';
import { commandHint } from '../config/command-hint.js';
import { shownFolder, shownPath } from '../config/shown-path.js';
import { otherConfigNote } from './config-runs.js';

export interface WeeklyRuns {
  /** The runs that started in the window, oldest first, the agent's text in them redacted. */
  runs: WindowRun[];
  /** The history's entries of the config in use (of its suites, of no run another config made), or those of `runs` when there are none. */
  history: HistoryEntry[];
}

/**
 * The runs of the project made with the config named `config` (`configName`; a run that recorded
 * none may be any config's) that started at or after `since` (every run when undefined) and its
 * history (`ownHistory`: the lines of `suites`, the config's suite names); `tell` is told, as they are found, each run folder left out and a review of the history
 * only (before any refusal, so they are told with it). Throws a UsageError when there is neither a run in the window nor a history (as
 * `review` with no run): the hint widens --since when runs started before it.
 */
export function weeklyRuns(args: { rootDir: string; since: Date | undefined; cwd: string; tell: (note: string) => void; config?: string | undefined; suites?: readonly string[]; configFile?: string | undefined }): WeeklyRuns {
  const { rootDir, since, cwd, tell, config } = args;
  const runsRoot = defaultRunsRoot(rootDir);
  const read = readRunsSince({ runsRoot, since, cwd, config });
  // A run made with --no-redact holds the agent's text as written: redacted before the review groups and normalises it.
  const clean = redactions(true);
  const runs = read.runs.map((run) => ({ ...run, results: run.results.map((result) => redactedResult(result, clean)), traces: clean.deep(run.traces) }));
  for (const { run, reason } of read.unreadable) tell(`run ${run} left out of the review: ${reason}`);
  // The history covers runs whose folders are gone; without one, the runs at hand stand in. The configs of one folder
  // share it: only the lines of the config in use's suites count, none of a run another config made, and none naming another config.
  const written = readHistory(historyPath(rootDir));
  // Lines cut short by a killed job, edited, or of another agentready's format: the review is shorter by them, so it says so.
  if (written.unreadable > 0) tell(`${plural(written.unreadable, 'line')} of ${shownPath(historyPath(rootDir), cwd)} could not be read (cut short by a job that was killed, edited by hand, or written by another version of agentready) and ${written.unreadable === 1 ? 'was' : 'were'} left out of the review`);
  const stored = withoutLeftOutLines(ownHistory(redactedHistory(written.entries, clean), { suites: args.suites, otherRuns: read.otherConfigs, config, clean }), { runs, clean });
  if (runs.length === 0) {
    // Nothing at all to review is an input error, as review's no run (exit 2); a window the history still covers is reviewed.
    const other = otherConfigNote({ runsRoot, cwd, finished: false, config }, ({ configFlag }) => `report ${configFlag}`);
    const of = config === undefined || (other === '' && read.otherConfigs.length === 0) ? '' : ` made with ${config}`;
    const none = `no run${of}${since ? ` since ${since.toISOString()}` : ''} under ${shownFolder(runsRoot, cwd)}`;
    const history = shownPath(historyPath(rootDir), cwd);
    if (stored.length === 0) {
      const older = read.before > 0 ? `; ${plural(read.before, 'run')} started before it` : '';
      throw new UsageError(
        `${none} to review (kill-switch runs and replays are not counted) and no history ${of === '' ? 'in' : 'of its suites in'} ${history}${older}${other}`,
        read.before > 0 ? 'widen --since (e.g. --since 30d), or leave it out to review every run' : `run \`${commandHint('eval')}\` first`,
      );
    }
    tell(`${none}: the review covers the history in ${history} only${of === '' ? '' : ' (the lines of its suites)'}`);
  }
  const history = stored.length > 0 ? stored : runs.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at }));
  return { runs, history };
}

/**
 * The history lines less those of attempts a run left out (its summary.json's `left_out`: their cases were removed
 * before a `--resume --force`): a session that finished appended them before the resume left them out of the run.
 * Matched redacted, as the lines are.
 */
function withoutLeftOutLines(entries: HistoryEntry[], input: { runs: readonly WindowRun[]; clean: Redactions }): HistoryEntry[] {
  const key = (runId: string, ref: { suite: string; case_id: string; attempt: number }) => `${runId}\0${attemptKey({ suite: input.clean.text(ref.suite), case_id: input.clean.text(ref.case_id), attempt: ref.attempt })}`;
  const dropped = new Set(input.runs.flatMap((run) => (run.leftOut ?? []).map((ref) => key(input.clean.text(run.run_id), ref))));
  if (dropped.size === 0) return entries;
  return entries.filter((entry) => !dropped.has(key(entry.run_id, entry)));
}

/**
 * The history lines of the config in use: those of its suites (`suites`, the names as written:
 * every line when undefined), of no run another config made (`otherRuns`, the runs folder's: a
 * line whose run folder is gone, or recorded no config, is kept), and, on a line that names its
 * config (lines written since agentready records it), of the config named `config` (`configName`;
 * with none, the embedded default, a line of any config is kept).
 */
function ownHistory(entries: HistoryEntry[], input: { suites: readonly string[] | undefined; otherRuns: readonly string[]; config: string | undefined; clean: Redactions }): HistoryEntry[] {
  const { suites, otherRuns, config, clean } = input;
  if (suites === undefined && otherRuns.length === 0 && config === undefined) return entries;
  // The lines' texts are redacted: so are the names they are matched with.
  const ours = suites && new Set(suites.flatMap((name) => [name, clean.text(name)]));
  const others = new Set(otherRuns.flatMap((id) => [id, clean.text(id)]));
  const names = config === undefined ? undefined : new Set([config, clean.text(config)]);
  return entries.filter(
    (entry) => (ours === undefined || ours.has(entry.suite)) && !others.has(entry.run_id) && (names === undefined || entry.config === undefined || names.has(entry.config)),
  );
}

/**
 * The history's entries with its texts (case keys, fingerprints, run ids, commits) redacted as
 * the runs' are, so the two still match: the file is a cache a CI job restores and a merge of
 * branches joins, no safer than a run folder. A history repeats a few texts over thousands of
 * lines: each distinct one is redacted once.
 */
function redactedHistory(entries: HistoryEntry[], clean: Redactions): HistoryEntry[] {
  const done = new Map<string, string>();
  const text = (raw: string): string => {
    let safe = done.get(raw);
    if (safe === undefined) done.set(raw, (safe = clean.text(raw)));
    return safe;
  };
  return entries.map((entry) => ({ ...entry, suite: text(entry.suite), case_id: text(entry.case_id), fingerprint: text(entry.fingerprint), run_id: text(entry.run_id), ...(entry.commit !== undefined ? { commit: text(entry.commit) } : {}), ...(entry.config !== undefined ? { config: text(entry.config) } : {}) }));
}
