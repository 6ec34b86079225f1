/**
 * A module agent's answer, read once, into plain data. The object is the agent's own, live in
 * agentready's process: a getter that throws, a circle or a BigInt in it would otherwise throw
 * wherever agentready next read it (the trace's writer: an INTERNAL error, or the whole run).
 * Reading it here makes any of those the agent's failure of its one case.
 */
import { AgentRunError } from './adapter.js';
import { describeThrown } from '../common/thrown.js';
import { plainRunResult, RunResultSchema, type RunResult } from './protocol.js';
import { describeAnswerIssues, noAnswerHint, outputTooDeep } from './result-issues.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { valueNestedPast } from '../config/json-depth.js';
import { HarnessError } from '../errors.js';
import { invalidUsageError } from './usage-problem.js';
import { MAX_LINE_BYTES, messageBytes } from './line-splitter.js';
import type { Quote } from '../common/shorten.js';

/** The result `raw` holds, or the case's error; `invalidUsage`: what was wrong with a `ctx.recordUsage` report during the run; `quote`: the run's quoting. */
export function readModuleResult(raw: unknown, { invalidUsage, quote }: { invalidUsage: string | undefined; quote: Quote }): RunResult {
  let usageError: HarnessError | undefined;
  let data: unknown = raw;
  // The answer's output and usage as JSON, in bytes: one message's bound holds over every transport.
  let bytes = 0;
  let noOutcome = false;
  try {
    noOutcome = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !('outcome' in raw);
    // Usage first, on the values themselves: JSON would turn a NaN into null.
    usageError = invalidUsageError(raw, { reported: invalidUsage, quote });
    if (usageError === undefined && typeof raw === 'object' && raw !== null) {
      // The keys the protocol reads, each once: whatever else the agent returned (an SDK's response object, circles and all) is not read.
      // A key left out (or one JSON leaves out: undefined, a function) stays out, as it does over
      // every other transport, so that the protocol's schema gives the same verdict (SPEC §4: `output` is required).
      const { outcome, output, usage } = raw as Record<string, unknown>;
      const plainOutput = plain(output);
      const plainUsage = plain(usage);
      bytes = plainOutput.bytes + plainUsage.bytes;
      const read: Record<string, unknown> = {};
      if (outcome !== undefined) read.outcome = outcome;
      if (plainOutput.value !== undefined) read.output = plainOutput.value;
      read.usage = plainUsage.value;
      data = read;
    }
  } catch (error) {
    // Its output read as JSON ran out of stack: nested deeper than any answer may be.
    if (error instanceof RangeError && outputNestedTooDeep(raw)) throw outputTooDeep();
    throw new AgentRunError(`the agent module's result threw when read: ${describeThrown(error)}`, { cause: error });
  }
  // No outcome: a framework's own result (its own `usage` in it, maybe) is said to be no answer, first.
  if (noOutcome) throw invalidResult(`outcome: missing (a required key)${noAnswerHint(raw)}`);
  if (usageError !== undefined) throw usageError;
  if (bytes > MAX_LINE_BYTES) throw new HarnessError('AGENT_PROTOCOL', `the agent module returned a result of ${bytes} bytes as JSON, larger than ${MAX_LINE_BYTES} bytes (the limit of one message over every transport)`);
  // The answer nearly every run gets (an outcome, an output, no usage) is read as stdio's is, without zod's object parse.
  const fast = plainRunResult(data);
  if (fast !== undefined) return fast;
  const parsed = RunResultSchema.safeParse(data);
  if (!parsed.success) throw invalidResult(describeAnswerIssues(parsed.error, { raw: data, quote }));
  return parsed.data;
}

function invalidResult(problem: string): HarnessError {
  return new HarnessError('AGENT_PROTOCOL', `the agent module returned an invalid result: ${problem}`);
}


/**
 * A value as JSON data, as every other transport delivers it (and as the trace keeps it), and its
 * size as JSON in bytes (messageBytes: exact only when it could pass one message's bound).
 */
function plain(value: unknown): { value: unknown; bytes: number } {
  if (value === undefined) return { value, bytes: 0 };
  // A string (lone surrogates and all), a boolean or null is JSON data as it is: nothing to write out and read back.
  // A string is written out only when it could pass the bound as JSON (an escape is at most 6 characters, \u0000).
  if (typeof value === 'string') return { value, bytes: value.length * 6 + 2 > MAX_LINE_BYTES ? messageBytes(JSON.stringify(value)) : value.length };
  if (typeof value === 'boolean' || value === null) return { value, bytes: 0 };
  const json = JSON.stringify(value);
  return json === undefined ? { value: undefined, bytes: 0 } : { value: JSON.parse(json), bytes: messageBytes(json) };
}

/** Whether the answer's output nests deeper than an answer may; false when reading it throws (a getter's error is the agent's, said as such). */
function outputNestedTooDeep(raw: unknown): boolean {
  try {
    return typeof raw === 'object' && raw !== null && valueNestedPast((raw as { output?: unknown }).output, MAX_NESTING_DEPTH);
  } catch {
    return false;
  }
}
