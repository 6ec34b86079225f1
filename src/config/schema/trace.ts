import { z } from 'zod';

/** Every answer the hosted environment can give a tool call. */
export const TOOL_ANSWER_KINDS = [
  'answer',            // the mock's result
  'error',             // a mock's domain error
  'fault',             // an injected fault (rate_limit, error, timeout, malformed)
  'tool_not_found',
  'invalid_arguments',
  'not_mocked',
  'not_recorded',      // replay: the recording holds no such call
  'policy_denied',
  'approval_missing',
  'approval_denied',
  'execution_disabled',
  'budget_exhausted',
] as const;
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

export const ToolCallRecordSchema = z.strictObject({
  seq: z.number().int().nonnegative().describe('0-based order of the call within the case.'),
  name: z.string(),
  arguments: z.unknown(),
  answer: ToolAnswerKindSchema,
  result: z.unknown().optional(),
  error: ToolErrorPayloadSchema.optional(),
  approved: z.boolean().optional().describe('Whether a granted (true) or refused (false) approval preceded the call.'),
  at_ms: z.number().nonnegative().describe('Milliseconds since the case started.'),
  latency_ms: z.number().nonnegative(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

export const ApprovalRecordSchema = z.strictObject({
  name: z.string(),
  arguments: z.unknown(),
  reason: z.string().optional(),
  approved: z.boolean(),
  at_ms: z.number().nonnegative(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

export const UsageRecordSchema = z.strictObject({
  model: z.string(),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative().describe('As reported, or computed from pricing.'),
  priced: z.boolean().describe('False when neither the agent nor pricing gave a cost.'),
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

/** The agent's outcomes, plus `timeout` (cut at timeout_ms), `agent_error` (the agent failed the run itself) and `error` (harness). */
export const RESULT_OUTCOMES = ['completed', 'partial', 'escalated', 'clarified', 'refused', 'timeout', 'agent_error', 'error'] as const;
export const ResultOutcomeSchema = z.enum(RESULT_OUTCOMES);
export type ResultOutcome = z.infer<typeof ResultOutcomeSchema>;

/** What happened in one attempt of one case: the input of every scorer. */
export const TraceSchema = z.strictObject({
  trace_id: z.string(),
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
  mode: z.enum(['normal', 'read_only']),
  outcome: ResultOutcomeSchema,
  output: z.unknown(),
  duration_ms: z.number().nonnegative(),
  tool_calls: z.array(ToolCallRecordSchema),
  approvals: z.array(ApprovalRecordSchema),
  usage: z.array(UsageRecordSchema),
  policy_decisions: z.array(PolicyDecisionSchema),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  agent_log: z.array(z.string()).optional().describe('The agent\'s stderr lines while the case ran.'),
});
export type Trace = z.infer<typeof TraceSchema>;
