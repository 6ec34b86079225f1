/**
 * The one reading of the model calls an agent reports, whatever carries them: a `usage`
 * notification (stdio, http), `ctx.recordUsage` (module, the stdio agent library) or a run
 * result's `usage` (every transport). An invalid report costs its case, as a protocol error
 * worded the same on every transport: a budget or a cost figure cannot be judged on tokens that
 * are not counts.
 */
import type { z } from 'zod';
import { MAX_CALL_COST_USD } from '../config/schema/trace.js';
import { ReportedUsageSchema, describeIssues } from './protocol.js';

export type ReportedUsage = z.infer<typeof ReportedUsageSchema>;

/** How much of a string received for a count is quoted. */
const QUOTED_CHARS = 40;

export type UsageReading = { ok: true; usage: ReportedUsage } | { ok: false; problem: string };

/** What each field of a report must be, in words. */
const EXPECTED: Record<string, string> = {
  model: "the model's name",
  input_tokens: 'a whole number of tokens, 0 or more',
  output_tokens: 'a whole number of tokens, 0 or more',
  // `1e9`, as the schema's bound (config/schema/trace.ts) is written.
  cost_usd: `a cost in USD from 0 to ${MAX_CALL_COST_USD.toExponential().replace('e+', 'e')}`,
};

/** One report (its `trace_id`, if any, aside), or what is wrong with it: "input_tokens: expected a whole number of tokens, 0 or more, received NaN (not a number)". */
/**
 * How a received string is cut for quoting: at most `max` characters, then `…`. The harness's
 * (usage-problem.ts) never cuts inside what redaction replaces (common/shorten.ts), which would leave half an
 * address readable; the stdio agent library, which stays small and quotes to the agent itself, cuts by code points.
 */
export type QuoteCut = (text: string, max: number) => string;
const byCodePoints: QuoteCut = (text, max) => {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
};

export function readUsage(raw: unknown, cut: QuoteCut = byCodePoints): UsageReading {
  const parsed = ReportedUsageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, usage: parsed.data };
  const issue = parsed.error.issues[0];
  const key = issue?.path.length === 1 ? String(issue.path[0]) : undefined;
  if (key === undefined || EXPECTED[key] === undefined || typeof raw !== 'object' || raw === null) return { ok: false, problem: describeIssues(parsed.error) };
  const value = (raw as Record<string, unknown>)[key];
  return { ok: false, problem: `${key}: expected ${EXPECTED[key]}, received ${describeValue(value, cut)}${value === undefined ? renamed(raw, key) : ''}` };
}

/** The names frameworks give a report's fields (the AI SDK's, the Agents SDK's, OpenAI's, LangChain's). */
const FRAMEWORK_NAMES: Record<string, string[]> = {
  model: ['modelId', 'modelName', 'model_name', 'model_id'],
  input_tokens: ['inputTokens', 'promptTokens', 'prompt_tokens'],
  output_tokens: ['outputTokens', 'completionTokens', 'completion_tokens'],
};

/** For a field left out, the framework's name for it that the report has instead: ` (the report has inputTokens: name it input_tokens)`. */
function renamed(raw: object, key: string): string {
  const found = FRAMEWORK_NAMES[key]?.find((name) => Object.hasOwn(raw, name));
  return found === undefined ? '' : ` (the report has ${found}: name it ${key})`;
}

/** A received value as the reader should see it: NaN is said to be no number, a string is quoted. */
function describeValue(value: unknown, cut: QuoteCut): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    if (!Number.isFinite(value)) return `${value} (not a finite number)`;
    return String(value);
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(cut(value, QUOTED_CHARS))}`;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}
