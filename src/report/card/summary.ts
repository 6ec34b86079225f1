/**
 * The parts of a run's summary.json the card reads. Lenient on purpose: summary.json grows
 * (kill-switch figures, timings), and a card must still show what it can from an older or
 * newer run, so unknown keys pass and everything but the run id is optional.
 */
import { z } from 'zod';
import { MetricsBySliceSchema } from '../../config/schema/index.js';

export const CardRunSummarySchema = z.looseObject({
  run_id: z.string(),
  started_at: z.string().optional(),
  agent: z.looseObject({ name: z.string(), version: z.string() }).optional(),
  // A metrics shape this version does not know is dropped, not a reason to ignore the run.
  metrics: MetricsBySliceSchema.optional().catch(undefined),
  verdict: z.looseObject({ pass: z.boolean() }).nullable().optional(),
  skipped_for_cost: z.number().int().nonnegative().optional(),
  /** Written by `eval --kill-switch`: the readiness check's figures. Shape read leniently. */
  kill_switch: z.unknown().optional(),
});
export type CardRunSummary = z.infer<typeof CardRunSummarySchema>;

/** The summary, or undefined when the file is not one (a crashed run, another tool's JSON). */
export function parseCardRunSummary(raw: unknown): CardRunSummary | undefined {
  const parsed = CardRunSummarySchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Whether the run was a kill-switch run: its summary carries kill-switch figures. */
export function isKillSwitchRun(summary: CardRunSummary): boolean {
  return summary.kill_switch !== undefined && summary.kill_switch !== null && summary.kill_switch !== false;
}
