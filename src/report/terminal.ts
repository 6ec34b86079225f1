/**
 * The terminal reporter: a live progress line on stderr when the screen is live (a TTY
 * outside CI), one line per failing case otherwise, and at the end the table, the failures,
 * the verdict and where the run folder is.
 */
import { relative, resolve } from 'node:path';
import { blockedCode, type CaseResult } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { neutralizeLine, neutralize } from '../common/sanitize.js';
import { formatModelTable } from './format-models.js';
import { attemptLabel, repeatedCaseTally } from './failing-cases.js';
import { checkLabel, firstLine, formatFailures, formatSummaryTable, unauthenticatedNote } from './format-summary.js';
import { callLines } from './call-lines.js';
import { formatVerdict } from './format-verdict.js';
import { formatMs, formatPartlyReplayed, formatRunCost, REPLAYED_WHY } from './format-figures.js';
import { plural } from '../common/plural.js';
import type { CaseEnd, CaseLocation, Reporter, RunPlan, RunSummary } from './reporter.js';
import { caseKey } from '../gate/diff.js';
import type { Screen } from './screen.js';
import { agentLabel } from '../config/agent-label.js';
import { stoppedText } from './headline.js';
import { commandHint } from '../config/command-hint.js';

/** Shortest pause between two redraws of the progress line, in ms, so a fast run doesn't flood the terminal. */
const REDRAW_INTERVAL_MS = 100;
/** Return to column 0 and erase the line. */
const CLEAR_LINE = '\r\x1b[2K';
/**
 * Failing attempts whose tool calls are held for the failure list: it shows FULL_FAILURES cases in
 * full, mostly among the first to fail, and a run of 100,000 failing cases must not hold them all.
 */
const FAILING_CALLS_HELD = 200;

export interface TerminalReporterOptions {
  screen: Screen;
  /** Writes to stdout. */
  write: (text: string) => void;
  /** Writes to stderr (progress line, warnings). */
  writeErr: (text: string) => void;
  /** Paths are shown relative to this folder. */
  cwd: string;
  /** Milliseconds clock; injected for tests. */
  now?: () => number;
  /** Under CI (`inCi`): the pull request's comment says how to run a failing case again, so the report does not. Absent: not CI. */
  ci?: boolean;
}

export interface Progress {
  total: number;
  done: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  startedAt: number;
  /** What `total` counts: attempts under --repeat (each case runs several) or when cases have uneven attempts (score), else cases. */
  unit: 'cases' | 'attempts';
  /** Every case runs the same number of attempts, more than one (--repeat): each failing attempt says its number, attempt 1 too. */
  repeated: boolean;
}

export class TerminalReporter implements Reporter {
  private readonly now: () => number;
  private progress: Progress | undefined;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lineShown = false;
  /** Where each failing case is written, `file:line:column` from the current folder, for its block in the failure list. */
  private readonly failingAt = new Map<string, string>();
  /** The first FAILING_CALLS_HELD failing attempts' tool calls with their answers (`callLines`), by trace id, for their blocks in the failure list. */
  private readonly failingCalls = new Map<string, readonly string[]>();
  /** The run is one `eval --last-failed` and `replay` can read again: cases the agent answered now, not the kill switch's (both look past those). */
  private rerunnable = false;

  constructor(private readonly options: TerminalReporterOptions) {
    this.now = options.now ?? Date.now;
  }

  printsToStdio(): boolean {
    return true;
  }

