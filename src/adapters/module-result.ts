/**
 * A module agent's answer, read once, into plain data. The object is the agent's own, live in
 * agentready's process: a getter that throws, a circle or a BigInt in it would otherwise throw
 * wherever agentready next read it (the trace's writer: an INTERNAL error, or the whole run).
 * Reading it here makes any of those the agent's failure of its one case.
 */
import { AgentRunError } from './adapter.js';
import { describeThrown } from '../common/thrown.js';
import { RunResultSchema, type RunResult } from './protocol.js';
import { describeAnswerIssues, outputTooDeep } from './result-issues.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { valueNestedPast } from '../config/json-depth.js';
import { HarnessError } from '../errors.js';
import { invalidUsageError } from './usage-problem.js';

/** The result `raw` holds, or the case's error; `invalidUsage`: what was wrong with a `ctx.recordUsage` report during the run. */
export function readModuleResult(raw: unknown, invalidUsage: string | undefined): RunResult {
  let usageError: HarnessError | undefined;
  let data: unknown = raw;
  try {
    // Usage first, on the values themselves: JSON would turn a NaN into null.
    usageError = invalidUsageError(raw, invalidUsage);
    if (usageError === undefined && typeof raw === 'object' && raw !== null) {
      // The keys the protocol reads, each once: whatever else the agent returned (an SDK's response object, circles and all) is not read.
      // An outcome left out stays out, so that the answer's problem says it is missing.
      const { outcome, output, usage } = raw as Record<string, unknown>;
      data = { ...(outcome === undefined ? {} : { outcome }), output: plain(output), usage: plain(usage) };
    }
  } catch (error) {
    // Its output read as JSON ran out of stack: nested deeper than any answer may be.
    if (error instanceof RangeError && outputNestedTooDeep(raw)) throw outputTooDeep();
    throw new AgentRunError(`the agent module's result threw when read: ${describeThrown(error)}`, { cause: error });
  }
  // A framework's own result carries its own `usage`: that it is no answer at all is said first.
  const hint = shapeHint(raw);
  if (usageError !== undefined) throw hint === '' ? usageError : invalidResult(`outcome: missing (a required key)${hint}`);
  const parsed = RunResultSchema.safeParse(data);
  if (!parsed.success) throw invalidResult(`${describeAnswerIssues(parsed.error, data)}${hint}`);
  return parsed.data;
}

function invalidResult(problem: string): HarnessError {
  return new HarnessError('AGENT_PROTOCOL', `the agent module returned an invalid result: ${problem}`);
}

/**
 * What to return instead, when the agent returned something that is no answer at all: a string
 * (the model's text), or an object with no `outcome` (a framework's own result: the AI SDK's
 * `{text, steps, usage, …}`, the Agents SDK's `RunResult`), whose keys are named.
 */
function shapeHint(raw: unknown): string {
  const expected = ' (return { outcome, output }: the outcome only the agent knows, the model\'s text as output)';
  if (typeof raw === 'string') return expected;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return '';
  let keys: string[];
  try {
    if ('outcome' in raw) return '';
    keys = Object.keys(raw);
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

/** A value as JSON data, as every other transport delivers it (and as the trace keeps it). */
function plain(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
}

/** Whether the answer's output nests deeper than an answer may; false when reading it throws (a getter's error is the agent's, said as such). */
function outputNestedTooDeep(raw: unknown): boolean {
  try {
    return typeof raw === 'object' && raw !== null && valueNestedPast((raw as { output?: unknown }).output, MAX_NESTING_DEPTH);
  } catch {
    return false;
  }
}
