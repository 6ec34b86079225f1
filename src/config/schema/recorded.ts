/**
 * Traces an agent reports itself (SPEC §3, §4 exec, §10 `score`): the exec result's
 * `tool_calls`, and the JSONL lines `agentready score` reads. Mocks and faults did not apply;
 * the calls are recorded as they happened and judged by the policy like hosted ones.
 */
import { z } from 'zod';
import { JsonObjectSchema } from './json-object.js';
import { MillisecondsSchema, ReportedCostSchema, ResultOutcomeSchema } from './trace.js';
import { TurnRecordSchema, UsageRecordSchema } from './trace-records.js';
import { ReportedToolCallSchema } from './reported-call.js';

/**
 * One approval/request the agent made and its answer. A trace that lists them is judged by them
 * (a call's `approved` is then what it found, not a request of its own), so an approval refused
 * and followed by no call still meets an expected call with `approved: false` (SPEC §17).
 */
export const RecordedApprovalSchema = z.strictObject({
  name: z.string().min(1).describe('The tool the approval was asked for.'),
  arguments: JsonObjectSchema.optional().describe('The arguments it was asked for; default {}.'),
  reason: z.string().optional(),
  approved: z.boolean().describe('Whether the approver granted (true) or refused (false) it.'),
  at_ms: MillisecondsSchema.optional().describe('When it was asked, in milliseconds since the run began (default 0: before every call).'),
});
export type RecordedApproval = z.infer<typeof RecordedApprovalSchema>;

const RecordedUsageSchema = z.strictObject({
  model: z.string().min(1),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: ReportedCostSchema.optional(),
});

/**
 * A model call the model gateway measured, as agentready's own traces record it: refused and
 * faulted calls too, with their times, so its budget verdict (the hard stop) is judged again.
 */
const MeasuredUsageSchema = UsageRecordSchema.extend({ via: z.literal('gateway') });
const UsageEntrySchema = z.union([RecordedUsageSchema, MeasuredUsageSchema]);
export type RecordedUsage = z.infer<typeof UsageEntrySchema>;

/** One line of a traces file for `agentready score`: an exec result naming its case. */
export const RecordedTraceSchema = z
  .strictObject({
    $schema: z.string().optional(),
    case_id: z.string().min(1).describe('The id of the suite case this trace answers.'),
    suite: z.string().min(1).optional().describe('The suite name; needed when two suites share the case id.'),
    trace_id: z.string().min(1).optional().describe('Kept as the trace id of the result (default: a new one).'),
    outcome: ResultOutcomeSchema,
    output: z.unknown().optional(),
    usage: z.union([UsageEntrySchema, z.array(UsageEntrySchema)]).optional(),
    tool_calls: z.array(ReportedToolCallSchema).optional(),
    approvals: z.array(RecordedApprovalSchema).optional()
      .describe('The approval/requests and their answers, when the trace recorded them; without it, each call\'s `approved` stands for an approval asked just before it.'),
    duration_ms: MillisecondsSchema.optional().describe('How long the agent took (feeds the latency metrics).'),
    error: z.string().optional().describe('Why the run failed, for outcome error or timeout.'),
    turns: z.array(TurnRecordSchema).optional().describe('A conversation, turn by turn; `outcome` and `output` are the last turn\'s.'),
  })
  .describe('One line of a traces file for `agentready score` (JSONL)');
export type RecordedTrace = z.infer<typeof RecordedTraceSchema>;
