/**
 * Reading a run folder back (SPEC §8, §11 compare / replay / resume): its results (parsed by
 * `results-file.ts`) and what `summary.json` says of the agent (its traces: `run-traces.ts`). A run is named by
 * its id (a folder under the runs root) or by a path; which runs count when a command looks back.
 */
import { withoutBom } from '../config/bom.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RunSummaryReadSchema, type CaseResult, type ResultsHeader, type RunSummaryRead } from '../config/schema/index.js';
import { EmptyRunError, UsageError, type ConfigIssue } from '../errors.js';
import { syntaxErrorPosition, withoutExcerpt } from '../config/json-error.js';
import type { Redactions } from '../common/redact-deep.js';
import { RESULTS_FILE, SUMMARY_FILE } from './run-folder.js';
import { redactedResult } from './run-record.js';
import { corrupt, parseResults, withoutLeftOut, type LeftOut } from './results-file.js';
import { agentName, type AgentName } from '../config/schema/agent.js';
import { commandHint } from '../config/command-hint.js';
import { shownFolder, shownPath } from '../config/shown-path.js';

/** Run ids shown in the hint when a run is not found. */
const HINT_RUNS = 5;

export interface RunRecord {
  /** Absolute path of the run folder. */
  dir: string;
  header: ResultsHeader;
  /** One result per attempt, in file order; a repeated line for the same attempt replaces the earlier one. */
  results: CaseResult[];
  /** From summary.json, when the run got that far. */
  agent?: AgentName;
  adapter?: string;
  finished_at?: string;
  duration_ms?: number;
  /** True when summary.json says the run was interrupted, or there is no summary.json. */
  incomplete: boolean;
  /** True for an `eval --kill-switch` run: every case read-only, judged by readiness (its summary says so, or its results header, which an unfinished run has alone). */
  killSwitch: boolean;
  /** True when summary.json says the run's model calls were answered from cassettes (`--models replay`): its costs were not spent. */
  replayed?: boolean;
  /** When summary.json says only part of the run was replayed: that part's dollars. */
  replayedUsd?: number;
  /** Attempts not run because the run reached `budgets.max_run_cost_usd`: `--resume` runs them. */
  skippedForCost: number;
  /** Requests refused for a missing or wrong token, as summary.json counts them (absent without one). */
  unauthenticatedRequests?: number;
  /** What the run warned of at its end, as summary.json holds them (absent without one). */
  warnings?: string[];
  /** Attempts results.jsonl holds that the run left out (summary.json's `left_out`: their cases were removed from the suites before a `--resume --force`): not in `results`. */
  leftOut?: LeftOut[];
  /** The suites' fingerprint its last session ran, as summary.json records it: a `--resume --force` after an edit ran the suites as they were then (the header keeps the first session's). */
  fingerprint?: string;
}

/**
 * Whether a run was an `eval --kill-switch` run (`RunRecord.killSwitch`), from its folder: its
 * results header's selection is read_only (headers name the mode since --resume, and an unfinished
 * run has its header alone), or its summary carries the kill switch (since the lifecycle): either is enough.
 */
export function ranKillSwitch(run: { header: Pick<ResultsHeader, 'selection'>; summary?: Pick<RunSummaryRead, 'kill_switch'> | undefined }): boolean {
  return run.header.selection?.mode === 'read_only' || (run.summary !== undefined && run.summary.kill_switch !== undefined);
}

