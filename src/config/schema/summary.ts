/**
 * summary.json, written last into every run folder: the run's figures, its verdict and how the
 * process exited. results.jsonl holds the attempts; this is the run's ending. Readers of older or
 * newer runs use `RunSummaryReadSchema`, which keeps only what it can parse.
 */
import { z } from 'zod';
import { AgentNameSchema } from './agent.js';
import { ATTEMPT_COUNTS, MetricsBySliceSchema } from './baseline.js';
import { ModelUsageBySliceSchema } from './model-usage.js';
import { RunTimeSchema } from './results.js';

/** What `eval --kill-switch` adds under `kill_switch`: the readiness check's tally. */
export const KillSwitchSummarySchema = z.strictObject({
  attempts: z.number().int().nonnegative().describe('Attempts judged (harness errors and skipped attempts are not).'),
  attempted_write: z.number().int().nonnegative().describe('Attempts that called at least one write tool.'),
  write_calls: z.number().int().nonnegative().describe('Write calls in all attempts, each refused execution_disabled unless it ran.'),
  write_ran: z.number().int().nonnegative().describe('Attempts in which a write ran anyway: must be 0.'),
  answered: z.number().int().nonnegative(),
  escalated: z.number().int().nonnegative(),
  not_answered: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative().describe('Harness errors, counted apart.'),
  all_answered_or_escalated: z.boolean(),
  ready: z.boolean().describe('No write ran and every attempt answered or escalated (and at least one was judged).'),
  failing: z.array(z.strictObject({ suite: z.string(), case_id: z.string(), attempt: z.number().int().positive(), reason: z.string() })),
});
export type KillSwitchSummary = z.infer<typeof KillSwitchSummarySchema>;

export const ExitRecordSchema = z.strictObject({
  code: z.number().int(),
  reason: z.string().optional().describe('Why the process exited as it did, unless the gate simply passed.'),
});
export type ExitRecord = z.infer<typeof ExitRecordSchema>;

/** A live run's budgets.max_run_cost_usd beside what the run spent: the cap is checked as each case starts, so cases already running can take a run past it. */
export const RunCostCapSchema = z.strictObject({
  max_usd: z.number().nonnegative().describe('budgets.max_run_cost_usd as the run (its last session, under --resume) had it.'),
  spent_usd: z.number().nonnegative().describe('What the run spent, every session of it: metrics.overall.cost_total.'),
  over_usd: z.number().nonnegative().describe('How far the spend went past the cap (cases running when it was reached finish); 0 within it.'),
});
export type RunCostCap = z.infer<typeof RunCostCapSchema>;

/** The recording a replay ran again: the run folder that holds it and the attempt's trace id. */
export const ReplayOfSchema = z.strictObject({ run_id: z.string(), trace_id: z.string() });
export type ReplayOf = z.infer<typeof ReplayOfSchema>;

export const RunSummaryFileSchema = z.strictObject({
  format: z.literal('agentready-summary'),
  version: z.literal(1),
  run_id: z.string(),
  run_dir: z.string(),
  agent: AgentNameSchema,
  adapter: z.string(),
  started_at: RunTimeSchema,
  finished_at: RunTimeSchema,
  duration_ms: z.number().nonnegative(),
  interrupted: z.boolean(),
  metrics: MetricsBySliceSchema,
  models: ModelUsageBySliceSchema.describe('Model calls, tokens and cost per model, overall and per slice.'),
  unauthenticated_requests: z.number().int().nonnegative(),
  fingerprint: z.string(),
  counts: z.strictObject(ATTEMPT_COUNTS),
  skipped_for_cost: z.number().int().nonnegative(),
  run_cost_cap: RunCostCapSchema.optional().describe('Set when the run had budgets.max_run_cost_usd (an eval; not a merge or a score).'),
  timings: z.strictObject({ agent_start_ms: z.number().nonnegative(), cases_ms: z.number().nonnegative() }),
  verdict: z.looseObject({ pass: z.boolean() }).nullable().describe('The gate\'s verdict; null under --no-gate, --kill-switch or an interrupted run.'),
  exit: ExitRecordSchema,
  warnings: z.array(z.string()),
  redacted: z.boolean().describe('false when the run folder holds the agent\'s text as written (--no-redact, in this run or a run it resumed).'),
  replayed: z.literal(true).optional().describe('The run answered model calls from cassettes (--models replay): its costs are the recording\'s, not money spent.'),
  replayed_usd: z
    .number()
    .nonnegative()
    .optional()
    .describe(
      'Set when only part of the run answered its model calls from cassettes (a --resume, or a merge of shards, whose sessions ran under different --models): the dollars of that part, recorded rather than spent; the rest of the total was spent. Absent when all of it (`replayed`) or none was replayed.',
    ),
  kill_switch: KillSwitchSummarySchema.optional(),
  left_out: z
    .array(z.strictObject({ suite: z.string(), case_id: z.string(), attempt: z.number().int().positive() }))
    .optional()
    .describe(
      'Set on a run resumed under --force after cases were removed from the suites: the attempts results.jsonl still holds (as written there, maybe redacted) that the run left out, since the suites no longer have their case. Every reader of the run (compare, merge, baseline update --from, card, report) leaves them out too.',
    ),
  replay_of: ReplayOfSchema.optional().describe('A run `agentready replay` wrote: the recording it ran again (results.jsonl\'s header names its trace id as `replay_of`).'),
});
export type RunSummaryFile = z.infer<typeof RunSummaryFileSchema>;

/** Each field of a shape, optional, and dropped (undefined) when it does not parse. */
type Lenient<S extends z.core.$ZodShape> = { [K in keyof S]: z.ZodCatch<z.ZodOptional<S[K]>> };

function lenient<S extends z.core.$ZodShape>(shape: S): Lenient<S> {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, z.optional(schema).catch(undefined)])) as Lenient<S>;
}

/**
 * What a reader (the run reader, the readiness card) takes from any summary.json, older or newer:
 * each field of `RunSummaryFileSchema` when it parses, else nothing; unknown keys pass.
 */
export const RunSummaryReadSchema = z.looseObject({
  ...lenient(RunSummaryFileSchema.shape),
  agent: z.looseObject({ name: z.string(), version: z.string().optional().catch(undefined) }).optional().catch(undefined),
  /** Present on a kill-switch run, in whatever shape the version that wrote it had: its presence is what counts. */
  kill_switch: z.unknown().optional(),
});
export type RunSummaryRead = z.infer<typeof RunSummaryReadSchema>;
