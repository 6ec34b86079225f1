/**
 * The agentready/1 messages the agent side reads (SPEC §4): the JSON-RPC envelopes, `run` and
 * `cancel` params, a tool's error data, a usage report, as zod; protocol.ts holds the rest and
 * re-exports these. Apart from it so that the agent SDK's bundle (`serveStdio`, which imports
 * from here alone) builds only these schemas as it loads: protocol.ts's others (the results, the
 * exec trace, the user simulator's) cost every stdio agent ~10 ms of CPU at its start.
 */
import { z } from 'zod';
import { JsonObjectSchema } from '../config/schema/json-object.js';
import { MessageSchema } from '../config/schema/message.js';
import { ReportedCostSchema } from '../config/schema/reported-cost.js';
import { RUN_MODES } from '../config/schema/run-modes.js';

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
  mode: z.enum(RUN_MODES),
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
  trace_id: z.string().describe('The trace_id of the run params of the case the model call was for: a report naming no case in flight is not counted (the run warns of it).'),
  model: z.string().min(1),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: ReportedCostSchema.optional(),
});
export type UsageParams = z.infer<typeof UsageParamsSchema>;
/** A model call reported inside a run's answer or through the module's `ctx.recordUsage`: no trace id. */
export const ReportedUsageSchema = UsageParamsSchema.omit({ trace_id: true });

export const CancelParamsSchema = z.strictObject({ trace_id: z.string() });
export const ToolErrorDataSchema = z.object({
  kind: z.string(),
  status: z.number().int().optional(),
  retry_after_ms: z.number().int().optional(),
  rule_id: z.string().optional(),
  message: z.string().optional().describe('The error message again (it starts with the kind): frameworks that keep only `data` still see it.'),
});

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

/**
 * Lines of a thrown handler's stack an error answer to `run` carries as its `data.stack`: serveStdio
 * sends no more, agentready keeps no more in the case's log (agent-log.ts).
 */
export const ERROR_STACK_LINES = 50;

/** The `stack` an error answer's data carries (a list of lines, as serveStdio sends), or none: its first ERROR_STACK_LINES lines that are strings. */
export function errorStack(data: unknown): string[] {
  const stack = typeof data === 'object' && data !== null ? (data as { stack?: unknown }).stack : undefined;
  return Array.isArray(stack) ? stack.slice(0, ERROR_STACK_LINES).filter((line): line is string => typeof line === 'string') : [];
}

/** zod issues on one line: `path: message; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join('; ');
}

/** One zod issue: `path: message`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
