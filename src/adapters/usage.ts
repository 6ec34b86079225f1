/**
 * The one reading of the model calls an agent reports, whatever carries them: a `usage`
 * notification (stdio, http), `ctx.recordUsage` (module, the stdio agent library) or a run
 * result's `usage` (every transport). An invalid report costs its case, as a protocol error
 * worded the same on every transport: a budget or a cost figure cannot be judged on tokens that
 * are not counts.
 */
import type { z } from 'zod';
import { MAX_CALL_COST_USD } from '../config/schema/reported-cost.js';
import { ReportedUsageSchema, describeIssues } from './agent-messages.js';

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
 * How a received string is quoted, between double quotes: at most `max` characters, then `…`, escaped. The harness's
 * (usage-problem.ts) is its run's quoting (common/shorten.ts `quoting`), which never cuts inside what redaction
 * replaces and redacts before it escapes; the stdio agent library, which stays small and quotes to the agent itself,
 * cuts by code points and escapes as JSON does.
 */
export type QuoteString = (text: string, max: number) => string;
const byCodePoints: QuoteString = (text, max) => {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max).join('')}…` : text);
};

export function readUsage(raw: unknown, cut: QuoteString = byCodePoints): UsageReading {
  const plain = plainUsage(raw);
  if (plain !== undefined) return { ok: true, usage: plain };
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

/**
 * A report in its plainest shape, read without zod (every model call of a run is one): a plain
 * object of `model`, `input_tokens`, `output_tokens` and maybe `cost_usd`, each valid; as
 * ReportedUsageSchema's copy of it. Other keys (a usage notification's `trace_id`) are left out
 * unread, as the schema (a z.object, which strips what it does not name) leaves them. Anything
 * else is undefined, for zod to read and word the problems of as ever; the schema stays the one
 * definition (test/unit/adapters/usage.test.ts checks the two agree on generated reports). zod
 * took ~40 ms for the first 10,000 reports of a process (its code warming up), ~3 ms for the next.
 */
export function plainUsage(raw: unknown): ReportedUsage | undefined {
  if (raw === null || typeof raw !== 'object' || Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  let model: unknown;
  let input: unknown;
  let output: unknown;
  let cost: unknown;
  let count = 0;
  // for-in: own enumerable keys (the prototype is Object.prototype: none of its own are enumerable).
  const record = raw as Record<string, unknown>;
  for (const key in record) {
    if (key === 'model') model = record[key];
    else if (key === 'input_tokens') input = record[key];
    else if (key === 'output_tokens') output = record[key];
    else if (key === 'cost_usd') cost = record[key];
    else continue;
    count++;
  }
  if (typeof model !== 'string' || model === '' || !isTokenCount(input) || !isTokenCount(output)) return undefined;
  if (cost === undefined) return count === 3 ? { model, input_tokens: input, output_tokens: output } : undefined;
  if (typeof cost !== 'number' || !(cost >= 0 && cost <= MAX_CALL_COST_USD)) return undefined;
  return { model, input_tokens: input, output_tokens: output, cost_usd: cost };
}

const isTokenCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** A received value as the reader should see it: NaN is said to be no number, a string is quoted. */
function describeValue(value: unknown, cut: QuoteString): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    if (!Number.isFinite(value)) return `${value} (not a finite number)`;
    return String(value);
  }
  if (typeof value === 'string') return `the string ${cut(value, QUOTED_CHARS)}`;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}
