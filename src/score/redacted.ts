/**
 * Checks of a trace written with redaction on (SPEC §9; `agentready score` of a default run): its
 * values hold `[email]` where the agent wrote an address. Each check reads the trace twice (common/
 * match.ts `RedactedReading`), what the placeholders leave open counted for the case, then against
 * it: the same verdict both ways is the check's, and a check that passes only the first way cannot
 * be decided from this trace. Such a case is not a failure but an error: it was not judged.
 */
import type { RedactedReading } from '../common/match.js';
import type { CaseResult, CheckResult } from '../config/schema/results.js';

const FOR_THE_CASE: RedactedReading = { unknownAs: true };
const AGAINST_THE_CASE: RedactedReading = { unknownAs: false };

/** The error code of a case whose only failing checks are not decidable from its redacted trace. */
export const UNDECIDABLE = 'UNDECIDABLE';

/** What to do about a check not decidable: the advice every such reason (and `score`'s warning) ends with. */
export const RESCORE = 'rescore a run made with `eval --no-redact`';

/**
 * The checks `score` gives, read as the trace was written: as is (`redacted` false), or both ways,
 * each check decided when both readings agree. `score` gives the same checks in the same order
 * whatever the reading.
 */
export function readChecks(redacted: boolean, score: (reading: RedactedReading | undefined) => CheckResult[]): CheckResult[] {
  if (!redacted) return score(undefined);
  const lenient = score(FOR_THE_CASE);
  const strict = score(AGAINST_THE_CASE);
  return lenient.map((check, i) => decided(check, strict[i] ?? check));
}

/** One check from its two readings: their verdict when they agree (the lenient reading's failure, which holds either way), else not decidable. */
function decided(lenient: CheckResult, strict: CheckResult): CheckResult {
  if (lenient.pass === strict.pass) return lenient;
  return undecidable(strict.pass ? lenient : strict);
}

/** A failing check marked as not decidable from the redacted trace, its reason saying so. */
export function undecidable(check: CheckResult): CheckResult {
  if (check.pass || check.undecidable) return check;
  return { ...check, undecidable: true, reason: `not decidable from a trace written with redaction on, a value it depends on was redacted (${check.reason}): ${RESCORE}` };
}

/** Whether a check failed only for want of the redacted values: not decidable from the trace. */
export function isUndecidable(check: CheckResult): boolean {
  return !check.pass && check.undecidable === true;
}

/** A result's error when its checks failed only for want of the redacted values (the first one's reason), else none. */
export function undecidedError(checks: readonly CheckResult[]): Pick<CaseResult, 'error'> {
  const failing = checks.filter((check) => !check.pass);
  const first = failing[0];
  if (first === undefined || !failing.every(isUndecidable)) return {};
  const label = (check: CheckResult) => (check.name ? `${check.check} ${check.name}` : check.check);
  const more = failing.length > 1 ? ` (also not decidable: ${failing.slice(1).map(label).join(', ')})` : '';
  return { error: { code: UNDECIDABLE, message: `${label(first)}: ${first.reason}${more}` } };
}