  onRunStart(plan: RunPlan): void {
    const mode = plan.kill_switch ? ', kill switch on' : '';
    const agent = neutralizeLine(agentLabel(plan.agent));
    const { what, repeated, unit } = planSize(plan);
    this.progress = { total: plan.total, done: 0, passed: 0, failed: 0, errors: 0, skipped: 0, startedAt: this.now(), unit, repeated };
    this.rerunnable = plan.origin.kind === 'live' && !plan.kill_switch;
    if (plan.origin.kind === 'recorded') {
      this.options.write(`Reading ${what} from ${neutralizeLine(plan.origin.from)}, recorded against ${agent} (${plan.adapter})${mode}\n`);
      return;
    }
    if (plan.origin.kind === 'traces') {
      this.options.write(`Scoring ${what} from ${neutralizeLine(plan.origin.from)}, traces the agent recorded${mode}\n`);
      return;
    }
    // The cases in flight at once: fewer than the concurrency when fewer attempts are left to run; none said when none is (a shard the cases did not reach).
    const left = plan.total - (plan.resumed ?? 0);
    const inFlight = Math.min(plan.concurrency, left);
    const capped = plan.concurrency_asked === undefined || inFlight < plan.concurrency ? '' : ` (${plan.concurrency_asked} asked: the agent takes ${plan.concurrency} at once)`;
    const concurrency = left > 0 ? `, concurrency ${inFlight}${capped}` : '';
    // A resumed run is the whole run (its earlier attempts are reported too), most of which may be done.
    const shard = plan.shard ? `shard ${plan.shard.index} of ${plan.shard.total}` : undefined;
    // A shard none of the cases fell in: the session did not start the agent (session.ts).
    if (plan.total === 0 && plan.resumed === undefined) {
      this.options.write(`Running no case${shard ? ` (${shard}: none of the cases fell in it)` : ''}: the agent (${plan.adapter}) was not started${mode}\n`);
      return;
    }
    const running = plan.resumed === undefined
      ? `Running ${what}${shard ? ` (${shard})` : ''}`
      : `Resuming run ${neutralizeLine(plan.run_id)} (${what}${shard ? `, ${shard}` : ''}): ${resumedText({ kept: plan.resumed, rerun: plan.rerun ?? 0, blocked: plan.blocked ?? 0, errored: plan.errored ?? 0, removed: plan.removed ?? 0, total: plan.total })}`;
    this.options.write(`${running} against ${agent} (${plan.adapter})${concurrency}${mode}\n`);
  }

  onCaseEnd(end: CaseEnd): void {
    const { result, location } = end;
    const progress = this.progress;
    if (progress) count(progress, result);
    if (result.status === 'failed' || result.status === 'error') {
      this.failingAt.set(caseKey(result), this.shownLocation(location));
      if (end.kind === 'ran' && this.failingCalls.size < FAILING_CALLS_HELD) this.failingCalls.set(result.trace_id, callLines(end.trace));
      this.clearLine();
      // Attempt 1 is labelled under --repeat; a later one always (score's cases may have uneven attempts).
      this.options.write(`${this.options.screen.colors.red('✗')} ${caseLine(result, progress?.repeated === true || result.attempt > 1)}\n`);
      this.lastDraw = Number.NEGATIVE_INFINITY;
    }
    if (progress && this.options.screen.live) this.drawProgress(progress);
  }

  onRunEnd(summary: RunSummary, verdict: Verdict | undefined): void {
    this.clearLine();
    const { screen, write } = this.options;
    const sections = [formatSummaryTable(screen, { metrics: summary.metrics, verdict, cases: repeatedCaseTally(summary), results: summary.results, asked: summary.repeat })];
    // The table's $ columns have no room for the words: the line under it says what they are.
    if (summary.replayed) sections[0] += `\n${screen.colors.yellow(`$ total ${formatRunCost(summary.metrics.overall.cost_total, { replayed: true })}: ${REPLAYED_WHY} (--models replay)`)}`;
    else if (summary.replayed_usd !== undefined) sections[0] += `\n${screen.colors.yellow(formatPartlyReplayed(summary.metrics.overall.cost_total, summary.replayed_usd))}`;
    const models = formatModelTable(screen, summary.models);
    if (models !== '') sections.push(models);
    // The metrics counted every attempt's status: with no failed or error attempt, no pass over the attempts.
    const { failed, errors } = summary.metrics.overall;
    const failures = failed + errors === 0 ? '' : formatFailures(screen, { results: summary.results, statuses: summary.figures, verdict, locations: this.failingAt, calls: this.failingCalls });
    if (failures !== '') sections.push(failures);
    if (verdict) sections.push(formatVerdict(screen, { verdict, end: summary.end }));
    if (summary.interrupted) sections.push(screen.colors.yellow(interruptedLine(summary, this.progress?.total)));
    if (summary.unauthenticated_requests > 0) {
      sections.push(screen.colors.yellow(unauthenticatedNote(summary.unauthenticated_requests)));
    }
    const runFolder = `Run folder: ${relative(this.options.cwd, summary.run_dir) || '.'} · ${formatMs(summary.duration_ms)}`;
    const next = this.rerunnable && this.options.ci !== true ? nextStepLine(summary, verdict) : undefined;
    sections.push(next === undefined ? runFolder : `${runFolder}\n${next}`);
    write(`\n${sections.join('\n\n')}\n`);
  }

