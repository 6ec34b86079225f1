/**
 * The agentready/1 protocol (SPEC §4): every message, as zod. Agent bytes stay `raw`
 * until parsed here.
 */
import { z } from 'zod';
import { JsonObjectSchema } from '../config/schema/json-object.js';
import { ReportedToolCallSchema } from '../config/schema/recorded.js';
import { MessageSchema, OUTCOMES, OutcomeSchema, ReportedCostSchema } from '../config/schema/trace.js';

export const PROTOCOL_VERSION = 'agentready/1';

export const InitializeParamsSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  suite: z.string().describe('Name of the first suite of the run (informational).'),
});
export const InitializeResultSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  concurrency: z.number().int().positive().optional().describe('Runs this process accepts at once (default 1).'),
});
/** The agent a run speaks to: its name, its own version when it reports one (a stdio agent's `initialize`, a module's `version` export), how many runs it takes at once. */
export type AgentInfo = { name: string; version?: string; concurrency: number };

export const ToolDescriptorSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  parameters: JsonObjectSchema,
});
export type ToolDescriptor = z.infer<typeof ToolDescriptorSchema>;

/** The case's model gateway: SDK base URLs on 127.0.0.1 that carry the run's token in their path (SPEC §16). */
export const ModelUrlsSchema = z.strictObject({
  openai_base_url: z.string().describe('Base URL for an OpenAI SDK (Chat Completions, Responses).'),
  anthropic_base_url: z.string().describe('Base URL for an Anthropic SDK (Messages).'),
});
export type ModelUrls = z.infer<typeof ModelUrlsSchema>;

export const RunParamsSchema = z.strictObject({
  trace_id: z.string(),
  case: z.strictObject({ id: z.string(), input: z.string().describe('The user\'s message of this turn.'), context: JsonObjectSchema }),
  turn: z.number().int().positive().describe('The turn of the conversation, from 1 (1 for a case with one message).'),
  messages: z.array(MessageSchema).describe('The conversation so far, ending with this turn\'s user message.'),
  tools: z.array(ToolDescriptorSchema),
  mode: z.enum(['normal', 'read_only']),
  budgets: z.strictObject({
    max_model_calls: z.number().optional(),
    max_tool_calls: z.number().optional(),
    max_cost_usd: z.number().optional(),
  }),
  timeout_ms: z.number().int().positive(),
  mcp_url: z.string().optional(),
  tools_url: z.string().optional(),
  models: ModelUrlsSchema.describe('The case\'s model gateway: every run carries it (SPEC §16).'),
  token: z.string(),
});
export type RunParams = z.infer<typeof RunParamsSchema>;

export const UsageParamsSchema = z.object({
  trace_id: z.string().optional(),
  model: z.string().min(1),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: ReportedCostSchema.optional(),
});
export type UsageParams = z.infer<typeof UsageParamsSchema>;
/** A model call reported inside a run's answer or through the module's `ctx.recordUsage`: no trace id. */
export const ReportedUsageSchema = UsageParamsSchema.omit({ trace_id: true });

export const RunResultSchema = z.object({
  outcome: OutcomeSchema,
  output: z.unknown(),
  usage: z
    .union([ReportedUsageSchema, z.array(ReportedUsageSchema)])
    .optional()
    .describe('Model calls not already sent as usage notifications.'),
});
export type RunResult = z.infer<typeof RunResultSchema>;

const OUTCOME_NAMES: ReadonlySet<unknown> = new Set(OUTCOMES);

/**
 * The fast path of RunResultSchema for the answer nearly every run gets, a JSON-parsed object
 * with an outcome, an output and no `usage` (reported apart, as usage notifications): read as the
 * schema reads it, without zod's object parse; undefined asks the schema, which words what is wrong.
 */
export function plainRunResult(rawReply: unknown): RunResult | undefined {
  if (typeof rawReply !== 'object' || rawReply === null || Array.isArray(rawReply)) return undefined;
  const raw = rawReply as Record<string, unknown>;
  if (!OUTCOME_NAMES.has(raw.outcome) || !Object.hasOwn(raw, 'output') || raw.usage !== undefined) return undefined;
  return { outcome: raw.outcome as RunResult['outcome'], output: raw.output };
}