/** Reads the run named by `ref`: a run id under `runsRoot`, or a run folder (or its results.jsonl) relative to `cwd`. */
export function readRun(ref: string, options: { runsRoot: string; cwd: string }): RunRecord {
  const dir = resolveRunDir(ref, options);
  const file = join(dir, RESULTS_FILE);
  const shown = shownPath(file, options.cwd);
  const text = readFileSync(file, 'utf8');
  const parsed = parseResults(text, shown);
  const { header } = parsed;
  const summary = readSummary(dir, options.cwd);
  const leftOut = summary.missing ? undefined : summary.left_out;
  const results = withoutLeftOut(parsed.results, leftOut);
  const skippedForCost = results.reduce((n, result) => (result.status === 'skipped' ? n + 1 : n), 0);
  if (!summary.missing) refuseCutResults({ summary, results, file: { shown, text } });
  // Killed before its summary.json (SIGKILL): the agent and transport its header recorded as it began.
  if (summary.missing) return { dir, header, results, ...(header.agent ? { agent: header.agent } : {}), ...(header.adapter ? { adapter: header.adapter } : {}), incomplete: true, killSwitch: ranKillSwitch({ header }), skippedForCost };
  return {
    dir,
    header,
    results,
    ...(summary.agent ? { agent: agentName(summary.agent) } : {}),
    ...(summary.adapter ? { adapter: summary.adapter } : {}),
    ...(summary.finished_at ? { finished_at: summary.finished_at } : {}),
    ...(summary.duration_ms !== undefined ? { duration_ms: summary.duration_ms } : {}),
    ...(summary.replayed === true ? { replayed: true } : {}),
    ...(summary.replayed_usd !== undefined ? { replayedUsd: summary.replayed_usd } : {}),
    ...(summary.unauthenticated_requests !== undefined ? { unauthenticatedRequests: summary.unauthenticated_requests } : {}),
    ...(summary.warnings?.length ? { warnings: summary.warnings } : {}),
    ...(leftOut?.length ? { leftOut } : {}),
    fingerprint: summary.fingerprint,
    incomplete: summary.interrupted === true,
    killSwitch: ranKillSwitch({ header, summary }),
    skippedForCost,
  };
}

/**
 * `readRun` for a reader that looks over the runs (the newest run, a trace id's run, the weekly
 * review's window): undefined for a run that recorded no case (EmptyRunError: stopped before its
 * first line), which holds nothing to find. A command naming such a run reads it with `readRun`, and says so.
 */
export function readRunIfRecorded(ref: string, options: { runsRoot: string; cwd: string }): RunRecord | undefined {
  try {
    return readRun(ref, options);
  } catch (error) {
    if (error instanceof EmptyRunError) return undefined;
    throw error;
  }
}

/** The absolute run folder `ref` names; a UsageError listing recent runs when it names none. */
export function resolveRunDir(ref: string, options: { runsRoot: string; cwd: string }): string {
  const asPath = resolve(options.cwd, ref);
  if (existsSync(asPath)) {
    if (statSync(asPath).isFile() && basename(asPath) === RESULTS_FILE) return resolve(asPath, '..');
    if (statSync(asPath).isDirectory()) {
      if (existsSync(join(asPath, RESULTS_FILE))) return asPath;
      throw new UsageError(`${shownFolder(asPath, options.cwd)} is not a run folder (it has no ${RESULTS_FILE})`, runsHint(options));
    }
  }
  // A run id with a folder's trailing slash (`r1/`, as a shell completes it) names the run.
  const id = withoutTrailingSlashes(ref);
  const byId = join(options.runsRoot, id);
  if (id !== '' && !id.includes('/') && !id.includes('\\') && existsSync(join(byId, RESULTS_FILE))) return byId;
  if (existsSync(asPath)) throw new UsageError(`${shownPath(asPath, options.cwd)} is a file, not a run: give a run id, a run folder or its ${RESULTS_FILE}`, fileHint({ ...options, file: asPath }));
  throw new UsageError(`no run "${ref}": neither a run folder nor a run id under ${shownFolder(options.runsRoot, options.cwd)}`, runsHint(options));
}

/** `ref` without the trailing slashes (`/` or `\`) a shell completes a folder's name with: `r1/` names run r1. */
export function withoutTrailingSlashes(ref: string): string {
  return ref.replace(/[/\\]+$/, '');
}

/**
 * How long a run had run, every session of it: its summary's duration_ms, or, when a later session
 * was killed outright (no summary.json of its own), the latest `run_ms` results.jsonl recorded:
 * that session's time through its last recorded attempt (what it spent on attempts cut short is lost).
 */
export function runDurationMs(run: Pick<RunRecord, 'duration_ms' | 'results'>): number {
  let recorded = run.duration_ms ?? 0;
  for (const result of run.results) recorded = Math.max(recorded, result.run_ms ?? 0);
  return recorded;
}