  onError(error: unknown): void {
    this.clearLine();
    const message = error instanceof Error ? error.message : String(error);
    this.options.writeErr(`${this.options.screen.colors.red('agentready: error:')} ${neutralize(message)}\n`);
  }

  onExit(): void {
    this.clearLine();
  }

  // Returns `file:line:column` of a case, the file relative to the current folder, as editors and terminals open it.
  private shownLocation(location: CaseLocation): string {
    const { cwd } = this.options;
    return `${relative(cwd, resolve(cwd, location.file)) || location.file}:${location.line}:${location.column}`;
  }

  // Redraws the progress line, at most once per REDRAW_INTERVAL_MS, always for the last case.
  private drawProgress(progress: Progress): void {
    const now = this.now();
    if (now - this.lastDraw < REDRAW_INTERVAL_MS && progress.done < progress.total) return;
    this.lastDraw = now;
    const line = formatProgress(progress, now).slice(0, Math.max(1, this.options.screen.columns - 1));
    this.options.writeErr(`${CLEAR_LINE}${line}`);
    this.lineShown = true;
  }

  // Erases the progress line if one is on screen.
  private clearLine(): void {
    if (!this.lineShown) return;
    this.options.writeErr(CLEAR_LINE);
    this.lineShown = false;
  }
}

/** "12/40 cases · 11 passed · 1 failed · 3.2s · ETA 8s" (attempts under --repeat, passed and failed too). */
export function formatProgress(progress: Progress, now: number): string {
  const elapsed = now - progress.startedAt;
  const parts = [`${progress.done}/${progress.total} ${progress.unit}`, `${progress.passed} passed`, `${progress.failed} failed`];
  if (progress.errors > 0) parts.push(`${progress.errors} ${progress.errors === 1 ? 'error' : 'errors'}`);
  if (progress.skipped > 0) parts.push(`${progress.skipped} skipped`);
  parts.push(formatMs(elapsed));
  const left = progress.total - progress.done;
  if (progress.done > 0 && left > 0) parts.push(`ETA ${formatMs(Math.round((elapsed / progress.done) * left))}`);
  return parts.join(' · ');
}

// Adds one finished attempt to the counters.
function count(progress: Progress, result: CaseResult): void {
  progress.done++;
  if (result.status === 'passed') progress.passed++;
  else if (result.status === 'failed') progress.failed++;
  else if (result.status === 'error') progress.errors++;
  else progress.skipped++;
}

// Returns "suite/case_id  check: reason" for a failing attempt, on one line.
/** A failing or errored attempt on one line: its name, then its first failing check or its error. */
export function caseLine(result: CaseResult, repeated: boolean): string {
  const name = neutralizeLine(`${result.suite}/${result.case_id}`);
  const attempt = attemptLabel({ attempt: result.attempt, repeated });
  // A message's first line: the lines that may follow it (an error's stderr lines) are in the failure list.
  if (result.status === 'error') return `${name}${attempt}  error ${result.error?.code ?? ''}: ${neutralizeLine(firstLine(result.error?.message ?? ''))}`;
  const check = result.checks.find((k) => !k.pass);
  if (check === undefined) return `${name}${attempt}  ${result.outcome === 'timeout' ? 'timed out' : 'failed'}`;
  return `${name}${attempt}  ${checkLabel(check)}: ${neutralizeLine(firstLine(check.reason))}`;
}

/**
 * The line a run that failed its gate (exit 1) ends with, outside CI, when a case failed: the
 * commands that run the failing cases again (`eval --last-failed`) and replay the first of them
 * that recorded a trace (`replay <trace id>`; not one that blocked agentready's process), as
 * docs/ci.md "A red gate, on your machine" gives them; undefined otherwise (a pass, an ungated or
 * incomplete run, a gate failed by a threshold alone).
 */
