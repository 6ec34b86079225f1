/**
 * What failed in a case's attempt, and its first failure in one line ("check: reason"): the gate's
 * diff (`first_failure`) and the weekly review (a new failure's `why`, its grouped reasons) read it here.
 */
import type { CaseResult, CheckResult } from '../config/schema/index.js';

/** One thing that failed: a failing check (its kind, a custom scorer's name) or the harness error, with its reason as written. */
export interface Failure {
  check: string;
  name?: string | undefined;
  reason: string;
}

/**
 * How a failure's check is named in its line: a custom scorer's name after its kind (`custom
 * tone.js`, the gate diff's wording), or the name alone as the run prints it (`tone.js`, the weekly
 * review's). A built-in check's name says its kind already (`turn 2: outcome`, `state unchanged`,
 * `kill switch: no write ran`): both labels give it alone.
 */
export type FailureLabel = 'kind and name' | 'name';

/** What failed in one attempt: the harness error, or each failing check; a failed attempt whose checks all passed, its outcome. */
export function failuresOf(result: CaseResult): Failure[] {
  if (result.status === 'error') return [{ check: 'error', reason: `${result.error?.code ?? 'ERROR'}: ${result.error?.message ?? 'harness error'}` }];
  if (result.status !== 'failed') return [];
  const failing = result.checks.filter((check): check is Extract<CheckResult, { pass: false }> => !check.pass);
  if (failing.length === 0) return [{ check: result.outcome ?? 'failed', reason: 'failed' }];
  return failing.map((check) => ({ check: check.check, name: check.name, reason: check.reason }));
}

/** A failure's check as `label` names it. */
export function failureLabel(failure: Failure, label: FailureLabel): string {
  if (label === 'name' || failure.check !== 'custom') return failure.name ?? failure.check;
  return failure.name ? `${failure.check} ${failure.name}` : failure.check;
}

/** "check: reason" of the attempt's first failure, its check named as `label` says; undefined when nothing failed. */
export function firstFailure(result: CaseResult, label: FailureLabel): string | undefined {
  const [first] = failuresOf(result);
  return first ? `${failureLabel(first, label)}: ${first.reason}` : undefined;
}
