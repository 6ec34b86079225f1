/**
 * The run folders `agentready report` reviews: every run under the runs root that started in the
 * window, with its results and traces, oldest first, but kill-switch runs, replays and the
 * shards a merged run joined. A run folder that cannot be read (another version, a corrupt file) is left out and
 * named, never fatal: a weekly review should not fail on one bad folder among many.
 */
import { join } from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import { neutralizeLine } from '../common/sanitize.js';
import type { CaseResult, Trace } from '../config/schema/index.js';
import { isAgentRun, madeByConfig } from './agent-runs.js';
import { listRuns, readRunIfRecorded } from './read-run.js';
import { RECORDED_ADAPTER } from './run-record.js';
import { readTraces } from './run-traces.js';
import { isFiltered } from './plan.js';
import type { LeftOut } from './results-file.js';
import { evalRun } from './eval-verdicts.js';

export interface WindowRun {
  run_id: string;
  started_at: string;
  results: CaseResult[];
  traces: Trace[];
  /** A run of `agentready score` (its adapter is the recorded-trace one). */
  recorded: boolean;
  /** A run of some of the cases only (--grep, --suite, --tag, --last-failed, --shard). */
  filtered: boolean;
  /** Interrupted, or never finished (killed outright, or still running: no summary.json): it holds only the cases that ended. */
  unfinished: boolean;
  /** Answered its model calls from cassettes (--models replay). */
  replayed: boolean;
  /** Only part of it did (a --resume or merge of sessions under different --models): that part's dollars. */
  replayedUsd?: number;
  /** Attempts the run left out (summary.json's `left_out`: cases removed before a `--resume --force`): not in `results`, and their history lines not reviewed. */
  leftOut?: LeftOut[];
}

/** Milliseconds per unit of `--since`. */
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `--since`: `12h`, `7d`, `2w` before now, or a date (`2026-03-01`) or ISO time. */
export function parseSince(text: string, now: Date): Date {
  const hint = 'write a span such as 12h, 7d or 2w, or a date such as 2026-03-01';
  const relative = /^(\d+)\s*([hdw])$/.exec(text.trim());
  if (relative) {
    const start = new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
    // Past the earliest time a Date holds (271,821 BC), the review failed later as "unexpected error: Invalid time value".
    if (Number.isNaN(start.getTime())) throw new UsageError(`bad --since "${text}": a span that reaches back past any date`, hint);
    return start;
  }
  const absolute = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(text.trim()) ? new Date(text.trim()) : new Date(Number.NaN);
  // A day the month does not have (2026-02-30) is no date, not the one Date rolls it over to (2026-03-02).
  if (Number.isNaN(absolute.getTime()) || !isCalendarDay(text.trim().slice(0, 10))) throw new UsageError(`bad --since "${text}"`, hint);
  // A window that starts after now holds no run, whatever there is: a typo of the year or month.
  if (absolute.getTime() > now.getTime()) throw new UsageError(`--since ${text.trim()} is in the future (now is ${now.toISOString()})`, hint);
  return absolute;
}

// Whether YYYY-MM-DD names a day of the calendar, in any time zone.
function isCalendarDay(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The runs that started at or after `since` (every run when undefined), oldest first, the folders
 * that could not be read, and how many runs of the agent started before the window. Only the runs
 * `madeByConfig` the config named `config` (`configName`) count: the configs of one folder share
 * its runs folder, and another config's runs are of another agent or other suites.
 */
export function readRunsSince({ runsRoot, since, cwd, config }: { runsRoot: string; since: Date | undefined; cwd: string; config?: string | undefined }): { runs: WindowRun[]; unreadable: { run: string; reason: string }[]; before: number; otherConfigs: string[] } {
  const runs: WindowRun[] = [];
  const unreadable: { run: string; reason: string }[] = [];
  // The runs another config made (the configs of one folder share its runs folder and its history): their history lines are not this config's.
  const otherConfigs: string[] = [];
  let before = 0;
  const merged = new Set<string>();
  for (const id of listRuns(runsRoot)) {
    try {
      const record = readRunIfRecorded(id, { runsRoot, cwd });
      // A run stopped before its first line recorded nothing to review.
      if (record === undefined) continue;
      // A kill-switch run or a replay does not say what the agent does (`--last-failed` and `review` look past them too).
      if (!isAgentRun(record)) continue;
      if (!madeByConfig(record.header, config)) {
        otherConfigs.push(record.header.run_id);
        continue;
      }
      if (since && Date.parse(record.header.started_at) < since.getTime()) {
        before++;
        continue;
      }
      for (const shard of record.header.merged_from ?? []) merged.add(shard);
      const counted = evalRun({ header: record.header, results: record.results });
      runs.push({
        run_id: record.header.run_id,
        started_at: record.header.started_at,
        results: record.results,
        // The traces its results count (eval-verdicts.ts `counts`): a resumed run's traces.jsonl keeps the trace of an
        // attempt it ran again, whose model calls, tool calls and policy blocks no result has.
        traces: [...readTraces(join(runsRoot, id)).values()].filter((trace) => counted.counts(trace.trace_id)),
        recorded: record.adapter === RECORDED_ADAPTER,
        filtered: record.header.selection !== undefined && isFiltered(record.header.selection),
        unfinished: record.incomplete,
        replayed: record.replayed === true,
        ...(record.replayedUsd === undefined ? {} : { replayedUsd: record.replayedUsd }),
        ...(record.leftOut ? { leftOut: record.leftOut } : {}),
      });
    } catch (error) {
      unreadable.push({ run: id, reason: unreadableReason(error) });
    }
  }
  // A shard joined by `agentready merge` is reviewed as part of the merged run, not twice.
  return { runs: runs.filter((run) => !merged.has(run.run_id)).sort((a, b) => a.started_at.localeCompare(b.started_at) || a.run_id.localeCompare(b.run_id)), unreadable, before, otherConfigs };
}

/**
 * Why a run folder could not be read, in one line: a damaged file's first problem at its
 * file:line:column, with what was expected and found (`damaged at …/results.jsonl:2:184 status:
 * expected one of passed | …, found "bogus"`), as `review` of that run prints it whole;
 * "results.jsonl is corrupt (1 problem)" alone left the user to find the line.
 */
function unreadableReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!(error instanceof ConfigError) || error.issues.length === 0) return error.message;
  const [first] = error.issues;
  const { file, line, column, path, expected, found, message } = first!;
  const what = expected === undefined ? `${message}${found === undefined ? '' : `, found ${found}`}` : `expected ${expected}${found === undefined ? '' : `, found ${found}`}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  // What it quotes is the damaged file's text: printed on one line, its control characters visible.
  return neutralizeLine(`damaged at ${file}:${line}:${column}${path ? ` ${path}` : ''}: ${what}${more}`);
}