function nextStepLine(summary: Pick<RunSummary, 'end' | 'metrics' | 'results'>, verdict: Verdict | undefined): string | undefined {
  const { failed, errors } = summary.metrics.overall;
  if (summary.end.kind !== 'completed' || verdict === undefined || verdict.pass || failed + errors === 0) return undefined;
  const rerun = `Next: \`${commandHint('eval --last-failed')}\` runs the failing cases again`;
  for (const result of summary.results) {
    if (result.status !== 'failed' && (result.status !== 'error' || blockedCode(result.error?.code))) continue;
    const replay = commandHint(`replay ${neutralizeLine(result.trace_id)}`);
    return `${rerun}; \`${replay}\` replays ${neutralizeLine(`${result.suite}/${result.case_id}`)}, its tool calls answered from this run`;
  }
  return rerun;
}

/**
 * The line an interrupted run ends with: how many of the attempts it planned finished, when the
 * plan is known (the counts above would read as a whole run of that size), and that the results
 * cover those alone.
 */
function interruptedLine(summary: RunSummary, planned: number | undefined): string {
  const { end } = summary;
  const stopped = end.kind === 'interrupted' && planned !== undefined ? ` (${stoppedText({ signal: end.signal, ran: summary.metrics.overall.attempts, planned })})` : '';
  return `Interrupted${stopped}: the results above cover only the cases that finished.`;
}

/**
 * How much a run plans, in words: "3 cases", "1 case", "3 cases × 5 attempts" — cases and
 * attempts differ under --repeat: say both rather than call attempts cases — or, when the cases'
 * attempts are uneven (`score` of a file holding two traces of one case), "3 cases (4 attempts)";
 * and what the progress line counts.
 */
export function planSize(plan: Pick<RunPlan, 'suites' | 'total'>): { what: string; repeated: boolean; unit: 'cases' | 'attempts' } {
  const cases = plan.suites.reduce((n, suite) => n + suite.cases, 0);
  if (cases === 0 || plan.total <= cases) return { what: plural(plan.total, 'case'), repeated: false, unit: 'cases' };
  const repeated = plan.total % cases === 0;
  return { what: repeated ? `${plural(cases, 'case')} × ${plan.total / cases} attempts` : `${plural(cases, 'case')} (${plan.total} attempts)`, repeated, unit: 'attempts' };
}

// "14 had finished, running the other 16", or with attempts of cases changed since (--force):
// "4 had finished, 2 of them of cases changed since, which run again: running 13"; and of those kept,
// the attempts whose module agent, tool handler or custom scorer had blocked the process (its case's line says which: AGENT_BLOCKED, HANDLER_BLOCKED, SCORER_BLOCKED): "2 had finished, 1 had blocked the process (an error), running the other 1";
// and the attempts that had ended in a harness error (SPEC §11: --resume runs them again; a run that finished with errors too): "1 had finished, 1 had ended in a harness error, which runs again: running 1";
// and those of cases the suites no longer have (--force; a warning names them): "3 had finished, 1 of them of a case removed since, left out: running 3".
function resumedText(input: { kept: number; rerun: number; blocked: number; errored: number; removed: number; total: number }): string {
  const { kept, rerun, blocked, errored, removed, total } = input;
  const finished = kept - blocked;
  const blockedPart = blocked === 0 ? '' : `, ${blocked} had blocked the process (${blocked === 1 ? 'an error' : 'errors'})`;
  const erroredPart = errored === 0 ? '' : `, ${errored} had ended in ${errored === 1 ? 'a harness error, which runs' : 'harness errors, which run'} again`;
  const changedPart = rerun === 0 ? '' : `, ${rerun} of them of ${rerun === 1 ? 'a case' : 'cases'} changed since, which run again`;
  const removedPart = removed === 0 ? '' : `, ${removed} of them of ${removed === 1 ? 'a case' : 'cases'} removed since, left out`;
  if (rerun === 0 && errored === 0 && removed === 0) return `${finished} had finished${blockedPart}, running the other ${total - kept}`;
  return `${finished + rerun + removed} had finished${changedPart}${removedPart}${blockedPart}${erroredPart}: running ${total - kept}`;
}
