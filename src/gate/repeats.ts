/**
 * Repeats (SPEC §6, §11 Repeats): with `repeat: k` each case runs k times. pass^k is the share
 * of cases whose attempts all passed, pass@k the share with at least one passed attempt, and
 * a case that passed some attempts and failed others is flaky. Pure.
 *
 * Only judged attempts count (passed or failed): a harness error or a skipped attempt says
 * nothing about the agent, exactly as for the success rate. But a case with a skipped attempt
 * (the run reached budgets.max_run_cost_usd before it) and none failed is not judged at all: its
 * k attempts did not all run, so it neither passed them all nor can be said to (foldStatus folds
 * it `skipped`); one with a failed attempt is judged, having failed whatever the rest would do.
 */
import type { Rate } from '../config/schema/baseline.js';
import type { CaseFigures } from '../score/figures.js';

export interface RepeatCounts {
  /** Distinct cases (suite/case id). */
  cases: number;
  /** The most attempts any case ran (skipped ones included): the k of pass^k. */
  repeat: number;
  /** Cases with at least one judged attempt, save those with a skipped attempt and none failed. */
  judged: number;
  /** Cases whose judged attempts all passed. */
  all_passed: number;
  /** Cases with at least one passed attempt. */
  any_passed: number;
  /** `<suite>/<case id>` of cases with passed and failed attempts, sorted. */
  flaky: string[];
}

/** Counts per case over a set of attempts (several cases, any number of attempts each). */
export function repeatCounts(results: readonly CaseFigures[]): RepeatCounts {
  // One attempt per case (no repeats, the usual run): each attempt is its own case, so no map of
  // 100,000 keys is built at a big run's end to find that out.
  if (results.every((result) => result.attempt === 1)) return singleAttempts(results);
  const perCase = new Map<string, { attempts: number; passed: number; failed: number; skipped: number }>();
  for (const result of results) {
    const key = `${result.suite}/${result.case_id}`;
    const tally = perCase.get(key) ?? { attempts: 0, passed: 0, failed: 0, skipped: 0 };
    tally.attempts++;
    if (result.status === 'passed') tally.passed++;
    if (result.status === 'failed') tally.failed++;
    if (result.status === 'skipped') tally.skipped++;
    perCase.set(key, tally);
  }
  const counts: RepeatCounts = { cases: perCase.size, repeat: 0, judged: 0, all_passed: 0, any_passed: 0, flaky: [] };
  for (const [key, tally] of perCase) {
    counts.repeat = Math.max(counts.repeat, tally.attempts);
    // Not judged: nothing judged ran, or no attempt failed and some did not run (not all k passed, nor failed).
    if (tally.failed === 0 && (tally.passed === 0 || tally.skipped > 0)) continue;
    counts.judged++;
    if (tally.failed === 0) counts.all_passed++;
    if (tally.passed > 0) counts.any_passed++;
    if (tally.passed > 0 && tally.failed > 0) counts.flaky.push(key);
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
export function repeatMetrics(results: readonly CaseFigures[], rate: (successes: number, n: number) => Rate): RepeatMetrics {
  return repeatMetricsOf(repeatCounts(results), rate);
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