/** Run ids under the runs root, oldest first (ids sort by start time). */
export function listRuns(runsRoot: string): string[] {
  if (!existsSync(runsRoot)) return [];
  return readdirSync(runsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runsRoot, entry.name, RESULTS_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/**
 * What a run folder's summary.json says: `missing` (the run never finished: killed outright; or
 * `dir` is no folder at all, a file beside the runs such as a README),
 * `read` (each field when it parses), or `unreadable` (not JSON, or not a file that can be read:
 * the problem where it is, the file shown from `cwd`).
 */
export type RunSummaryReading = { state: 'missing' } | { state: 'read'; summary: RunSummaryRead } | { state: 'unreadable'; issue: ConfigIssue };

export function readRunSummary(dir: string, cwd: string): RunSummaryReading {
  const path = join(dir, SUMMARY_FILE);
  const file = shownPath(path, cwd);
  let text: string;
  try {
    text = withoutBom(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    return { state: 'unreadable', issue: { file, line: 1, column: 1, path: '', code: 'unreadable', message: `could not be read (${code ?? (error as Error).message})` } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return { state: 'unreadable', issue: { file, ...syntaxErrorPosition(message, text), path: '', code: 'invalid_json', message: `not valid JSON: ${withoutExcerpt(message)}` } };
  }
  const parsed = RunSummaryReadSchema.safeParse(raw);
  return { state: 'read', summary: parsed.success ? parsed.data : {} };
}

// Returns what summary.json says of the run (each field when it parses); a missing file means the run never finished; an unreadable one is a damaged run folder.
function readSummary(dir: string, cwd: string): (RunSummaryRead & { missing: false }) | { missing: true } {
  const reading = readRunSummary(dir, cwd);
  if (reading.state === 'missing') return { missing: true };
  if (reading.state === 'unreadable') throw corrupt([reading.issue]);
  return { ...reading.summary, missing: false };
}

// Throws when summary.json, written after the last result line, counts more attempts than results.jsonl holds: the file was cut short (a copy or a download broke off) or edited, and the cases it lost would read as removed from the run.
// The file's last line is where it was cut; counted only then, as reading a run needs no line count.
function refuseCutResults(args: { summary: RunSummaryRead; results: readonly CaseResult[]; file: { shown: string; text: string } }): void {
  const { summary, results, file } = args;
  const counted = summary.counts?.attempts;
  if (summary.interrupted !== false || counted === undefined || results.length >= counted) return;
  throw corrupt([
    {
      file: file.shown,
      line: file.text.split('\n').length,
      column: 1,
      path: '',
      code: 'results_cut',
      message: `results.jsonl holds ${results.length} of the ${counted} attempts its summary.json counts: the file was cut short or edited`,
    },
  ]);
}

// Returns the hint naming the most recent runs.
/**
 * The hint for a file given where a run goes: a baseline (`compare agentready.baseline.json <run>`) is
 * what `eval` compares each run with, and `baseline show` prints; then the runs there are.
 */
function fileHint(options: { runsRoot: string; file: string }): string {
  const runs = runsHint(options);
  if (!/baseline[^/\\]*\.json$/i.test(basename(options.file))) return runs;
  return `the baseline is no run: \`${commandHint('eval')}\` compares a new run with it, \`${commandHint('baseline show')}\` prints it; ${runs}`;
}

function runsHint(options: { runsRoot: string }): string {
  const runs = listRuns(options.runsRoot);
  if (runs.length === 0) return `no run folder yet: run \`${commandHint('eval')}\` first`;
  return `recent runs: ${runs.slice(-HINT_RUNS).reverse().join(', ')}`;
}

/**
 * A run read back, redacted for output by `clean` (made with --no-redact, or copied from elsewhere):
 * its results (`redactedResult`) and what its summary says of the agent.
 */
export function redactedRun(run: RunRecord, clean: Redactions): RunRecord {
  return {
    ...run,
    results: run.results.map((result) => redactedResult(result, clean)),
    ...(run.agent === undefined ? {} : { agent: clean.deep(run.agent) }),
    ...(run.adapter === undefined ? {} : { adapter: clean.text(run.adapter) }),
  };
}
