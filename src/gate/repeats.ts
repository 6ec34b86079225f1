/**
 * Repeats (SPEC §6, §11 Repeats): with `repeat: k` each case runs k times. pass^k is the share
 * of cases whose attempts all passed, pass@k the share with at least one passed attempt, and
 * a case that passed some attempts and failed others is flaky. Pure.
 *
 * A case is judged as its status folds (diff.ts foldAttempts, the one owner): one that failed an
 * attempt is judged, having failed whatever the rest would do; one with a harness error and none
 * failed (`error`), or a skipped or missing attempt and none failed (`skipped`: the run reached
 * budgets.max_run_cost_usd, or was interrupted, before it) is not judged at all: its k attempts
 * did not all run as the agent's, so it neither passed them all nor failed, exactly as the success
 * rate leaves errors out (SPEC §11 Errors vs failures).
 */
import { foldAttempts } from './diff.js';
import type { Rate } from '../config/schema/baseline.js';
import type { CaseFigures } from '../score/figures.js';

export interface RepeatCounts {
  /** Distinct cases (suite/case id). */
  cases: number;
  /** The most attempts any case ran (skipped ones included): the k of pass^k. */
  repeat: number;
  /** Cases whose status folds to passed or failed (not error nor skipped). */
  judged: number;
  /** Judged cases whose attempts all passed (status passed). */
  all_passed: number;
  /** Judged cases with at least one passed attempt. */
  any_passed: number;
  /** `<suite>/<case id>` of cases with passed and failed attempts, sorted. */
  flaky: string[];
}

/**
 * Counts per case over a set of attempts (several cases, any number of attempts each). `planned`:
 * the attempts per case the run planned (its header's `selection.repeat`), so a case that ran
 * fewer (an interrupted run) is not judged; undefined: each case's own attempts are all of them.
 */
export function repeatCounts(results: readonly CaseFigures[], planned?: number): RepeatCounts {
  // One attempt per case (no repeats, the usual run): each attempt is its own case, so no map of
  // 100,000 keys is built at a big run's end to find that out.
  if ((planned ?? 1) <= 1 && results.every((result) => result.attempt === 1)) return singleAttempts(results);
  const perCase = new Map<string, CaseFigures['status'][]>();
  for (const result of results) {
    const key = `${result.suite}/${result.case_id}`;
    const statuses = perCase.get(key);
    if (statuses) statuses.push(result.status);
    else perCase.set(key, [result.status]);
  }
  const counts: RepeatCounts = { cases: perCase.size, repeat: 0, judged: 0, all_passed: 0, any_passed: 0, flaky: [] };
  for (const [key, statuses] of perCase) {
    counts.repeat = Math.max(counts.repeat, statuses.length);
    const status = foldAttempts(statuses, planned);
    if (status !== 'passed' && status !== 'failed') continue;
    counts.judged++;
    const passed = statuses.includes('passed');
    if (status === 'passed') counts.all_passed++;
    if (passed) counts.any_passed++;
    if (passed && status === 'failed') counts.flaky.push(key);
  }
  // Equivalent mutants: every change to the second test, and `a <= b ? -1`: the keys compared are distinct and V8's sort only asks whether a comparison is negative.
  counts.flaky.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return counts;
}

/** repeatCounts when every case ran once (case ids are unique within a suite): none is flaky. */
function singleAttempts(results: readonly CaseFigures[]): RepeatCounts {
  const counts = new SingleAttempts();
  for (const result of results) counts.add(result.status);
  return counts.counts();
}

/** singleAttempts an attempt at a time (run-figures.ts folds a run's attempts in as they end). */
export class SingleAttempts {
  private cases = 0;
  private judged = 0;
  private passed = 0;

  add(status: CaseFigures['status']): void {
    this.cases++;
    if (status !== 'passed' && status !== 'failed') return;
    this.judged++;
    if (status === 'passed') this.passed++;
  }

  counts(): RepeatCounts {
    return { cases: this.cases, repeat: this.cases > 0 ? 1 : 0, judged: this.judged, all_passed: this.passed, any_passed: this.passed, flaky: [] };
  }

  /** Counts that go on from these, apart from them. */
  copy(): SingleAttempts {
    return Object.assign(new SingleAttempts(), this);
  }
}

/** The RunMetrics fields for repeats. */
export type RepeatMetrics = { cases: number; repeat: number; pass_hat_k: Rate; pass_at_k: Rate; flaky_cases: string[] };

/** The RunMetrics fields for repeats, given the rate builder (so intervals stay in one place). */
export function repeatMetrics(given: { results: readonly CaseFigures[]; planned?: number | undefined }, rate: (successes: number, n: number) => Rate): RepeatMetrics {
  return repeatMetricsOf(repeatCounts(given.results, given.planned), rate);
}

/** repeatMetrics of counts already made. */
export function repeatMetricsOf(counts: RepeatCounts, rate: (successes: number, n: number) => Rate): RepeatMetrics {
  return {
    cases: counts.cases,
    repeat: counts.repeat,
    pass_hat_k: rate(counts.all_passed, counts.judged),
    pass_at_k: rate(counts.any_passed, counts.judged),
    flaky_cases: counts.flaky,
  };
}