/** exec (SPEC §11): the plain run result, carrying the agent's own trace of its tool calls. */
export const ExecResultSchema = RunResultSchema.extend({
  tool_calls: z.array(ReportedToolCallSchema).optional().describe('The calls the agent made against its own tools, in order.'),
});
export type ExecResult = z.infer<typeof ExecResultSchema>;

export const CancelParamsSchema = z.strictObject({ trace_id: z.string() });
/** `shutdown` takes `{}` and answers `{}`; the agent exits after answering. */
export const ShutdownSchema = z.strictObject({});

export const ToolCallParamsSchema = z.object({
  trace_id: z.string(),
  name: z.string(),
  arguments: JsonObjectSchema.optional(),
});
export type ToolCallParams = z.infer<typeof ToolCallParamsSchema>;

export const ApprovalRequestParamsSchema = z.object({
  trace_id: z.string(),
  name: z.string(),
  arguments: JsonObjectSchema.optional(),
  reason: z.string().optional(),
});
export type ApprovalRequestParams = z.infer<typeof ApprovalRequestParamsSchema>;
export const ApprovalResultSchema = z.strictObject({ approved: z.boolean() });

export const ToolErrorDataSchema = z.object({
  kind: z.string(),
  status: z.number().int().optional(),
  retry_after_ms: z.number().int().optional(),
  rule_id: z.string().optional(),
  message: z.string().optional().describe('The error message again (it starts with the kind): frameworks that keep only `data` still see it.'),
});

/** agentready → user simulator: the next user message, given the conversation so far. */
export const UserReplyParamsSchema = z.strictObject({
  trace_id: z.string(),
  case: z.strictObject({ id: z.string(), input: z.string().describe('The opening message.'), context: JsonObjectSchema }),
  messages: z.array(MessageSchema).describe('The conversation so far, ending with the agent\'s last answer.'),
});
export type UserReplyParams = z.infer<typeof UserReplyParamsSchema>;
// Other keys pass, as in every message from a process agentready runs; `say` with `stop: true`
// is neither: the simulator meant to stop and to speak, and one of the two would be dropped.
export const UserReplyResultSchema = z.union([
  z.object({ say: z.string(), stop: z.literal(false).optional() }).describe('The user\'s next message: an empty one (or only whitespace) is an error; answer {stop: true} to end.'),
  z.object({ stop: z.literal(true), say: z.never().optional() }).describe('The user has nothing more to say: the conversation ends.'),
]);
export type UserReplyResult = z.infer<typeof UserReplyResultSchema>;

/** JSON-RPC 2.0 envelopes. */
export const JsonRpcIdSchema = z.union([z.string(), z.number()]);
export const JsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcIdSchema,
  method: z.string(),
  params: z.unknown().optional(),
});
export const JsonRpcNotificationSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.unknown().optional(),
});
export const JsonRpcErrorObjectSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export const JsonRpcResponseSchema = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcIdSchema, result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcIdSchema.nullable(), error: JsonRpcErrorObjectSchema }),
]);

/** Method names, the same on every transport. */
export const METHODS = Object.freeze({
  initialize: 'initialize',
  run: 'run',
  cancel: 'cancel',
  shutdown: 'shutdown',
  toolsCall: 'tools/call',
  approvalRequest: 'approval/request',
  usage: 'usage',
  userReply: 'user/reply',
});

/** Every message with its schema, for `schemas/protocol.json`. */
export const PROTOCOL_MESSAGES = {
  'initialize.params': InitializeParamsSchema,
  'initialize.result': InitializeResultSchema,
  'run.params': RunParamsSchema,
  'run.result': RunResultSchema,
  'exec.result': ExecResultSchema,
  'cancel.params': CancelParamsSchema,
  'shutdown.params': ShutdownSchema,
  'shutdown.result': ShutdownSchema,
  'tools/call.params': ToolCallParamsSchema,
  'tools/call.error.data': ToolErrorDataSchema,
  'approval/request.params': ApprovalRequestParamsSchema,
  'approval/request.result': ApprovalResultSchema,
  'usage.params': UsageParamsSchema,
  'user/reply.params': UserReplyParamsSchema,
  'user/reply.result': UserReplyResultSchema,
  'jsonrpc.request': JsonRpcRequestSchema,
  'jsonrpc.notification': JsonRpcNotificationSchema,
  'jsonrpc.response': JsonRpcResponseSchema,
} as const;

/** zod issues on one line: `path: message; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join('; ');
}

/** One zod issue: `path: message`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
