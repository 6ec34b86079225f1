/**
 * What a trace is made of that the run's live path reads (outcomes, milliseconds, a JSON Patch
 * operation, the model gateway's words): the agent protocol, suites and results are built from
 * these. The records of a whole trace, as read back from a run folder (trace-records.ts), are
 * schemas of their own module: every eval imported them with this one before its first case
 * (~8-10 ms of zod to build, on 2 busy cores), though only the readers of traces use them.
 */
import { z } from 'zod';
import { OWN_ERROR_KINDS, TOOL_ANSWER_KINDS } from './answer-kinds.js';
import type { UsageRecord } from './trace-records.js';

/** Milliseconds as a trace records them: past 2^53 no clock measured them, and their arithmetic (rounding, percentiles) made Infinity, written as null into results.jsonl, which no command could read back. */
export const MillisecondsSchema = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);

export { OWN_ERROR_KINDS, TOOL_ANSWER_KINDS };
// Modules of their own, which the agent SDK's bundle loads without this one's schemas (adapters/agent-messages.ts).
export { MessageSchema, type Message } from './message.js';
export { MAX_CALL_COST_USD, ReportedCostSchema } from './reported-cost.js';

export const ToolAnswerKindSchema = z.enum(TOOL_ANSWER_KINDS);
export type ToolAnswerKind = z.infer<typeof ToolAnswerKindSchema>;

/** One RFC 6902 JSON Patch operation: how a call changed the world's state. */
export const JsonPatchOperationSchema = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string().describe('JSON Pointer into the state: /orders/1234/status'),
  from: z.string().optional(),
  value: z.unknown().optional(),
});
export type JsonPatchOperation = z.infer<typeof JsonPatchOperationSchema>;

/** The model APIs the model gateway speaks. */
export const MODEL_APIS = ['chat_completions', 'responses', 'messages'] as const;
export type ModelApi = (typeof MODEL_APIS)[number];

/**
 * Who answered a model call that went through the gateway: `model` (the provider, or its
 * recording), `truncated_stream` (the provider answered, the agent got half), or the gateway
 * itself (an injected fault, a cap, a cassette miss, an unreachable upstream).
 */
export const MODEL_ANSWERS = ['model', 'truncated_stream', 'rate_limit', 'server_error', 'timeout', 'budget_exhausted', 'cassette_miss', 'upstream_unreachable'] as const;
export type ModelAnswer = (typeof MODEL_ANSWERS)[number];

/** Whether a usage record is a model call spent: reported by the agent, or answered by a model through the gateway. */
export function reachedModel(usage: Pick<UsageRecord, 'answer'>): boolean {
  return usage.answer === undefined || usage.answer === 'model' || usage.answer === 'truncated_stream';
}

/**
 * The outcomes an agent answers a run with (a suite's `expect.outcome` names them too). Here, not
 * in suite.ts, so the protocol's schemas (adapters/protocol.ts, and the agent SDK built on them)
 * build none of the suite's.
 */
export const OUTCOMES = ['completed', 'partial', 'escalated', 'clarified', 'refused'] as const;
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

/**
 * The agent's outcomes, plus `timeout` (cut at timeout_ms), `agent_error` (the agent failed the run
 * itself), `error` (harness) and `unknown`: a recorded trace (another tool's OTLP, say) that does not
 * say how the run ended. No live run ends `unknown`.
 */
export const RESULT_OUTCOMES = [...OUTCOMES, 'timeout', 'agent_error', 'error', 'unknown'] as const;
export const ResultOutcomeSchema = z.enum(RESULT_OUTCOMES);
export type ResultOutcome = z.infer<typeof ResultOutcomeSchema>;

export type { ApprovalRecord, PolicyDecision, ToolCallRecord, ToolErrorPayload, Trace, TurnRecord, UsageRecord } from './trace-records.js';
