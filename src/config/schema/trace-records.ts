/**
 * The records of a trace as a run folder's traces.jsonl holds them, and the trace itself: the
 * schemas of those who read traces back (run-traces.ts, own-traces.ts, recorded-traces.ts,
 * recorded.ts) and of the JSON Schemas published. Not built by an eval before its first case
 * (trace.ts holds what the live path reads).
 */
import { z } from 'zod';
import { JsonPatchOperationSchema, MillisecondsSchema, MODEL_ANSWERS, MODEL_APIS, ResultOutcomeSchema, ToolAnswerKindSchema } from './trace.js';
import { RUN_MODES } from './run-modes.js';

export const ToolErrorPayloadSchema = z.strictObject({
  kind: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  retry_after_ms: z.number().int().optional(),
  rule_id: z.string().optional(),
});
export type ToolErrorPayload = z.infer<typeof ToolErrorPayloadSchema>;

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

export const UsageRecordSchema = z.strictObject({
  model: z.string(),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative().describe('As reported, or computed from pricing.'),
  priced: z.boolean().describe('False when neither the agent nor pricing gave a cost.'),
  reported_cost: z.literal(true).optional().describe('The agent reported the call\'s cost_usd: no price of `pricing:` priced it. Absent when pricing did (or nothing did).'),
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
  unmeasured: z.literal(true).optional()
    .describe('Gateway calls a priced model answered whose answer carried no usage (a provider that streams none): counted as 0 tokens and $0, though they cost something; a case under max_cost_usd that made one fails its budget check, its cap unverifiable.'),
  retry_of_refused: z.literal(true).optional()
    .describe('Gateway calls refused for budget: the same request (endpoint and body) as a call refused for budget before, a client\'s automatic retry of the 429 (the Vercel AI SDK retries every 429): refused too, and not the agent ignoring the hard stop.'),
});
export type UsageRecord = z.infer<typeof UsageRecordSchema>;

export const PolicyDecisionSchema = z.strictObject({
  timestamp: z.string(),
  trace_id: z.string(),
  rule_id: z.string(),
  tool: z.string(),
  input_summary: z.string(),
  outcome: z.enum(['allow', 'deny', 'approval_missing']),
});
export type PolicyDecision = z.infer<typeof PolicyDecisionSchema>;

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
  mode: z.enum(RUN_MODES),
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
