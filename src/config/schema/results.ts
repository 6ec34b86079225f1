import { z } from 'zod';
import { ResultOutcomeSchema } from './trace.js';

export const CHECKS = ['outcome', 'tools', 'output', 'retry', 'policy', 'budget', 'custom'] as const;
export const CheckNameSchema = z.enum(CHECKS);
export type CheckName = z.infer<typeof CheckNameSchema>;

export const ToolScoreSchema = z.strictObject({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
});
export type ToolScore = z.infer<typeof ToolScoreSchema>;

/** A check's verdict; a failure always says what was wanted and what was seen. */
export const CheckResultSchema = z.discriminatedUnion('pass', [
  z.strictObject({
    check: CheckNameSchema,
    pass: z.literal(true),
    name: z.string().optional(),
    reason: z.string().optional().describe('Why it passed, when a custom scorer said.'),
    score: ToolScoreSchema.optional(),
    value: z.number().optional().describe('A custom scorer\'s own numeric score.'),
  }),
  z.strictObject({
    check: CheckNameSchema,
    pass: z.literal(false),
    name: z.string().optional(),
    reason: z.string(),
    expected: z.unknown(),
    found: z.unknown(),
    score: ToolScoreSchema.optional(),
    value: z.number().optional().describe('A custom scorer\'s own numeric score.'),
  }),
]);
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const CaseStatusSchema = z.enum(['passed', 'failed', 'error', 'skipped']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** One line of results.jsonl: one attempt of one case. */
export const CaseResultSchema = z.strictObject({
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
  trace_id: z.string(),
  fingerprint: z.string().describe('Hash of the case as written (input, context, mocks, faults, expect).'),
  tags: z.array(z.string()),
  risk: z.enum(['low', 'medium', 'high']).optional(),
  status: CaseStatusSchema,
  outcome: ResultOutcomeSchema.optional(),
  duration_ms: z.number().nonnegative(),
  cost_usd: z.number().nonnegative(),
  model_calls: z.number().int().nonnegative(),
  tool_calls: z.number().int().nonnegative(),
  tool_errors: z.number().int().nonnegative().describe('Calls answered with anything but the mock\'s result.'),
  retries: z.number().int().nonnegative().describe('Calls repeating the previous call after a fault.'),
  policy_violations: z.number().int().nonnegative(),
  approval_missing: z.number().int().nonnegative().optional().describe('Calls answered approval_missing (part of policy_violations).'),
  checks: z.array(CheckResultSchema),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/** The first line of results.jsonl. */
export const ResultsHeaderSchema = z.strictObject({
  format: z.literal('agentready-results'),
  version: z.literal(1),
  run_id: z.string(),
  fingerprint: z.string(),
  started_at: z.string(),
});
export type ResultsHeader = z.infer<typeof ResultsHeaderSchema>;
