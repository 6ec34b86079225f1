/**
 * What the harness says of an invalid usage report (usage.ts reads it): the received string
 * quoted as common/shorten.ts cuts untrusted text, never inside what redaction replaces, so the
 * message, redacted later, holds no half of an address or a key.
 */
import { cutWith } from '../common/shorten.js';
import { HarnessError } from '../errors.js';
import { readUsage, type QuoteCut, type UsageReading } from './usage.js';

const cutForDisplay: QuoteCut = (text, max) => cutWith(text, { max, mark: () => '…' });

/** One report read as `readUsage` reads it, its problem quoting what was received as the harness prints it. */
export function readReportedUsage(raw: unknown): UsageReading {
  return readUsage(raw, cutForDisplay);
}

/** What is wrong with the `usage` a run result carries (one report or a list), or undefined when it is absent or valid. */
export function resultUsageProblem(rawResult: unknown): string | undefined {
  if (typeof rawResult !== 'object' || rawResult === null || !('usage' in rawResult) || rawResult.usage === undefined) return undefined;
  // No answer at all (a framework's own result, with its own `usage`): its reader says that first.
  if (!('outcome' in rawResult)) return undefined;
  const usage: unknown = rawResult.usage;
  const reports = Array.isArray(usage) ? usage : [usage];
  for (const [i, report] of reports.entries()) {
    const reading = readReportedUsage(report);
    if (!reading.ok) return reports.length > 1 ? `report ${i + 1} of ${reports.length}: ${reading.problem}` : reading.problem;
  }
  return undefined;
}

/**
 * The case's error, the same on every transport, when a report sent during the run was invalid
 * (`reported`: what was wrong with the first) or the run result's `usage` is; else undefined.
 */
export function invalidUsageError(rawResult: unknown, reported?: string): HarnessError | undefined {
  const problem = reported ?? resultUsageProblem(rawResult);
  return problem === undefined ? undefined : new HarnessError('AGENT_PROTOCOL', `the agent reported invalid usage: ${problem}`);
}
