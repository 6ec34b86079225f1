/** Why one failing attempt failed, in one line, as the markdown, GitHub, HTML and review outputs word it. */
import type { CaseResult, CheckResult } from '../config/schema/index.js';
import { formatValue } from './format-summary.js';

/**
 * Why one attempt failed, in one line: the harness error, or the first failing check with what was
 * expected and found. `statusShown`: the status stands beside it (a table's column), so a harness
 * error is its code and message, not "error" again.
 */
export function reason(result: CaseResult, options: { statusShown?: boolean } = {}): string {
  if (result.status === 'error') return `${options.statusShown === true ? '' : 'error '}${result.error?.code ?? ''}: ${result.error?.message ?? 'harness error'}`;
  const check = result.checks.find((k): k is Extract<CheckResult, { pass: false }> => !k.pass);
  const timeout = result.outcome === 'timeout' ? 'timed out' : '';
  if (check === undefined) return timeout || 'failed';
  const label = check.name ?? check.check;
  const text = `${label}: ${check.reason} (expected ${formatValue(check.expected)}, found ${formatValue(check.found)})`;
  return timeout ? `${timeout} · ${text}` : text;
}
