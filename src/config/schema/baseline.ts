import { z } from 'zod';
import { AgentNameSchema } from './agent.js';
import { PriceSchema } from './price.js';
import { TOOL_SCORE_KEYS } from '../tool-score-keys.js';

/** How far a written rate may sit from successes / n: files keep rates to 4 decimals. */
const RATE_ROUNDING = 0.00005 + 1e-12;
const FRACTION = z.number().min(0, 'a fraction in [0, 1]').max(1, 'a fraction in [0, 1]');

/**
 * A rate with its 95% Wilson interval; value is null when n = 0. Its figures must agree: at
 * most n successes and the value successes / n (as rounded in a file), so a hand-edited or
 * corrupt rate is refused where it is written, not taken as a move by the gate.
 */
export const RateSchema = z
  .strictObject({
    value: FRACTION.nullable(),
    successes: z.number().int().nonnegative(),
    n: z.number().int().nonnegative(),
    low: FRACTION.nullable(),
    high: FRACTION.nullable(),
  })
  .superRefine((rate, ctx) => {
    const { value, successes, n } = rate;
    // A value out of [0, 1] has its own issue already.
    if (value !== null && !(value >= 0 && value <= 1)) return;
    if (successes > n) ctx.addIssue({ code: 'custom', path: ['successes'], message: `${successes} successes of n = ${n}: a rate has at most n successes` });
    else if (n === 0 ? value !== null : value === null || Math.abs(value - successes / n) > RATE_ROUNDING) {
      const expected = n === 0 ? 'null (n = 0)' : `${Number((successes / n).toFixed(4))} (successes ${successes} / n ${n})`;
      ctx.addIssue({ code: 'custom', path: ['value'], message: `value ${String(value)} is not successes / n: expected ${expected}` });
    }
  });
export type Rate = z.infer<typeof RateSchema>;

/** How a run's attempts ended, counted: each slice's metrics and summary.json's `counts`. */
export const ATTEMPT_COUNTS = {
  attempts: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
};

export const RunMetricsSchema = z.strictObject({
  cases: z.number().int().nonnegative().describe('Distinct cases.'),
  ...ATTEMPT_COUNTS,
  success_rate: RateSchema.describe('Passed attempts over attempts that ran (errors excluded).'),
  escalation_rate: RateSchema,
  policy_compliance: RateSchema,
  budget_compliance: RateSchema,
  error_rate: RateSchema.describe('Harness errors over all attempts.'),
  tool_correctness: z.number().nullable().describe('Mean F1 of expected vs actual tool calls.'),
  tool_precision: z.number().nullable(),
  tool_recall: z.number().nullable(),
  cost_per_task: z.number().nullable().describe('Mean USD per attempt.'),
  cost_total: z.number(),
  p50_latency_ms: z.number().nullable(),
  p95_latency_ms: z.number().nullable(),
  retries: z.number().int().nonnegative(),
  tool_errors: z.number().int().nonnegative(),
  policy_denials: z.number().int().nonnegative(),
  approval_missing: z.number().int().nonnegative().optional().describe('Calls answered approval_missing (part of policy_denials).'),
  // Optional so baselines written before repeats were measured still parse; computeMetrics always sets them.
  repeat: z.number().int().nonnegative().optional().describe('k: the most attempts any case ran (1 without repeats).'),
  pass_hat_k: RateSchema.optional().describe('pass^k: cases whose judged attempts all passed, over cases with a judged attempt.'),
  pass_at_k: RateSchema.optional().describe('pass@k: cases with at least one passed attempt, over cases with a judged attempt.'),
  flaky_cases: z.array(z.string()).optional().describe('"<suite>/<case id>" of the cases that passed some attempts and failed others, sorted.'),
});
export type RunMetrics = z.infer<typeof RunMetricsSchema>;

export const MetricsBySliceSchema = z.strictObject({
  overall: RunMetricsSchema,
  slices: z.record(z.string(), RunMetricsSchema).describe('Keyed "suite:<name>", "tag:<tag>", "risk:<level>", "adversarial:<category>".'),
});
export type MetricsBySlice = z.infer<typeof MetricsBySliceSchema>;

