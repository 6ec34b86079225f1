/** Which cases failed, and their attempts grouped per case: what every reporter listing failures starts from. */
import type { CaseResult } from '../config/schema/index.js';
import type { CaseChange } from '../gate/types.js';

/**
 * The attempts of every case with a failed or error attempt, grouped as groupByCase does: the
 * failing cases are told by `statuses` (default: the results themselves; the run's figures spare
 * a read of the run folder when nothing failed), then one pass over `results` keeps their
 * attempts, so that only those cases' attempts are ever held (results may be read
 * from the run folder on each pass).
 */
export function failingCases(results: Iterable<CaseResult>, statuses: Iterable<AttemptStatus> = results): CaseResult[][] {
  const key = (result: AttemptStatus) => `${result.suite}\0${result.case_id}`;
  const bad = new Set<string>();
  for (const result of statuses) if (result.status === 'failed' || result.status === 'error') bad.add(key(result));
  if (bad.size === 0) return [];
  const kept: CaseResult[] = [];
  for (const result of results) if (bad.has(key(result))) kept.push(result);
  return groupByCase(kept);
}

/** Attempts grouped by suite/case, in order of first appearance. */
export function groupByCase(results: Iterable<CaseResult>): CaseResult[][] {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const key = `${result.suite}\0${result.case_id}`;
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.attempt - b.attempt));
}

/** An attempt's status, enough to tell the failing cases: the run's figures, held in memory, have it. */
export type AttemptStatus = Pick<CaseResult, 'suite' | 'case_id' | 'status'>;

/** The cases added or removed since the baseline, as every reporter names them: the first `limit`, then how many more. */
export function addedAndRemoved(diff: { added: readonly CaseChange[]; removed: readonly CaseChange[] }, limit: number): { label: 'added' | 'removed'; listed: CaseChange[]; more: number }[] {
  return (['added', 'removed'] as const)
    .filter((label) => diff[label].length > 0)
    .map((label) => ({ label, listed: diff[label].slice(0, limit), more: Math.max(0, diff[label].length - limit) }));
}
