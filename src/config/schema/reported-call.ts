/**
 * One tool call an agent reports it made against its own tools (SPEC §4 exec's `tool_calls`), as
 * a traces file for `agentready score` holds it too (recorded.ts). Apart from the traces file's
 * schemas: the exec protocol (adapters/protocol.ts), which every eval loads, reads this one alone.
 */
import { z } from 'zod';
import { JsonObjectSchema } from './json-object.js';
import { JsonPatchOperationSchema, MillisecondsSchema } from './trace.js';

/**
 * Most tool calls one reported list may hold: an exec result's (adapters/exec.ts) and a line of a
 * traces file for `score` (run/recorded-traces.ts), counted before the schema reads them. Within
 * exec's 10 MB a command can list ~800,000 (`{"name":"t"}`), each judged, recorded and written to
 * traces.jsonl: measured, 700,000 took one case 17 s, 864 MB of memory and 266 MB of run folder.
 * A hosted call is a round trip each; a reported list is not.
 */
export const MAX_REPORTED_TOOL_CALLS = 10_000;

/** How many tool calls `raw` (parsed JSON its schema has not read yet) reports, when more than MAX_REPORTED_TOOL_CALLS; else undefined. */
export function reportedCallsPastMax(raw: unknown): number | undefined {
  const calls = typeof raw === 'object' && raw !== null ? (raw as { tool_calls?: unknown }).tool_calls : undefined;
  return Array.isArray(calls) && calls.length > MAX_REPORTED_TOOL_CALLS ? calls.length : undefined;
}

/** One tool call as the agent made it against its own tools. */
export const ReportedToolCallSchema = z.strictObject({
  name: z.string().min(1),
  arguments: JsonObjectSchema.optional().describe('Default {}.'),
  result: z.unknown().optional().describe('What the tool answered, when it answered.'),
  error: z
    .strictObject({
      kind: z.string().min(1).describe('rate_limit, timeout, not_found, … or one of agentready\'s answer kinds.'),
      message: z.string().optional(),
      status: z.number().int().optional(),
      retry_after_ms: z.number().int().nonnegative().optional(),
      rule_id: z.string().optional(),
    })
    .optional()
    .describe('The error the tool answered instead of a result.'),
  approved: z.boolean().optional().describe('Whether a human approved (true) or refused (false) this call first.'),
  at_ms: MillisecondsSchema.optional()
    .describe('When the call started, in milliseconds since the run began (default: the latencies of the calls before it, summed).'),
  latency_ms: MillisecondsSchema.optional(),
  turn: z.number().int().positive().optional().describe('The turn of the conversation the call was made in (from 1).'),
  before_stop_seen: z.literal(true).optional()
    .describe('Made at once with the first call answered budget_exhausted, as agentready\'s own traces record it: refused like it, not the agent ignoring the hard stop.'),
  state_change: z.array(JsonPatchOperationSchema).optional()
    .describe('How the call changed the tool world\'s state (JSON Patch), as agentready\'s own traces record it.'),
});
export type ReportedToolCall = z.infer<typeof ReportedToolCallSchema>;
