/**
 * What of a judged attempt the run's figures read (metrics, model usage, counts, the run's end):
 * a few numbers and names per attempt, kept for every attempt of a run (in columns:
 * figure-store.ts) while the full results stay in results.jsonl (SPEC §8) and are read back as a
 * stream by whoever needs them whole.
 */
import type { CaseResult, CheckName, CheckResult } from '../config/schema/results.js';

/** The checks whose verdict or score a figure reads: tools (score), policy and budget (pass). */
const FIGURE_CHECKS: ReadonlySet<CheckName> = new Set(['tools', 'policy', 'budget']);

export type CaseFigures = Pick<
  CaseResult,
  'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'tags' | 'risk' | 'status' | 'outcome' | 'duration_ms' | 'cost_usd' | 'models' | 'retries' | 'tool_errors' | 'policy_violations' | 'approval_missing'
> & { checks: readonly Pick<CheckResult, 'check' | 'pass' | 'score'>[] };

/** Results in plan order, possibly read from disk on each pass: iterate them, do not hold them. */
export interface ResultList extends Iterable<CaseResult> {
  readonly length: number;
}

type FigureCheck = Pick<CheckResult, 'check' | 'pass' | 'score'>;

/**
 * Lists of checks without a score, shared between attempts: nearly every attempt has one of a
 * few (`policy` and `budget` passed, say), and a run keeps one list per attempt. Found by
 * following the figure checks of an attempt, in order, through a tree of their names and
 * verdicts (three names, two verdicts: a few nodes): no key text built, flattened and hashed for
 * every attempt, as a Map keyed by `policy:1 budget:1` did (~2.5 µs an attempt in a 10,000-case
 * stdio profile).
 */
class SharedChecks {
  readonly passed = new Map<string, SharedChecks>();
  readonly failed = new Map<string, SharedChecks>();
  list: readonly FigureCheck[] | undefined;
}
const SHARED_CHECKS = new SharedChecks();

/** The checks a figure reads, as a shared list when none has a score. */
export function figureChecks(checks: readonly CheckResult[]): readonly FigureCheck[] {
  let node = SHARED_CHECKS;
  for (let i = 0; i < checks.length; i++) {
    const { check, pass, score } = checks[i]!;
    if (!FIGURE_CHECKS.has(check)) continue;
    if (score) return listedChecks(checks);
    const branch = pass ? node.passed : node.failed;
    let next = branch.get(check);
    if (next === undefined) branch.set(check, (next = new SharedChecks()));
    node = next;
  }
  return (node.list ??= Object.freeze(listedChecks(checks).map((check) => Object.freeze(check))));
}

/** The checks a figure reads, each as a new object: `check` and `pass`, and `score` when it has one. */
export function listedChecks(checks: readonly CheckResult[]): FigureCheck[] {
  return checks.flatMap(({ check, pass, score }) => (FIGURE_CHECKS.has(check) ? [score ? { check, pass, score } : { check, pass }] : []));
}
