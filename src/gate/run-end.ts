/** How a finished session ended: the one fact the exit code, summary.json and every report's headline read. */
import type { StopSignal } from '../errors.js';

export type RunEnd =
  | { kind: 'completed' }
  /** Ctrl-C or SIGTERM (`signal`); `started` is false when no case ran (the agent was still starting). */
  | { kind: 'interrupted'; started: boolean; signal: StopSignal }
  | { kind: 'skipped_for_cost'; skipped: number }
  /** `undecidable`: of the errors, the attempts a trace written with redaction on could not decide (`agentready score`). */
  | { kind: 'too_many_errors'; errors: number; counted: number; maxErrorRate: number; undecidable?: number }
  /** Every attempt ended in a harness error, yet within run.max_error_rate (1): nothing was measured, so nothing may pass. */
  | { kind: 'no_results'; errors: number; undecidable?: number };

/** How a finished session ended: interrupted, short of its attempts, past run.max_error_rate, or with no attempt that produced a result. */
export function runEndOf(session: {
  /** The signal that interrupted the session, if one did. */
  interrupted: StopSignal | undefined;
  skipped_for_cost: number;
  results: readonly { status: string }[];
  maxErrorRate: number;
}): RunEnd {
  if (session.interrupted) return { kind: 'interrupted', started: true, signal: session.interrupted };
  if (session.skipped_for_cost > 0) return { kind: 'skipped_for_cost', skipped: session.skipped_for_cost };
  // Counted in one pass: no list of the attempts made at a run's end.
  let counted = 0;
  let errors = 0;
  for (const { status } of session.results) {
    if (status === 'skipped') continue;
    counted++;
    if (status === 'error') errors++;
  }
  if (counted > 0 && errors / counted > session.maxErrorRate) {
    return { kind: 'too_many_errors', errors, counted, maxErrorRate: session.maxErrorRate };
  }
  if (counted > 0 && errors === counted) return { kind: 'no_results', errors };
  return { kind: 'completed' };
}
