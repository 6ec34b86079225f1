/** Model calls, tokens and cost per model: per attempt (in results.jsonl) and per run and slice (in summary.json). */
import { z } from 'zod';

export const ModelFiguresSchema = z.strictObject({
  calls: z.number().int().nonnegative().describe('Model calls a model answered (refused and faulted gateway calls are not).'),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
});
export type ModelFigures = z.infer<typeof ModelFiguresSchema>;

/** An attempt's figures by model id, with which of its calls `pricing:` did not price (the gate's prices are those that priced one). */
export const CaseModelsSchema = z.record(
  z.string(),
  ModelFiguresSchema.extend({
    reported_calls: z.number().int().positive().optional().describe('Of its calls, those whose cost the agent reported itself (cost_usd): `pricing:` priced only the others. Absent for none.'),
  }),
);
export type CaseModels = z.infer<typeof CaseModelsSchema>;

/** One model's figures over a set of attempts, with its share of their calls and cost. */
export const ModelShareSchema = ModelFiguresSchema.extend({
  model: z.string(),
  call_share: z.number().min(0).max(1).describe('Its calls over all model calls of the set.'),
  cost_share: z.number().min(0).max(1).nullable().describe('Its cost over the set\'s cost; null when the set cost nothing.'),
});
export type ModelShare = z.infer<typeof ModelShareSchema>;

/** Per model, overall and per slice; models sorted by calls, most first. */
export const ModelUsageBySliceSchema = z.strictObject({
  overall: z.array(ModelShareSchema),
  slices: z.record(z.string(), z.array(ModelShareSchema)),
});
export type ModelUsageBySlice = z.infer<typeof ModelUsageBySliceSchema>;
