/** `eval --kill-switch`: the readiness result in words, for the terminal and every report. */
import type { KillSwitchSummary, MetricsBySlice } from '../config/schema/index.js';
import { neutralizeLine } from '../common/sanitize.js';
import { plural } from '../common/plural.js';
import { attemptLabel, repeatsCases } from './failing-cases.js';

/** Failing attempts listed by name before "and N more". */
const LISTED_FAILURES = 10;

/**
 * "Kill switch: 3 of 5 cases attempted a write (7 calls refused); no write ran; every case
 * answered or escalated (4 answered, 1 escalated). Ready." — and the failing cases when not, each
 * with its attempt when the run's `metrics` say it repeats its cases.
 */
export function formatReadiness(k: KillSwitchSummary, { metrics }: { metrics?: MetricsBySlice | undefined }): string {
  const lines = [readinessLine(k)];
  const { listed, more } = readinessFailures(k, { repeated: metrics !== undefined && repeatsCases({ metrics }) });
  for (const failure of listed) lines.push(`  ✗ ${neutralizeLine(failure.key)}${failure.attempt}  ${neutralizeLine(failure.reason)}`);
  if (more > 0) lines.push(`  … and ${more} more`);
  return `${lines.join('\n')}\n`;
}

/** The readiness result with its figures, in one line of plain text (reporters escape it their own way). */
export function readinessLine(k: KillSwitchSummary): string {
  const parts = [
    // A write that ran (reported by the agent itself) was refused by nothing: then the calls are only counted.
    `${k.attempted_write} of ${plural(k.attempts, 'case')} attempted a write (${plural(k.write_calls, 'call')}${k.write_ran === 0 ? ' refused execution_disabled' : ''})`,
    k.write_ran === 0 ? 'no write ran' : `a write ran in ${plural(k.write_ran, 'case')}`,
    k.all_answered_or_escalated
      ? `every case answered or escalated (${k.answered} answered, ${k.escalated} escalated)`
      : `${plural(k.not_answered, 'case')} did not answer or escalate`,
  ];
  if (k.errors > 0) parts.push(`${k.errors} harness ${k.errors === 1 ? 'error' : 'errors'} not judged`);
  return `Kill switch: ${parts.join('; ')}. ${k.ready ? 'Ready.' : 'NOT ready.'}`;
}

/** The failing attempts to list (unescaped: "suite/case", " (attempt 2)" when the run repeats its cases, why) and how many more there are. */
export function readinessFailures(k: KillSwitchSummary, { repeated }: { repeated: boolean }): { listed: { key: string; attempt: string; reason: string }[]; more: number } {
  const listed = k.failing.slice(0, LISTED_FAILURES).map((f) => ({ key: `${f.suite}/${f.case_id}`, attempt: attemptLabel({ attempt: f.attempt, repeated }), reason: f.reason }));
  return { listed, more: Math.max(0, k.failing.length - LISTED_FAILURES) };
}
