/**
 * `compare`'s decisions about the two runs it is given, before anything is judged: a kill-switch
 * run is refused, and a run that did not finish is compared on the cases it has, which the
 * command is told. The command prints what `tell` is told.
 */
import { UsageError } from '../errors.js';
import type { RunRecord } from '../run/index.js';
import { commandHint } from '../config/command-hint.js';
import { plural } from '../common/plural.js';

/**
 * Throws a UsageError when either run ran read-only (`eval --kill-switch`): its cases passed or
 * failed the readiness check, not their expectations, so it is not compared (as such a run is not
 * compared with the baseline), or either holds no attempt. `tell` is told of each run that did not finish, or stopped at its cost cap.
 */
export function refuseComparison(args: { runs: readonly Pick<RunRecord, 'header' | 'killSwitch' | 'incomplete' | 'results' | 'skippedForCost'>[]; tell: (note: string) => void }): void {
  const { runs, tell } = args;
  const readOnly = runs.find((run) => run.killSwitch);
  if (readOnly) {
    throw new UsageError(
      `run ${readOnly.header.run_id} ran read-only (--kill-switch): its cases were judged by the readiness check, not by their expectations, so it is not compared`,
      `compare two runs of \`agentready eval\` without --kill-switch; a read-only run says Ready or NOT ready itself (\`${commandHint('card')}\` shows the latest)`,
    );
  }
  // A run killed before its first attempt ended holds its header alone: compared, it was every case removed, and the gate passed.
  const empty = runs.find((run) => run.results.length === 0);
  if (empty) {
    throw new UsageError(`run ${empty.header.run_id} holds no attempt (its results.jsonl has its header alone): there is nothing to compare`, 'compare two runs that ran their cases: `agentready eval --resume` finishes an interrupted one');
  }
  for (const run of runs) {
    if (run.incomplete) tell(`run ${run.header.run_id} did not finish; it is compared on the cases it has`);
    // Its skipped attempts have no verdict: the gate reads them as neither passed nor failed, and the run's own exit was 3.
    else if (run.skippedForCost > 0) tell(`run ${run.header.run_id} skipped ${plural(run.skippedForCost, 'attempt')} at budgets.max_run_cost_usd; it is compared on the cases it ran`);
  }
}
