/**
 * The gate's case-by-case entry, `newly_failing: { max }` (SPEC §11 Default gate: "no case may
 * newly fail"): the cases that fail now with no baseline that accepted their failure — passed in
 * the baseline (same fingerprint) and fail now, or added or changed since it and fail now. A
 * net rate lets a fixed case pay for a broken one, and an edit hide one; this does not. It
 * counts cases as the diff folds them (with repeats, a case fails when any judged attempt
 * failed; a harness error is not a failure), over the results quarantine left. Pure.
 */
import type { NewlyFailingThreshold } from '../config/schema/gate.js';
import type { CaseDiff, NewlyFailingCheck, UnacceptedFailure } from './types.js';
import { plural } from '../common/plural.js';
import { compareCaseKeys } from '../common/case-keys.js';

/** Case keys named in the explanation before "and N more". */
const NAMED = 5;

const SINCE_WORDS: Record<UnacceptedFailure['since'], string> = {
  newly_failing: 'passed in the baseline',
  added: 'added since the baseline',
  changed: 'changed since the baseline',
};

/** The cases `newly_failing` counts, in the order reports list case keys (`compareCaseKeys`). */
export function unacceptedFailures(diff: CaseDiff): UnacceptedFailure[] {
  const failing = (since: UnacceptedFailure['since'], list: CaseDiff[keyof CaseDiff]): UnacceptedFailure[] =>
    list.filter((change) => change.status === 'failed').map((change) => ({ ...change, since }));
  return [...failing('newly_failing', diff.newly_failing), ...failing('added', diff.added), ...failing('changed', diff.changed)].sort((a, b) => compareCaseKeys(a.key, b.key));
}

/** Judges `newly_failing: { max }` against the run's case diff; not applied without a baseline. */
export function checkNewlyFailing(input: { threshold: NewlyFailingThreshold; diff: CaseDiff; hasBaseline: boolean }): NewlyFailingCheck {
  const { max } = input.threshold;
  if (!input.hasBaseline) return { kind: 'not_applied', max, pass: true, explanation: `newly_failing: max ${max} not applied (no baseline)` };
  const cases = unacceptedFailures(input.diff);
  const pass = cases.length <= max;
  const n = cases.length;
  const head = `newly_failing: ${plural(n, 'case')} ${n === 1 ? 'fails' : 'fail'} that the baseline did not accept as failing, ${pass ? `within max ${max}` : `above max ${max}`}`;
  const named = cases.slice(0, NAMED).map((c) => `${c.key} (${SINCE_WORDS[c.since]})`);
  const more = n > NAMED ? ` and ${n - NAMED} more` : '';
  return { kind: 'judged', max, cases, pass, explanation: n === 0 ? head : `${head}: ${named.join(', ')}${more}` };
}
