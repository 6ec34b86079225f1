/**
 * The case made for a production trace (`agentready score --unlabeled`, SPEC §14): it is reported
 * under the `production` suite, and its fingerprint is that name, which no case of the suites has
 * (theirs are hashes). It is no case of the suites, so no baseline holds it: the gate compares it
 * with nothing case by case, and only its min and max thresholds judge it, with the run.
 */
import type { CaseResult } from './schema/results.js';

/** The suite production traces are reported under, and the fingerprint of each case made for one. */
export const PRODUCTION_SUITE = 'production';

/** Whether a result is a production trace's (not a case of the suites that shares the suite's name). */
export function isProductionResult(result: Pick<CaseResult, 'suite' | 'fingerprint'>): boolean {
  return result.suite === PRODUCTION_SUITE && result.fingerprint === PRODUCTION_SUITE;
}
