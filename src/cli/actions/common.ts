/** Small pieces the actions share. */
import type { ConfigIssue } from '../../errors.js';
import { formatConfigIssues } from '../../report/format-issues.js';
import { writeError } from '../print.js';

/** Prints non-fatal findings (a policy rule naming no declared tool, ...) on stderr. */
export function printWarnings(warnings: readonly ConfigIssue[]): void {
  if (warnings.length === 0) return;
  writeError(formatConfigIssues([...warnings], { color: colorOn(process.stderr), cwd: process.cwd() }));
}

export function colorOn(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && !process.env.CI;
}
