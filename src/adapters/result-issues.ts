/**
 * What was wrong with an agent's answer, in words that show what it sent: each zod issue with
 * the value found at its place, quoted the way an untrusted `found` is (cut where redaction,
 * which runs later, still recognises a secret). Host side only: the agent bundle keeps
 * protocol.ts's plain describeIssues.
 */
import type { z } from 'zod';
import { quoteFoundBy, type Quote } from '../common/shorten.js';
import { valueAt } from '../config/json-value.js';
import { describeIssue } from './protocol.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { HarnessError } from '../errors.js';
import { invalidUsageError } from './usage-problem.js';

/**
 * An agent's answer as JSON data (`raw`) read by `schema`: the result, or the case's AGENT_PROTOCOL
 * error — invalid usage first (in the answer, or `invalidUsage`: what was wrong with a usage report
 * during the run), then what the schema refuses, worded after `said` (`the agent at <url> answered
 * the run with`). How stdio, http and exec read an answer; a module's result is read from live
 * values first (module-result.ts).
 */
export function readAnswer<T>(raw: unknown, how: { schema: z.ZodType<T>; said: string; invalidUsage?: string | undefined; plain?: (raw: unknown) => T | undefined; quote: Quote }): T | HarnessError {
  const usageError = invalidUsageError(raw, { reported: how.invalidUsage, quote: how.quote });
  if (usageError !== undefined) return usageError;
  // An answer of the plain shape is read without zod (`plain` declines anything else).
  const plain = how.plain?.(raw);
  if (plain !== undefined) return plain;
  const parsed = how.schema.safeParse(raw);
  return parsed.success ? parsed.data : new HarnessError('AGENT_PROTOCOL', `${how.said} an invalid result: ${describeAnswerIssues(parsed.error, { raw, quote: how.quote })}`);
}

/**
 * The case's error for an answer whose output nests deeper than a recorded trace may be
 * (`MAX_NESTING_DEPTH`, `agentready score`'s limit): scoring, redaction and the trace's writer
 * walk it, and ran out of stack.
 */
export function outputTooDeep(): HarnessError {
  return new HarnessError('AGENT_PROTOCOL', `the agent answered with an output nested more than ${MAX_NESTING_DEPTH} levels deep`);
}

/**
 * zod issues of an agent's answer on one line: `path: message, found <value>; …`. Of something
 * that is no answer at all (a string, a framework's own result), only that, and what to return.
 */
export function describeAnswerIssues(error: z.ZodError, { raw, quote }: { raw: unknown; quote: Quote }): string {
  const hint = noAnswerHint(raw);
  const issues = hint === '' ? error.issues : error.issues.filter((issue) => issue.path.length === 0 || issue.path[0] === 'outcome');
  return `${foundIssues(issues, { raw, quote })}${hint}`;
}

/**
 * zod issues of any message an agent sent (`initialize`'s answer, say) on one line: `path: message, found <value>; …`, a required key left out `missing`;
 * each value found quoted by `quote` (redacted before JSON escapes it).
 */
export function describeFoundIssues(error: z.ZodError, { raw, quote }: { raw: unknown; quote: Quote }): string {
  return foundIssues(error.issues, { raw, quote });
}

function foundIssues(issues: readonly z.core.$ZodIssue[], { raw, quote }: { raw: unknown; quote: Quote }): string {
  return issues
    .map((issue) => {
      if (issue.path.length === 0) return describeIssue(issue);
      const value = valueAt(raw, issue.path);
      if (value !== undefined) return `${describeIssue(issue)}, found ${quoteValue(value, quote)}${jsonTextHint(issue.path, value)}`;
      // zod words a required key left out as "expected nonoptional, received undefined".
      const parent = valueAt(raw, issue.path.slice(0, -1));
      const missing = parent !== null && typeof parent === 'object' && !Object.hasOwn(parent, issue.path[issue.path.length - 1]!);
      return missing ? `${issue.path.join('.')}: missing (a required key)` : describeIssue(issue);
    })
    .join('; ');
}

/**
 * Of a reported call's `arguments` that are the JSON text of an object (exec's `tool_calls`): that
 * they are, and to parse them. An OpenAI tool call carries its arguments so
 * (`function.arguments`), and an exec agent that reports its calls as the SDK gave them had every
 * case an error, the message saying only "expected record, received string".
 */
function jsonTextHint(path: readonly PropertyKey[], value: unknown): string {
  if (path[path.length - 1] !== 'arguments' || typeof value !== 'string') return '';
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return '';
  } catch {
    return '';
  }
  return ' (the JSON text of an object, as an OpenAI tool call carries it in function.arguments: report the parsed object)';
}

/**
 * What to return instead, when the agent returned something that is no answer at all: a string
 * (the model's text), nothing (a handler without its `return`), an answer wrapped in a JSON-RPC
 * response's `result` (an http agent answering its run POST as it answers nothing else), or an
 * object with no `outcome` (a framework's own result: the AI SDK's `{text, steps, usage, …}`, the
 * Agents SDK's `RunResult`), whose keys are named.
 */
export function noAnswerHint(raw: unknown): string {
  const expected = ' (return { outcome, output }: the outcome only the agent knows, the model\'s text as output)';
  if (typeof raw === 'string' || raw === undefined || raw === null) return expected;
  if (typeof raw !== 'object' || Array.isArray(raw)) return '';
  let keys: string[];
  try {
    if ('outcome' in raw) return '';
    keys = Object.keys(raw);
    const inner: unknown = 'result' in raw ? raw.result : undefined;
    if (typeof inner === 'object' && inner !== null && 'outcome' in inner) {
      return '; it returned the answer inside a "result" key, as a JSON-RPC response carries it: the answer is the { outcome, output } object itself (over http, the POST\'s whole body)';
    }
  } catch {
    return ''; // a Proxy that throws: its problem is said without the keys
  }
  const shown = keys.slice(0, KEYS_SHOWN).map((key) => JSON.stringify(key.slice(0, KEY_CHARS))).join(', ');
  const named = keys.length === 0 ? 'an empty object' : `an object with ${shown}${keys.length > KEYS_SHOWN ? ', …' : ''}`;
  return `; it returned ${named}${expected}`;
}
/** How many of a returned object's keys, and how much of each, the hint names. */
const KEYS_SHOWN = 6;
const KEY_CHARS = 40;

// The value quoted; a module agent's result is any JavaScript value, and one JSON cannot write (a
// BigInt, a circle) is named by its type rather than thrown from here (an INTERNAL error then).
function quoteValue(value: unknown, quote: Quote): string {
  try {
    return quoteFoundBy(value, quote);
  } catch {
    return `a ${typeof value} JSON cannot write`;
  }
}
