/** The weekly review model from the runs of a window and the history (SPEC §14). Pure. */
import { costHotspots } from './costs.js';
import { failureReasons, policyBlocks } from './reasons.js';
import { sameAgentError } from '../../gate/same-agent-error.js';
import { caseChanges, flakyCases, isPartial, metricSeries } from './trends.js';
import { judgedOnce } from './judged-once.js';
import type { WeeklyInput, WeeklyReview } from './types.js';

/** Failure reasons and policy blocks listed; the rest are counted in the totals. */
const TOP_REASONS = 10;

export function buildWeeklyReview(input: WeeklyInput): WeeklyReview {
  const runs = [...input.runs].sort((a, b) => a.started_at.localeCompare(b.started_at) || a.run_id.localeCompare(b.run_id));
  const live = runs.filter((run) => !run.recorded);
  // A run that could not run at all (a fork's PR with no API key) is a setup problem, not a verdict: no flip.
  // Its history lines say so too, and name the runs of the window whose folders are gone. Oldest first.
  const agentErrorStarts = new Map(live.filter((run) => sameAgentError(run.results) !== undefined).map((run) => [run.run_id, run.started_at]));
  for (const entry of input.history) {
    if (entry.same_agent_error === true && (input.since === undefined || entry.timestamp >= input.since) && entry.timestamp <= input.now) agentErrorStarts.set(entry.run_id, entry.timestamp);
  }
  const agentErrorRuns = [...agentErrorStarts].sort(([a, at], [b, bt]) => at.localeCompare(bt) || a.localeCompare(b)).map(([id]) => id);
  // A trace `score` judged again counts once, as its newest judgement: one attempt failed, met its policy and spent once.
  const judged = judgedOnce(runs);
  return {
    window: {
      since: input.since ?? null,
      until: input.now,
      runs: runs.map((run) => ({ run_id: run.run_id, started_at: run.started_at, attempts: run.results.length })),
      attempts: runs.reduce((sum, run) => sum + run.results.length, 0),
    },
    // What changed and the trends compare the agent's own runs: a scored traces file holds other cases.
    changes: caseChanges(live),
    failure_reasons: failureReasons(judged).slice(0, TOP_REASONS),
    policy_blocks: policyBlocks(judged).slice(0, TOP_REASONS),
    cost: costHotspots(judged),
    // A run of some cases only, or one that did not finish, is no point of the agent's figures over time (one failing case of one is no success rate of 0).
    metrics: metricSeries(live.filter((run) => !isPartial(run)), input.gate),
    filtered_runs: live.filter((run) => run.filtered === true).map((run) => run.run_id),
    unfinished_runs: live.filter((run) => run.unfinished === true && run.filtered !== true).map((run) => run.run_id),
    agent_error_runs: agentErrorRuns,
    flaky: flakyCases(input.history, new Set(agentErrorRuns)),
    quarantined: input.quarantined ?? [],
  };
}
