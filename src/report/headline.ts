/**
 * What a finished run's report leads with, decided once: every reporter (terminal, markdown,
 * HTML) words the same decision its own way.
 */
import type { Verdict } from '../gate/types.js';
import { failedExplanations } from '../gate/explain.js';
import { formatShare } from '../common/percent.js';
import { plural } from '../common/plural.js';
import { formatCapUsd, formatSpend } from '../common/usd.js';
import type { RunCostCap } from '../config/schema/summary.js';
import type { BaselineLoosening, RunEnd } from '../gate/index.js';
import type { ToleratedErrors } from '../gate/run-end.js';
import type { RunSummary } from './reporter.js';
import { commandHint } from '../config/command-hint.js';

/**
 * `baseline`: under `--base-baseline`, the verdict was given against a baseline the change loosened
 * or deleted (the verdict's `baseline_loosened`): the headline says so after it, and a pass then is
 * no plain pass.
 */
export type Headline = DecidedHeadline & { baseline?: BaselineLoosening['kind'] };

type DecidedHeadline =
  | { kind: 'interrupted' }
  /** The run stopped short or had too many harness errors: exit 3 whatever the thresholds say. */
  /** `failing`: thresholds that fail on the attempts that did complete (a reviewer sees them listed), when any. */
  | { kind: 'incomplete'; reason: string; failing?: number }
  /** `--no-gate`, or a command that does not gate; `tolerated`: harness errors within run.max_error_rate, said after it. */
  | { kind: 'ungated'; tolerated?: ToleratedErrors }
  /** `unapplied`: every threshold went unapplied (no case shared with the baseline, or no baseline and only relative thresholds): the pass compared nothing. */
  | { kind: 'passed'; unapplied?: number; tolerated?: ToleratedErrors }
  | { kind: 'failed'; thresholds: number }
  /** `eval --kill-switch`: the readiness check judged the run; `tolerated`: harness errors within run.max_error_rate (not judged by it), said after it. */
  | { kind: 'ready'; tolerated?: ToleratedErrors }
  | { kind: 'not_ready'; failing: number };

/**
 * What an interrupted run's reports say of the attempts that did not finish (cancelled in flight,
 * or never reached), beside what finished: `stopped by SIGINT after 6 of 20 attempts: the rest did
 * not finish` (its counts alone would read as a run of 6; "did not run" was untrue of the attempts
 * the signal cancelled, which the agent had begun). `planned`: the attempts the run set out to run
 * (RunPlan's `total`).
 */
export function stoppedText(input: { signal: string; ran: number; planned: number }): string {
  return `stopped by ${input.signal} after ${input.ran} of ${plural(input.planned, 'attempt')}: the rest did not finish`;
}

/**
 * The sentence an interrupted run's summary (markdown, HTML) puts under its counts, when the plan
 * is known: `The run was stopped by SIGINT after 6 of 20 attempts: the rest did not finish`, and the
 * command that runs them (the report writes it as code); undefined for any other run.
 */
export function stoppedNote(summary: Pick<RunSummary, 'end' | 'metrics'> & { planned?: number | undefined }): { text: string; resume: string } | undefined {
  const { end, planned } = summary;
  if (end.kind !== 'interrupted' || planned === undefined) return undefined;
  return { text: `The run was ${stoppedText({ signal: end.signal, ran: summary.metrics.overall.attempts, planned })}`, resume: commandHint('eval --resume') };
}

/** The headline of a run that ended as `run.end` says, judged by `verdict` or, under the kill switch, by its readiness check. */
export function headlineOf(run: Pick<RunSummary, 'end' | 'readiness'>, verdict: Verdict | undefined): Headline {
  const decided = decidedHeadline(run, verdict);
  const loosening = verdict?.baseline_loosened;
  return loosening === undefined ? decided : { ...decided, baseline: loosening.kind };
}

