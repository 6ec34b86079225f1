/**
 * What a new baseline changes against the one it replaces, case by case: the failures it
 * accepts that the previous one did not (a case that passed there, or is new or edited since),
 * the cases now passing, and those added, removed and edited — what `baseline update` tells its user,
 * since writing the file is how a pull request accepts a regression. Pure.
 */
import { compareCaseKeys } from '../common/case-keys.js';
import type { Baseline } from '../config/schema/baseline.js';

/** A case the new baseline records as not passing, which the previous one did not accept so. */
export interface AcceptedFailure {
  key: string;
  status: 'failed' | 'error';
  /** passed in the previous baseline (same fingerprint); not in it; or in it with another fingerprint. */
  since: 'passed' | 'added' | 'changed';
}

export interface BaselineChanges {
  /** In the order reports list case keys (`compareCaseKeys`). */
  accepted_failures: AcceptedFailure[];
  /** Failing (or errored) in the previous baseline, same fingerprint, passing now. */
  now_passing: string[];
  added: number;
  removed: number;
  /** In both with another fingerprint: an input, mock or expectation edited since (a reviewer sees only its fingerprint move in the diff). */
  edited: number;
}

export function baselineChanges(previous: Baseline, next: Baseline): BaselineChanges {
  const changes: BaselineChanges = { accepted_failures: [], now_passing: [], added: 0, removed: 0, edited: 0 };
  for (const key of Object.keys(next.cases).sort(compareCaseKeys)) {
    const now = next.cases[key]!;
    const before = previous.cases[key];
    const since = before === undefined ? 'added' : before.fingerprint !== now.fingerprint ? 'changed' : before.status === 'passed' ? 'passed' : undefined;
    if (since === 'added') changes.added++;
    else if (since === 'changed') changes.edited++;
    if (now.status !== 'passed' && since !== undefined) changes.accepted_failures.push({ key, status: now.status, since });
    if (now.status === 'passed' && before !== undefined && before.status !== 'passed' && before.fingerprint === now.fingerprint) changes.now_passing.push(key);
  }
  changes.removed = Object.keys(previous.cases).filter((key) => next.cases[key] === undefined).length;
  return changes;
}
