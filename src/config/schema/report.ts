/**
 * `--reporter json`'s file (report/json.ts): the whole finished run for scripts and dashboards,
 * summary.json's figures with every attempt's result. Apart from the index, as the packs' schemas
 * are: nothing reads a report back, so only the schema generator and the tests build it.
 */
import { z } from 'zod';
import { CaseResultSchema } from './results.js';
import { RunSummaryFileSchema } from './summary.js';

/** What the report says as summary.json says it. */
const FROM_SUMMARY = {
  run_id: true,
  agent: true,
  adapter: true,
  started_at: true,
  finished_at: true,
  duration_ms: true,
  interrupted: true,
  unauthenticated_requests: true,
  warnings: true,
  metrics: true,
  models: true,
  replayed: true,
  replayed_usd: true,
  verdict: true,
  kill_switch: true,
} as const;

export const RunReportFileSchema = RunSummaryFileSchema.pick(FROM_SUMMARY)
  .extend({
    format: z.literal('agentready-report'),
    version: z.literal(1),
    incomplete: z.string().nullable().describe('Why the run could not be completed (exit 3, whatever verdict.pass says: the gate was not decided); null for a completed run.'),
    tolerated_errors: z
      .strictObject({
        errors: z.number().int().nonnegative(),
        counted: z.number().int().nonnegative(),
        max_error_rate: z.number().min(0).max(1),
        undecidable: z.number().int().nonnegative().optional().describe('Of the errors, the checks `agentready score` could not decide on redacted traces.'),
      })
      .nullable()
      .describe('A completed run\'s harness errors within run.max_error_rate; null when it had none, or did not complete.'),
    not_run: z.number().int().nonnegative().nullable().describe('An interrupted run\'s attempts that did not finish (cancelled in flight, or never reached): those it planned less those in `results` (`agentready eval --resume` runs them); null for a run that was not interrupted.'),
    results: z.array(CaseResultSchema).describe('Every attempt, as results.jsonl holds it after its header.'),
  })
  .describe('The file `--reporter json` writes (agentready-report.json by default).');
export type RunReportFile = z.infer<typeof RunReportFileSchema>;
