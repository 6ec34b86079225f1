/**
 * Quarantine in the gate (SPEC §14): a quarantined case runs and is reported, but no gate
 * threshold counts it while its quarantine holds. Pure: today's date is an argument.
 */
import { isQuarantined } from '../config/quarantine.js';
import type { Suite } from '../config/schema/resolved.js';
import type { CaseResult } from '../config/schema/results.js';
import { caseKey } from './diff.js';

export interface QuarantinedCase {
  suite: string;
  case_id: string;
  until: string;
  reason: string;
}

/** The cases whose quarantine holds today, in suite order. */
export function quarantinedCases(suites: readonly Pick<Suite, 'cases'>[], today: string): QuarantinedCase[] {
  return suites.flatMap((suite) =>
    suite.cases.flatMap((kase) =>
      kase.quarantine && isQuarantined(kase, today) ? [{ suite: kase.suite, case_id: kase.id, until: kase.quarantine.until, reason: kase.quarantine.reason }] : [],
    ),
  );
}

/** The results the gate counts, and those of quarantined cases (reported, not counted). */
export function splitQuarantined(results: readonly CaseResult[], quarantined: readonly QuarantinedCase[]): { gated: CaseResult[]; quarantined: CaseResult[] } {
  const keys = new Set(quarantined.map(caseKey));
  const split = { gated: [] as CaseResult[], quarantined: [] as CaseResult[] };
  for (const result of results) (keys.has(caseKey(result)) ? split.quarantined : split.gated).push(result);
  return split;
}
