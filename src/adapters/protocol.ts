/**
 * The agentready/1 protocol (SPEC §4): every message, as zod (those the agent side reads are
 * agent-messages.ts's, re-exported here). Agent bytes stay `raw` until parsed here.
 */
import { z } from 'zod';
import { JsonObjectSchema } from '../config/schema/json-object.js';
import { ReportedToolCallSchema } from '../config/schema/reported-call.js';
import { MessageSchema } from '../config/schema/message.js';
import { OUTCOMES, OutcomeSchema } from '../config/schema/trace.js';
import { RunParamsSchema, UsageParamsSchema, ReportedUsageSchema, CancelParamsSchema, ToolErrorDataSchema, JsonRpcRequestSchema, JsonRpcNotificationSchema, JsonRpcResponseSchema } from './agent-messages.js';

export {
  ToolDescriptorSchema,
  ModelUrlsSchema,
  RunParamsSchema,
  UsageParamsSchema,
  ReportedUsageSchema,
  CancelParamsSchema,
  ToolErrorDataSchema,
  JsonRpcIdSchema,
  JsonRpcRequestSchema,
  JsonRpcNotificationSchema,
  JsonRpcErrorObjectSchema,
  JsonRpcResponseSchema,
  METHODS,
  describeIssues,
  describeIssue,
  type ToolDescriptor,
  type ModelUrls,
  type RunParams,
  type UsageParams,
} from './agent-messages.js';

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

/** `shutdown` takes `{}` and answers `{}`; the agent exits after answering. */
export const ShutdownSchema = z.strictObject({});

export const ToolCallParamsSchema = z.object({
  trace_id: z.string(),
  name: z.string(),
  arguments: JsonObjectSchema.optional(),
});
export type ToolCallParams = z.infer<typeof ToolCallParamsSchema>;
/**
 * tools/call params as agentready reads them (stdio, http): `arguments` of any JSON type. Arguments
 * that are no object (the JSON text OpenAI's tool calls carry them as, forwarded as it is) are the
 * agent's mistake about arguments: the call is answered `invalid_arguments` and recorded, as a
 * module agent's is (SPEC §3), not refused as a malformed message the trace never shows.
 */
export const ToolCallParamsReadSchema = ToolCallParamsSchema.extend({ arguments: z.unknown().optional() });

export const ApprovalRequestParamsSchema = z.object({
  trace_id: z.string(),
  name: z.string(),
  arguments: JsonObjectSchema.optional(),
  reason: z.string().optional(),
});
export type ApprovalRequestParams = z.infer<typeof ApprovalRequestParamsSchema>;
export const ApprovalResultSchema = z.strictObject({ approved: z.boolean() });

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
