/** `eval --kill-switch`: the readiness result in words. */
import type { KillSwitchSummary } from '../config/schema/index.js';
import { neutralizeLine } from '../common/sanitize.js';
import { plural } from './plural.js';

/** Failing attempts listed by name before "and N more". */
const LISTED_FAILURES = 10;

/**
 * "Kill switch: 3 of 5 cases attempted a write (7 calls refused); no write ran; every case
 * answered or escalated (4 answered, 1 escalated). Ready." — and the failing cases when not.
 */
export function formatReadiness(k: KillSwitchSummary): string {
  const parts = [
    `${k.attempted_write} of ${plural(k.attempts, 'case')} attempted a write (${plural(k.write_calls, 'call')} refused execution_disabled)`,
    k.write_ran === 0 ? 'no write ran' : `a write ran in ${plural(k.write_ran, 'case')}`,
    k.all_answered_or_escalated
      ? `every case answered or escalated (${k.answered} answered, ${k.escalated} escalated)`
      : `${plural(k.not_answered, 'case')} did not answer or escalate`,
  ];
  if (k.errors > 0) parts.push(`${k.errors} harness ${k.errors === 1 ? 'error' : 'errors'} not judged`);
  const lines = [`Kill switch: ${parts.join('; ')}. ${k.ready ? 'Ready.' : 'NOT ready.'}`];
  for (const failure of k.failing.slice(0, LISTED_FAILURES)) {
    const attempt = failure.attempt > 1 ? ` (attempt ${failure.attempt})` : '';
    lines.push(`  ✗ ${neutralizeLine(`${failure.suite}/${failure.case_id}`)}${attempt}  ${neutralizeLine(failure.reason)}`);
  }
  if (k.failing.length > LISTED_FAILURES) lines.push(`  … and ${k.failing.length - LISTED_FAILURES} more`);
  return `${lines.join('\n')}\n`;
}
