import { z } from 'zod';
import { OWN_ERROR_KINDS, TOOL_ANSWER_KINDS } from './answer-kinds.js';

/** Milliseconds as a trace records them: past 2^53 no clock measured them, and their arithmetic (rounding, percentiles) made Infinity, written as null into results.jsonl, which no command could read back. */
export const MillisecondsSchema = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);

export { OWN_ERROR_KINDS, TOOL_ANSWER_KINDS };
// Modules of their own, which the agent SDK's bundle loads without this one's schemas (adapters/agent-messages.ts).
export { MessageSchema, type Message } from './message.js';
export { MAX_CALL_COST_USD, ReportedCostSchema } from './reported-cost.js';

export const ToolAnswerKindSchema = z.enum(TOOL_ANSWER_KINDS);
export type ToolAnswerKind = z.infer<typeof ToolAnswerKindSchema>;

export const ToolErrorPayloadSchema = z.strictObject({
  kind: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  retry_after_ms: z.number().int().optional(),
  rule_id: z.string().optional(),
});
export type ToolErrorPayload = z.infer<typeof ToolErrorPayloadSchema>;

/** One RFC 6902 JSON Patch operation: how a call changed the world's state. */
export const JsonPatchOperationSchema = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string().describe('JSON Pointer into the state: /orders/1234/status'),
  from: z.string().optional(),
  value: z.unknown().optional(),
});
export type JsonPatchOperation = z.infer<typeof JsonPatchOperationSchema>;

export const ToolCallRecordSchema = z.strictObject({
  seq: z.number().int().nonnegative().describe('0-based order of the call within the case.'),
  name: z.string(),
  arguments: z.unknown(),
  answer: ToolAnswerKindSchema,
  result: z.unknown().optional(),
  error: ToolErrorPayloadSchema.optional(),
  approved: z.boolean().optional().describe('Whether a granted (true) or refused (false) approval preceded the call.'),
  at_ms: MillisecondsSchema.describe('Milliseconds since the case started.'),
  latency_ms: MillisecondsSchema,
  turn: z.number().int().positive().optional().describe('The turn of the conversation the call was made in (from 1).'),
  before_stop_seen: z.literal(true).optional()
    .describe('Made in the same synchronous run as the case\'s first call answered budget_exhausted, before that answer was handed back (calls made at once): refused like it, and not the agent ignoring the hard stop.'),
  state_change: z.array(JsonPatchOperationSchema).optional()
    .describe('How the tool\'s handler changed the world\'s state, as a JSON Patch; absent when it changed nothing.'),
  also_denied: z.array(z.strictObject({ rule_id: z.string(), reason: z.string() })).optional()
    .describe('A call that ran (exec, `agentready score`) and broke more than one rule: the denials past the first, which its answer and error name (authority:approval for a missing approval).'),
  ran: z.literal(true).optional()
    .describe('A call the agent reported (exec, `agentready score`) that reached its tool although it is answered as its denial (policy_denied, approval_missing): it ran, as a refused call did not.'),
  policy_undecidable: z.strictObject({ rule_id: z.string(), reason: z.string() }).optional()
    .describe('`agentready score` of a trace written with redaction on: the policy rule that would deny the call or not depending on a value redaction replaced.'),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

export const ApprovalRecordSchema = z.strictObject({
  name: z.string(),
  arguments: z.unknown(),
  reason: z.string().optional(),
  approved: z.boolean(),
  at_ms: MillisecondsSchema,
  turn: z.number().int().positive().optional().describe('The turn of the conversation the request was made in (from 1).'),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

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

export const UsageRecordSchema = z.strictObject({
  model: z.string(),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative().describe('As reported, or computed from pricing.'),
  priced: z.boolean().describe('False when neither the agent nor pricing gave a cost.'),
  via: z.literal('gateway').optional().describe('Measured by the model gateway; absent: reported by the agent.'),
  api: z.enum(MODEL_APIS).optional(),
  stream: z.boolean().optional(),
  answer: z.enum(MODEL_ANSWERS).optional().describe('Gateway calls: who answered. Only `model` and `truncated_stream` reached a model and count as model calls.'),
  status: z.number().int().optional().describe('Gateway calls: the HTTP status the agent received.'),
  message: z.string().optional().describe('Gateway calls the gateway answered itself, or whose answer was left unfinished (the agent closed the connection, the case ended): why.'),
  at_ms: MillisecondsSchema.optional().describe('Gateway calls: milliseconds since the case started.'),
  latency_ms: MillisecondsSchema.optional(),
  before_stop_seen: z.literal(true).optional()
    .describe('Gateway calls: read after the gateway answered the case\'s first call refused for budget, on a connection that could have sent it before that answer (calls made at once): not the agent ignoring the hard stop.'),
});
export type UsageRecord = z.infer<typeof UsageRecordSchema>;

/** Whether a usage record is a model call spent: reported by the agent, or answered by a model through the gateway. */
export function reachedModel(usage: Pick<UsageRecord, 'answer'>): boolean {
  return usage.answer === undefined || usage.answer === 'model' || usage.answer === 'truncated_stream';
}

export const PolicyDecisionSchema = z.strictObject({
  timestamp: z.string(),
  trace_id: z.string(),
  rule_id: z.string(),
  tool: z.string(),
  input_summary: z.string(),
  outcome: z.enum(['allow', 'deny', 'approval_missing']),
});
export type PolicyDecision = z.infer<typeof PolicyDecisionSchema>;

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

/** One turn of a conversation: the user's message and how the agent answered it. */
export const TurnRecordSchema = z.strictObject({
  turn: z.number().int().positive(),
  user: z.string().describe('The user\'s message that opened the turn.'),
  outcome: ResultOutcomeSchema,
  output: z.unknown(),
  duration_ms: MillisecondsSchema,
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type TurnRecord = z.infer<typeof TurnRecordSchema>;

/** What happened in one attempt of one case: the input of every scorer. */
export const TraceSchema = z.strictObject({
  trace_id: z.string(),
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
  mode: z.enum(['normal', 'read_only']),
  input: z.string().optional()
    .describe('The user\'s message of a case written with `input`; a conversation\'s messages are in `turns`.'),
  outcome: ResultOutcomeSchema,
  output: z.unknown(),
  duration_ms: MillisecondsSchema,
  tool_calls: z.array(ToolCallRecordSchema),
  approvals: z.array(ApprovalRecordSchema),
  usage: z.array(UsageRecordSchema),
  policy_decisions: z.array(PolicyDecisionSchema),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  agent_log: z.array(z.string()).optional().describe('The agent\'s stderr lines while the case ran.'),
  turns: z.array(TurnRecordSchema).optional()
    .describe('The conversation, turn by turn; `outcome` and `output` above are the last answer\'s.'),
});
export type Trace = z.infer<typeof TraceSchema>;
