/**
 * Quarantine (SPEC §14): a case may say `quarantine: { until: 2027-01-31, reason: "…" }`. It runs
 * and is reported, but no gate threshold counts it up to and including that day (UTC); after
 * it, the case gates again and `validate` warns so the quarantine does not linger unnoticed.
 * Pure: today's date is an argument.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { issueAtPath } from './locate.js';
import type { LoadedFile } from './rules.js';
import type { Case } from './schema/resolved.js';
import type { WrittenSuite } from './schema/suite.js';

/** `2026-03-01`: the UTC day of a moment, as quarantine dates are written. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** True while the case's quarantine holds: on its `until` day and before. */
export function isQuarantined(kase: Pick<Case, 'quarantine'>, today: string): boolean {
  return kase.quarantine !== undefined && today <= kase.quarantine.until;
}

/** A warning at each quarantine whose `until` day has passed. */
export function expiredQuarantines(suites: readonly LoadedFile<WrittenSuite>[], today: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { yaml, value: suite } of suites) {
    suite.cases?.forEach((kase, i) => {
      const quarantine = kase?.quarantine;
      if (typeof quarantine?.until !== 'string' || quarantine.until >= today) return;
      const path = ['cases', i, 'quarantine', 'until'];
      issues.push(issueAtPath({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'quarantine_expired',
        // No `expected`: the warning prints its message, which says what follows and what to do.
        message: `the quarantine of case ${kase?.id ?? i} ended on ${quarantine.until}: the case counts in the gate again (set a date from ${today} on, or remove the quarantine once the case is fixed)`,
        found: JSON.stringify(quarantine.until),
        severity: 'warning',
      }));
    });
  }
  return issues;
}
