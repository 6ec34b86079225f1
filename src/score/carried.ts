/**
 * `agentready score` of a run folder's own traces.jsonl (SPEC §9): a check its redacted trace
 * cannot decide (score/redacted.ts) takes the verdict the eval that wrote the trace gave that same
 * check on the raw values — but only while what decides it is unchanged since: the case (its
 * fingerprint covers the expectation, state, turns and tools) and, for the policy check, the policy
 * rules. A changed case or policy, or a verdict not found, leaves the check undecidable. Pure.
 */
import type { CaseResult, CheckResult } from '../config/schema/results.js';
import { isUndecidable } from './redacted.js';

/** What the eval recorded of the attempt that wrote the trace. */
export interface EvalVerdicts {
  /** Its result: the case's fingerprint then, and its checks. */
  result: Pick<CaseResult, 'fingerprint' | 'checks'>;
  /** The policy rules it judged by (its results header's `policy_fingerprint`); absent in older runs. */
  policyFingerprint?: string;
}

/** The case and policy as they are now. */
export interface Fingerprints {
  caseFingerprint: string;
  policyFingerprint: string;
}

/**
 * `checks` with each undecidable one replaced by the eval's verdict of the same check (same kind
 * and name, one such, itself decided), marked `from_run`, where what decides it is unchanged; the
 * same array when none is.
 */
export function carryVerdicts(input: { checks: CheckResult[]; recorded: EvalVerdicts | undefined; now: Fingerprints }): CheckResult[] {
  const { checks, recorded, now } = input;
  if (recorded === undefined || !checks.some(isUndecidable) || recorded.result.fingerprint !== now.caseFingerprint) return checks;
  let carried = 0;
  const out = checks.map((check) => {
    if (!isUndecidable(check)) return check;
    if (check.check === 'policy' && recorded.policyFingerprint !== now.policyFingerprint) return check;
    const same = recorded.result.checks.filter((old) => old.check === check.check && old.name === check.name);
    const only = same[0];
    if (same.length !== 1 || only === undefined || isUndecidable(only)) return check;
    carried++;
    return { ...only, from_run: true as const };
  });
  return carried === 0 ? checks : out;
}

/** The checks of `checks` that took the eval's verdict. */
export function carriedCount(checks: readonly CheckResult[]): number {
  return checks.filter((check) => check.from_run === true).length;
}
