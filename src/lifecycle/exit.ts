/**
 * The exit code as a pure function of how the run ended and how it was judged. Every command
 * that runs or reads cases (eval, score, baseline update, compare) asks this one function, so
 * `--no-gate`, the kill switch and a failed reporter mean the same thing everywhere.
 */
import type { ExitRecord, KillSwitchSummary } from '../config/schema/index.js';
import { EXIT } from '../errors.js';
import { gateFailure, type Verdict } from '../gate/index.js';
import { formatShare } from '../common/percent.js';

/** Why the run stopped. */
export type RunEnd =
  | { kind: 'completed' }
  /** Ctrl-C; `started` is false when no case ran (the agent was still starting). */
  | { kind: 'interrupted'; started: boolean }
  | { kind: 'skipped_for_cost'; skipped: number }
  | { kind: 'too_many_errors'; errors: number; counted: number; maxErrorRate: number };

/** What judged a completed run. */
export type Judgement =
  | { kind: 'ungated' }
  | { kind: 'gate'; verdict: Verdict }
  | { kind: 'readiness'; readiness: KillSwitchSummary }
  /** `replay`: the one case passed or failed. */
  | { kind: 'case'; passed: boolean }
  /** The command could not take the run as it is (baseline update of a run with harness errors). */
  | { kind: 'refused'; reason: string };

export interface RunOutcome {
  end: RunEnd;
  judgement: Judgement;
  /** Reporters that failed to write their output (any hook). */
  reporterFailures: number;
}

export type ExitDecision = ExitRecord;

/** 130 interrupted; 3 when the run could not complete or a reporter failed; else the judgement's. */
export function decideExit(outcome: RunOutcome): ExitDecision {
  const ended = endDecision(outcome.end) ?? judgementDecision(outcome.judgement);
  if (outcome.reporterFailures > 0 && ended.code === EXIT.PASSED) {
    return { code: EXIT.HARNESS, reason: 'a reporter failed, so its output is missing' };
  }
  return ended;
}

function endDecision(end: RunEnd): ExitDecision | undefined {
  switch (end.kind) {
    case 'completed':
      return undefined;
    case 'interrupted':
      return {
        code: EXIT.INTERRUPTED,
        reason: end.started ? 'interrupted: the cases that finished are in the run folder' : 'interrupted while the agent was starting: no case ran',
      };
    case 'skipped_for_cost':
      return { code: EXIT.HARNESS, reason: `run incomplete: ${end.skipped} attempts skipped after the run reached budgets.max_run_cost_usd` };
    case 'too_many_errors':
      return {
        code: EXIT.HARNESS,
        reason: `run incomplete: ${end.errors} of ${end.counted} attempts ended in harness errors (${formatShare(end.errors / end.counted, 0)}), above run.max_error_rate ${end.maxErrorRate}`,
      };
  }
}

function judgementDecision(judgement: Judgement): ExitDecision {
  switch (judgement.kind) {
    case 'ungated':
      return { code: EXIT.PASSED };
    case 'readiness':
      return judgement.readiness.ready ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: 'the kill-switch readiness check failed' };
    case 'refused':
      return { code: EXIT.HARNESS, reason: judgement.reason };
    case 'case':
      return judgement.passed ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: 'the replayed case failed' };
    case 'gate':
      return judgement.verdict.pass ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: gateFailure(judgement.verdict) };
  }
}

/** How a finished session ended: interrupted, short of its attempts, or past run.max_error_rate. */
export function runEndOf(session: {
  interrupted: boolean;
  skipped_for_cost: number;
  results: readonly { status: string }[];
  maxErrorRate: number;
}): RunEnd {
  if (session.interrupted) return { kind: 'interrupted', started: true };
  if (session.skipped_for_cost > 0) return { kind: 'skipped_for_cost', skipped: session.skipped_for_cost };
  const counted = session.results.filter((r) => r.status !== 'skipped');
  const errors = counted.filter((r) => r.status === 'error').length;
  if (counted.length > 0 && errors / counted.length > session.maxErrorRate) {
    return { kind: 'too_many_errors', errors, counted: counted.length, maxErrorRate: session.maxErrorRate };
  }
  return { kind: 'completed' };
}
