/**
 * The one reading of the model calls an agent reports, whatever carries them: a `usage`
 * notification (stdio, http), `ctx.recordUsage` (module, the stdio agent library) or a run
 * result's `usage` (every transport). An invalid report costs its case, as a protocol error
 * worded the same on every transport: a budget or a cost figure cannot be judged on tokens that
 * are not counts.
 */
import type { z } from 'zod';
import { HarnessError } from '../errors.js';
import { ReportedUsageSchema, describeIssues } from './protocol.js';

export type ReportedUsage = z.infer<typeof ReportedUsageSchema>;

export type UsageReading = { ok: true; usage: ReportedUsage } | { ok: false; problem: string };

/** What each field of a report must be, in words. */
const EXPECTED: Record<string, string> = {
  model: "the model's name",
  input_tokens: 'a whole number of tokens, 0 or more',
  output_tokens: 'a whole number of tokens, 0 or more',
  cost_usd: 'a cost in USD, 0 or more',
};

/** One report (its `trace_id`, if any, aside), or what is wrong with it: "input_tokens: expected a whole number of tokens, 0 or more, received NaN (not a number)". */
export function readUsage(raw: unknown): UsageReading {
  const parsed = ReportedUsageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, usage: parsed.data };
  const issue = parsed.error.issues[0];
  const key = issue?.path.length === 1 ? String(issue.path[0]) : undefined;
  if (key === undefined || EXPECTED[key] === undefined || typeof raw !== 'object' || raw === null) return { ok: false, problem: describeIssues(parsed.error) };
  return { ok: false, problem: `${key}: expected ${EXPECTED[key]}, received ${describeValue((raw as Record<string, unknown>)[key])}` };
}

/** What is wrong with the `usage` a run result carries (one report or a list), or undefined when it is absent or valid. */
export function resultUsageProblem(rawResult: unknown): string | undefined {
  if (typeof rawResult !== 'object' || rawResult === null || !('usage' in rawResult) || rawResult.usage === undefined) return undefined;
  const usage: unknown = rawResult.usage;
  const reports = Array.isArray(usage) ? usage : [usage];
  for (const [i, report] of reports.entries()) {
    const reading = readUsage(report);
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

/** A received value as the reader should see it: NaN is said to be no number, a string is quoted. */
function describeValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    if (!Number.isFinite(value)) return `${value} (not a finite number)`;
    return String(value);
  }
  // Cut by code points, not shorten() (common/shorten.ts): the stdio agent library reads reports too, and stays small.
  if (typeof value === 'string') {
    const chars = Array.from(value);
    return `the string ${JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value)}`;
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}
