/**
 * Each trace once in the window's failures, policy blocks and costs: `agentready score` judges
 * traces again (a shadow file scored once more after a policy change, an eval run's own traces or
 * its `--otlp` file), and a trace judged by two runs is one attempt that happened, spent its
 * dollars and met its policy once. Its newest judgement counts (today's suites and policy); the
 * older runs keep the attempts no later run judged. Pure.
 */
import type { ReviewedRun } from './types.js';

/** An attempt as it is judged again: its case and its trace id (a production JSONL line's case id tells two lines sharing a trace id apart). */
function attemptKey(attempt: { suite: string; case_id: string; trace_id: string }): string {
  return `${attempt.suite}\0${attempt.case_id}\0${attempt.trace_id}`;
}

/** The runs (oldest first) with each attempt a later run judged again left out of the earlier ones; a run that loses none is returned as it was. */
export function judgedOnce(runs: readonly ReviewedRun[]): ReviewedRun[] {
  const later = new Set<string>();
  const kept: ReviewedRun[] = [];
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    const keys = run.results.map(attemptKey);
    const judgedLater = later.size > 0 && keys.some((key) => later.has(key));
    kept.push(judgedLater ? { ...run, results: run.results.filter((_, j) => !later.has(keys[j]!)), traces: run.traces.filter((trace) => !later.has(attemptKey(trace))) } : run);
    for (const key of keys) later.add(key);
  }
  return kept.reverse();
}