function decidedHeadline(run: Pick<RunSummary, 'end' | 'readiness'>, verdict: Verdict | undefined): DecidedHeadline {
  const { end, readiness } = run;
  switch (end.kind) {
    case 'interrupted':
      return { kind: 'interrupted' };
    case 'skipped_for_cost':
    case 'too_many_errors':
    case 'no_results':
      return { kind: 'incomplete', reason: describeIncomplete(end), ...(verdict && !verdict.pass ? { failing: failedExplanations(verdict).length } : {}) };
    case 'completed':
      // A pass, a Ready or an ungated run with harness errors the run allowed says so: a crash is not silently green.
      const tolerated = end.tolerated ? { tolerated: end.tolerated } : {};
      if (readiness?.judged) return readiness.tally.ready ? { kind: 'ready', ...tolerated } : { kind: 'not_ready', failing: readiness.tally.failing.length };
      if (verdict === undefined) return { kind: 'ungated', ...tolerated };
      if (!verdict.pass) return { kind: 'failed', thresholds: failedExplanations(verdict).length };
      return nothingCompared(verdict) ? { kind: 'passed', unapplied: unappliedCount(verdict), ...tolerated } : { kind: 'passed', ...tolerated };
  }
}

/**
 * A passing verdict whose every threshold went unapplied: against a baseline the run shares no case
 * with (or that holds no value of the metrics watched), or with no baseline and only relative
 * thresholds (`max_drop_pp` and the like): it compared nothing. Without a baseline, one absolute
 * threshold (`min`, `max`, the default gate's `success_rate: { min: 1.0 }`) applied is a plain pass.
 */
function nothingCompared(verdict: Verdict): boolean {
  const newly = verdict.newly_failing;
  return verdict.checks.every((check) => check.not_applied) && newly?.kind !== 'judged' && unappliedCount(verdict) > 0;
}

function unappliedCount(verdict: Verdict): number {
  return verdict.checks.length + (verdict.newly_failing?.kind === 'not_applied' ? 1 : 0);
}

/** Why a run is incomplete: "1 of 4 attempts ended in harness errors (25%), above run.max_error_rate 0.1", "no case produced a result: 2 of 2 attempts ended in harness errors". */
export function describeIncomplete(end: Extract<RunEnd, { kind: 'skipped_for_cost' | 'too_many_errors' | 'no_results' }>): string {
  if (end.kind === 'skipped_for_cost') return `${plural(end.skipped, 'attempt')} skipped after the run reached budgets.max_run_cost_usd`;
  const ended = endedIn(end);
  if (end.kind === 'no_results') return `no case produced a result: ${end.errors} of ${plural(end.errors, 'attempt')} ${ended}`;
  return `${end.errors} of ${end.counted} attempts ${ended} (${errorShare(end)}), above run.max_error_rate ${end.maxErrorRate}`;
}

/**
 * A run that ended above budgets.max_run_cost_usd, said whether or not it skipped cases: "the run
 * spent $1.62, $1.12 above budgets.max_run_cost_usd 0.5: …". Undefined within the cap.
 */
export function describeCapOvershoot(cap: RunCostCap, run: { concurrency: number }): string | undefined {
  if (cap.over_usd <= 0) return undefined;
  return `${SPENT} ${formatSpend(cap.spent_usd)}, ${formatSpend(cap.over_usd)} ${ABOVE_CAP} ${formatCapUsd(cap.max_usd)}: the cap stops new cases from starting, not the cases already running when it is reached (run.concurrency ${run.concurrency})`;
}

const SPENT = 'the run spent';
const ABOVE_CAP = 'above budgets.max_run_cost_usd';

/** Whether a warning is describeCapOvershoot's, which the lifecycle makes at a run's end from the whole run's spend: a resumed run's earlier session said it of its part. */
export function isCapOvershoot(warning: string): boolean {
  return warning.startsWith(`${SPENT} `) && warning.includes(` ${ABOVE_CAP} `);
}

/**
 * A pass with nothing to add (green, ✅): thresholds applied, or the kill switch's Ready, no
 * harness error tolerated, and a baseline the change did not loosen; any other pass or Ready reads
 * as a warning.
 */
