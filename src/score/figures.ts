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
 * few (`policy` and `budget` passed, say), and a run keeps one list per attempt.
 */
const SHARED_CHECKS = new Map<string, readonly FigureCheck[]>();

/** The checks a figure reads, as a shared list when none has a score. */
export function figureChecks(checks: readonly CheckResult[]): readonly FigureCheck[] {
  let key = '';
  for (const { check, pass, score } of checks) {
    if (!FIGURE_CHECKS.has(check)) continue;
    if (score) return checks.flatMap(({ check, pass, score }) => (FIGURE_CHECKS.has(check) ? [score ? { check, pass, score } : { check, pass }] : []));
    key += `${check}:${pass ? 1 : 0} `;
  }
  let shared = SHARED_CHECKS.get(key);
  if (shared === undefined) {
    shared = Object.freeze(checks.flatMap(({ check, pass }) => (FIGURE_CHECKS.has(check) ? [Object.freeze({ check, pass })] : [])));
    SHARED_CHECKS.set(key, shared);
  }
  return shared;
}
