/** Small pieces the actions share. */
import type { ConfigIssue } from '../../errors.js';
import { formatConfigIssues } from '../../report/format-issues.js';
import { colorOn, writeError } from '../print.js';

/** Prints non-fatal findings (a policy rule naming no declared tool, ...) on stderr. */
export function printWarnings(warnings: readonly ConfigIssue[]): void {
  if (warnings.length === 0) return;
  writeError(formatConfigIssues([...warnings], { color: colorOn(process.stderr), cwd: process.cwd() }));
}