export function isPlainPass(headline: Headline): boolean {
  if (headline.baseline !== undefined) return false;
  if (headline.kind === 'ready') return headline.tolerated === undefined;
  return headline.kind === 'passed' && headline.unapplied === undefined && headline.tolerated === undefined;
}

/** A pass or a Ready with something to add (thresholds not applied, harness errors tolerated, a loosened baseline): ⚠️, not ✅. */
export function isWarnedPass(headline: Headline): boolean {
  return (headline.kind === 'passed' || headline.kind === 'ready') && !isPlainPass(headline);
}

/**
 * "Gate passed", "Gate FAILED (2 thresholds)", "Kill switch: NOT ready", "Run incomplete: …": the
 * headline as one line of text (the terminal's verdict line, markdown's title, the HTML page's
 * verdict and <title>), with what a loosened or deleted baseline adds after it.
 */
export function headlineText(headline: Headline): string {
  return `${decidedText(headline)}${BASELINE_TAIL[headline.baseline ?? 'unchanged']}`;
}

/** A headline's tail under a loosened (or deleted) baseline, '' without one. */
const BASELINE_TAIL = { unchanged: '', removed: ' (this change deletes the baseline)', loosened: ' (against a baseline this change loosened)' } as const;

function decidedText(headline: DecidedHeadline): string {
  switch (headline.kind) {
    case 'interrupted':
      return 'Run interrupted';
    case 'incomplete':
      return `Run incomplete, gate not decided: ${headline.reason}${headline.failing ? `; ${plural(headline.failing, 'threshold')} already ${headline.failing === 1 ? 'fails' : 'fail'} on the cases that ran` : ''}`;
    case 'ungated':
      return `Run completed (gate not applied)${toleratedText(headline.tolerated)}`;
    case 'passed':
      return `${headline.unapplied === undefined ? 'Gate passed' : `Gate passed without comparing anything: ${plural(headline.unapplied, 'threshold')} not applied`}${toleratedText(headline.tolerated)}`;
    case 'failed':
      return headline.thresholds > 0 ? `Gate FAILED (${headline.thresholds} ${headline.thresholds === 1 ? 'threshold' : 'thresholds'})` : 'Gate FAILED';
    case 'ready':
      return `Kill switch: Ready${toleratedText(headline.tolerated)}`;
    case 'not_ready':
      return headline.failing > 0 ? `Kill switch: NOT ready (${headline.failing} failing ${headline.failing === 1 ? 'attempt' : 'attempts'})` : 'Kill switch: NOT ready';
  }
}

/** "; 1 of 6 attempts ended in harness errors (17%), within run.max_error_rate 0.2", or '' when there were none. */
function toleratedText(tolerated: ToleratedErrors | undefined): string {
  if (tolerated === undefined) return '';
  const { errors, counted, maxErrorRate } = tolerated;
  return `; ${errors} of ${plural(counted, 'attempt')} ${endedIn(tolerated)} (${errorShare(tolerated)}), within run.max_error_rate ${maxErrorRate}`;
}

/**
 * The errors' share of the attempts, whole percents ("17%"), but never "0%" for some errors, which beside "above
 * run.max_error_rate 0" reads as none: 1 of 300 is "0.3%", 1 of 5000 "<0.1%".
 */
function errorShare({ errors, counted }: { errors: number; counted: number }): string {
  const whole = formatShare(errors / counted, 0);
  if (errors === 0 || whole !== '0%') return whole;
  const tenth = formatShare(errors / counted, 1);
  return tenth === '0%' ? '<0.1%' : tenth;
}

/** How the errored attempts ended: in harness errors, or (`agentready score`) some or all undecidable from redacted traces, which are none. */
function endedIn(end: { errors: number; undecidable?: number | undefined }): string {
  const undecidable = end.undecidable ?? 0;
  const redacted = 'not decidable from traces written with redaction on (UNDECIDABLE)';
  return undecidable === 0 ? 'ended in harness errors' : undecidable === end.errors ? `were ${redacted}` : `ended in errors, ${undecidable} of them ${redacted}`;
}
