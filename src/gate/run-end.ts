/** How a finished session ended: the one fact the exit code, summary.json and every report's headline read. */
import type { RunMetrics } from '../config/schema/baseline.js';
import type { RunCostCap } from '../config/schema/summary.js';
import type { StopSignal } from '../errors.js';
import { overCap } from '../common/usd.js';

export type RunEnd =
  /** `tolerated`: the attempts that ended in harness errors within run.max_error_rate, when any: the headline names them, so a crash is never silently green. */
  | { kind: 'completed'; tolerated?: ToleratedErrors }
  /** Ctrl-C or SIGTERM (`signal`); `started` is false when no case ran (the agent was still starting). */
  | { kind: 'interrupted'; started: boolean; signal: StopSignal }
  /** `shards`: a merge's shard runs that skipped them, where they are resumed. */
  | { kind: 'skipped_for_cost'; skipped: number; shards?: readonly string[] }
  /** `undecidable`: of the errors, the attempts a trace written with redaction on could not decide (`agentready score`). */
  | { kind: 'too_many_errors'; errors: number; counted: number; maxErrorRate: number; undecidable?: number }
  /** Every attempt ended in a harness error, yet within run.max_error_rate (1): nothing was measured, so nothing may pass. */
  | { kind: 'no_results'; errors: number; undecidable?: number };

/** Harness errors a run had within run.max_error_rate: `errors` of `counted` attempts (skipped ones aside). */
export interface ToleratedErrors {
  errors: number;
  counted: number;
  maxErrorRate: number;
  /** Of the errors, the attempts a trace written with redaction on could not decide (`agentready score`): no harness error. */
  undecidable?: number;
}

/** How a finished session ended: interrupted, short of its attempts, past run.max_error_rate, or with no attempt that produced a result. */
export function runEndOf(session: {
  /** The signal that interrupted the session, if one did. */
  interrupted: StopSignal | undefined;
  skipped_for_cost: number;
  skipped_in_shards?: readonly string[] | undefined;
  /** How many attempts there were, skipped and ended in a harness error: the run's overall metrics (computeMetrics), counted once for both. */
  counts: Pick<RunMetrics, 'attempts' | 'skipped' | 'errors'>;
  maxErrorRate: number;
}): RunEnd {
  if (session.interrupted) return { kind: 'interrupted', started: true, signal: session.interrupted };
  if (session.skipped_for_cost > 0) return { kind: 'skipped_for_cost', skipped: session.skipped_for_cost, ...(session.skipped_in_shards?.length ? { shards: session.skipped_in_shards } : {}) };
  const counted = session.counts.attempts - session.counts.skipped;
  const { errors } = session.counts;
  if (counted > 0 && errors / counted > session.maxErrorRate) {
    return { kind: 'too_many_errors', errors, counted, maxErrorRate: session.maxErrorRate };
  }
  if (counted > 0 && errors === counted) return { kind: 'no_results', errors };
  return errors > 0 ? { kind: 'completed', tolerated: { errors, counted, maxErrorRate: session.maxErrorRate } } : { kind: 'completed' };
}

/**
 * The run's cap beside its spend, when it had one. The cap is checked as each case starts
 * (run/queue.ts), so the cases running when the run reached it finish and can take it past it.
 */
export function runCostCap(run: { max_run_cost_usd?: number; spentUsd: number }): RunCostCap | undefined {
  const cap = run.max_run_cost_usd;
  if (cap === undefined) return undefined;
  return { max_usd: cap, spent_usd: run.spentUsd, over_usd: overCap(run.spentUsd, cap) };
}
