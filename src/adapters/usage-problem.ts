/**
 * What the harness says of an invalid usage report (usage.ts reads it): the received string
 * quoted by the run's quoting (common/shorten.ts `quoting`): cut never inside what redaction replaces,
 * so the message, redacted later, holds no half of an address or a key, and redacted before it is escaped.
 */
import { excerpt, type Quote } from '../common/shorten.js';
import { HarnessError } from '../errors.js';
import { readUsage, type UsageReading } from './usage.js';

/** One report read as `readUsage` reads it, its problem quoting what was received by `quote` (the run's: adapter.ts `AdapterContext.quote`). */
export function readReportedUsage(raw: unknown, quote: Quote): UsageReading {
  // The quoting doubles a backslash, so a `"` inside reads as one with its own: `"a\"b"`, as the agent library's JSON.
  return readUsage(raw, (text, max) => `"${quote(text, max).replaceAll('"', '\\"')}"`);
}

/** What is wrong with the `usage` a run result carries (one report or a list), or undefined when it is absent or valid; quoted by `quote`. */
export function resultUsageProblem(rawResult: unknown, quote: Quote = excerpt): string | undefined {
  if (typeof rawResult !== 'object' || rawResult === null || !('usage' in rawResult) || rawResult.usage === undefined) return undefined;
  // No answer at all (a framework's own result, with its own `usage`): its reader says that first.
  if (!('outcome' in rawResult)) return undefined;
  const usage: unknown = rawResult.usage;
  const reports = Array.isArray(usage) ? usage : [usage];
  for (const [i, report] of reports.entries()) {
    const reading = readReportedUsage(report, quote);
    if (!reading.ok) return reports.length > 1 ? `report ${i + 1} of ${reports.length}: ${reading.problem}` : reading.problem;
  }
  return undefined;
}

/**
 * The case's error, the same on every transport, when a report sent during the run was invalid
 * (`reported`: what was wrong with the first) or the run result's `usage` is (what it sent quoted by `quote`); else undefined.
 */
export function invalidUsageError(rawResult: unknown, { reported, quote }: { reported: string | undefined; quote: Quote }): HarnessError | undefined {
  const problem = reported ?? resultUsageProblem(rawResult, quote);
  return problem === undefined ? undefined : new HarnessError('AGENT_PROTOCOL', `the agent reported invalid usage: ${problem}`);
}
