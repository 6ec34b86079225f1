/**
 * A tool call's answer as every output that shows one words it (the tool's result, or the error,
 * fault or refusal in its place), and a failing attempt's calls with their answers as the
 * terminal's failure block shows them, so a user sees what the agent was answered, not only the
 * checks' verdicts. Agent and tool values are untrusted: `formatValue` neutralizes each.
 */
import type { Trace } from '../config/schema/index.js';
import { neutralizeLine } from '../common/sanitize.js';
import { formatValue } from './format-summary.js';

/** Calls shown for one attempt; the rest are counted on one line (every call is in traces.jsonl). */
export const CALLS_SHOWN = 10;

/** What the call was answered: its result, or `<answer>: "<message>"` for an error in its place (`fault: "HTTP 429 …"`). */
export function callAnswer(call: Pick<Trace['tool_calls'][number], 'answer' | 'error' | 'result'>): string {
  return call.error ? `${call.answer}: ${formatValue(call.error.message)}` : formatValue(call.result);
}

/** `call lookup_order {"order_id":"1234"} ⇐ {"status":"delivered"}` for each call, then `(+3 more calls …)`; [] for none. */
export function callLines(trace: Pick<Trace, 'tool_calls'>): string[] {
  const calls = trace.tool_calls;
  const lines = calls.slice(0, CALLS_SHOWN).map((call) => `call ${neutralizeLine(call.name)} ${formatValue(call.arguments)} ⇐ ${callAnswer(call)}`);
  if (calls.length > CALLS_SHOWN) lines.push(`(+${calls.length - CALLS_SHOWN} more calls: each with its answer in the run folder's traces.jsonl)`);
  return lines;
}
