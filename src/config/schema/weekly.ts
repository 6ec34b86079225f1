/**
 * The weekly review (`agentready report`, SPEC §14) as `--reporter json` writes it. Apart from the
 * index, as the card's and the json reporter's schemas are: the review only writes it, so only
 * the schema generator and the tests build it (report/weekly takes its types).
 */
import { z } from 'zod';
import { GATE_METRICS, ThresholdSchema } from './gate.js';
import { CaseStatusSchema } from './results.js';
import { count } from './count.js';

/** A case whose quarantine holds (SPEC §14): the gate reports it without counting it (gate/quarantine.ts), the review lists it. */
export const QuarantinedCaseSchema = z.strictObject({ suite: z.string(), case_id: z.string(), until: z.string(), reason: z.string() });
export type QuarantinedCase = z.infer<typeof QuarantinedCaseSchema>;

export const WeeklyCaseMoveSchema = z
  .strictObject({
    key: z.string(),
    now: CaseStatusSchema.describe('Status in the latest run.'),
    before: CaseStatusSchema.optional().describe('Status in the run before; absent: not in it.'),
    why: z.string().optional().describe('"check: reason" of its first failing check in the latest run, for new failures.'),
    trace_id: z.string(),
  })
  .describe('A case whose status moved between the last two runs.');
export type CaseMove = z.infer<typeof WeeklyCaseMoveSchema>;

export const WeeklyExampleSchema = z.strictObject({ key: z.string(), run_id: z.string(), trace_id: z.string() });
export type Example = z.infer<typeof WeeklyExampleSchema>;

export const WeeklyFailureReasonSchema = z.strictObject({
  check: z.string().describe('The check (its name for named ones), or "error" for a harness error.'),
  reason: z.string().describe('The reason with numbers and ids stripped, so the same failure groups across cases.'),
  count: count().describe('Failed attempts.'),
  cases: count().describe('Distinct cases among them.'),
  examples: z.array(WeeklyExampleSchema),
});
export type FailureReason = z.infer<typeof WeeklyFailureReasonSchema>;

export const WeeklyPolicyBlockSchema = z.strictObject({
  rule_id: z.string(),
  tool: z.string(),
  outcome: z.enum(['deny', 'approval_missing']),
  count: count(),
  examples: z.array(WeeklyExampleSchema),
});
export type PolicyBlock = z.infer<typeof WeeklyPolicyBlockSchema>;

export const WeeklyCostHotspotsSchema = z.strictObject({
  total_usd: z.number().nonnegative(),
  replayed_usd: z.number().nonnegative().describe('The part of total_usd from --models replay runs: the cassettes\' recorded cost, not money spent.'),
  by_case: z
    .array(z.strictObject({ key: z.string(), attempts: count(), cost_usd: z.number().nonnegative(), mean_usd: z.number().nonnegative(), variants: count().optional() }))
    .describe('A base case\'s adversarial variants are one row with it (`key` the base case\'s, `variants` how many), unless one alone cost most of them.'),
  by_model: z.array(z.strictObject({ model: z.string(), calls: count(), input_tokens: count(), output_tokens: count(), cost_usd: z.number().nonnegative() })),
  by_tool: z
    .array(z.strictObject({ tool: z.string(), calls: count(), errors: count(), latency_ms: z.number().nonnegative() }))
    .describe('Tools cost time and calls, not money: calls, failed calls and time spent in them.'),
});
export type CostHotspots = z.infer<typeof WeeklyCostHotspotsSchema>;

export const WeeklyMetricSeriesSchema = z.strictObject({
  metric: z.enum(GATE_METRICS),
  slice: z.string(),
  threshold: ThresholdSchema,
  points: z.array(z.strictObject({ run_id: z.string(), started_at: z.string(), value: z.number().nullable() })),
});
export type MetricSeries = z.infer<typeof WeeklyMetricSeriesSchema>;

export const WeeklyFlakyCaseSchema = z
  .strictObject({
    key: z.string(),
    attempts: count().describe('Judged attempts looked at (its last ones, same fingerprint).'),
    compared: count().describe('Consecutive pairs of them that ran the same code, the only ones compared.'),
    flips: count(),
    flip_rate: z.number().min(0).max(1).describe('flips / compared.'),
    sequence: z.string().describe('Oldest first: P passed, F failed; `|` where the code changed (another commit, uncommitted changes, no commit known) between two runs.'),
  })
  .describe('A case that passed and failed on the same code: in one run\'s repeats, or in runs of one commit with nothing uncommitted.');
export type FlakyCase = z.infer<typeof WeeklyFlakyCaseSchema>;

/** The review's fields, as report/weekly builds them. */
export const WeeklyReviewSchema = z.strictObject({
  window: z.strictObject({
    since: z.string().nullable(),
    until: z.string(),
    runs: z.array(z.strictObject({ run_id: z.string(), started_at: z.string(), attempts: count() })),
    attempts: count(),
  }),
  changes: z
    .strictObject({ latest: z.string().nullable(), previous: z.string().nullable(), new_failures: z.array(WeeklyCaseMoveSchema), fixed: z.array(WeeklyCaseMoveSchema) })
    .describe('What the latest run changed against the run before it.'),
  failure_reasons: z.array(WeeklyFailureReasonSchema),
  policy_blocks: z.array(WeeklyPolicyBlockSchema),
  cost: WeeklyCostHotspotsSchema,
  metrics: z.array(WeeklyMetricSeriesSchema),
  filtered_runs: z.array(z.string()).describe('The agent\'s runs in the window that ran some cases only, left out of `metrics`, oldest first.'),
  unfinished_runs: z.array(z.string()).describe('The agent\'s runs in the window that did not finish (interrupted, killed), left out of `metrics`, oldest first.'),
  agent_error_runs: z
    .array(z.string())
    .describe('The agent\'s runs in the window whose every attempt ended in one and the same agent_error (it could not run at all), left out of `flaky`, oldest first: found in their folders or, once a folder is gone, by their history lines.'),
  flaky: z.array(WeeklyFlakyCaseSchema),
  quarantined: z.array(QuarantinedCaseSchema).describe('The cases whose quarantine holds now.'),
});
export type WeeklyReview = z.infer<typeof WeeklyReviewSchema>;

export const WeeklyFileSchema = WeeklyReviewSchema.extend({ format: z.literal('agentready-weekly'), version: z.literal(1) }).describe(
  'The file `agentready report --reporter json` writes (agentready-weekly.json by default): the weekly review (SPEC §14).',
);
export type WeeklyFile = z.infer<typeof WeeklyFileSchema>;