export const BaselineCaseSchema = z.strictObject({
  fingerprint: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  attempts: z.number().int().positive(),
  passes: z.number().int().nonnegative(),
  outcome: z.string().optional().describe('The most frequent outcome of its judged attempts that did not escalate, the earliest of equals; the first attempt\'s when every attempt escalated or was in error.'),
  duration_ms: z.number().nonnegative(),
  cost_usd: z.number().nonnegative(),
  failed_checks: z.array(z.string()).optional(),
  flaky: z.literal(true).optional().describe('Passed some attempts and failed others.'),
  escalations: z.number().int().positive().optional().describe('Judged attempts that ended escalated (absent when none).'),
  tool_correctness: FRACTION.optional().describe('Mean tool-call F1 of its judged attempts that scored tool calls (absent when none did: the case expects no calls). Version 3.'),
  tool_precision: FRACTION.optional().describe('Mean tool-call precision of the same attempts. Version 3.'),
  tool_recall: FRACTION.optional().describe('Mean tool-call recall of the same attempts. Version 3.'),
}).superRefine((record, ctx) => {
  // What `baseline update` can write: a hand edit past it would be read as attempts that never ran.
  const { attempts, passes, escalations, status, flaky } = record;
  if (passes > attempts) ctx.addIssue({ code: 'custom', path: ['passes'], message: `${passes} passes of ${attempts} attempts: a case passes at most every attempt` });
  else if (status === 'passed' && passes < attempts) ctx.addIssue({ code: 'custom', path: ['status'], message: `a passed case passed every attempt, and ${passes} of ${attempts} did` });
  // A failed case failed an attempt and an error case ended one in a harness error: the gate's figures would count it passed and its diff failed.
  else if (status !== 'passed' && passes === attempts) ctx.addIssue({ code: 'custom', path: ['status'], message: `${status === 'error' ? 'an error' : 'a failed'} case passed fewer than all its attempts, and ${passes} of ${attempts} passed` });
  else if (flaky && (passes === 0 || passes === attempts)) ctx.addIssue({ code: 'custom', path: ['flaky'], message: `a flaky case passed some attempts and not all, and ${passes} of ${attempts} did` });
  if (escalations !== undefined && escalations > attempts) ctx.addIssue({ code: 'custom', path: ['escalations'], message: `${escalations} escalations of ${attempts} attempts: at most one an attempt` });
  // The three come from the same attempts' tool scores: one alone would be a hand edit the gate reads as a move.
  const scores = TOOL_SCORE_KEYS.filter((key) => record[key] !== undefined);
  if (scores.length > 0 && scores.length < TOOL_SCORE_KEYS.length) {
    const missing = TOOL_SCORE_KEYS.find((key) => record[key] === undefined)!;
    ctx.addIssue({ code: 'custom', path: [scores[0]!], message: `${scores.join(' and ')} without ${missing}: a case record keeps tool_correctness, tool_precision and tool_recall together, or none` });
  }
});
export type BaselineCase = z.infer<typeof BaselineCaseSchema>;

/** agentready.baseline.json: committed, reviewed in pull requests. */
export const BaselineSchema = z
  .strictObject({
    format: z.literal('agentready-baseline'),
    version: z
      .literal([1, 2, 3, 4])
      .describe('The lowest that holds it: 1; 2 when its provenance holds `uncommitted`; 3 when a case record holds tool scores; 4 when it holds `pricing` (written so, an older agentready refuses it as newer instead of failing on the key).'),
    provenance: z.strictObject({
      agent: AgentNameSchema,
      adapter: z.string(),
      commit: z.string().optional().describe('The git commit (HEAD) the run was made at, when there is one.'),
      uncommitted: z
        .literal(true)
        .optional()
        .describe('Set when tracked files of the checkout (other than the baseline and .agentready/) had changes not committed, staged or not, as the run ran: the code measured is not `commit`\'s. Version 2.'),
    }),
    pricing: z
      .record(z.string(), PriceSchema)
      .optional()
      .describe("The config's `pricing:` entries that priced the run's model calls, by key (absent when none did): the gate says when the run's prices differ, so a cost that moved with them is not read as the agent's. Version 4."),
    fingerprint: z.string().describe('Hash of every suite as written.'),
    metrics: MetricsBySliceSchema,
    cases: z.record(z.string(), BaselineCaseSchema).describe('Keyed "<suite>/<case id>".'),
  })
  .describe('agentready baseline (agentready.baseline.json)');
export type Baseline = z.infer<typeof BaselineSchema>;
