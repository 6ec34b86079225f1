/**
 * A custom check (SPEC §6 `expect.custom`): the user's function over a case's trace and the
 * verdict it must return. score/custom.ts runs one; the package exports the function's type.
 */
import { z } from 'zod';
import type { Trace } from './trace.js';

/** What a custom scorer must return; anything else (`{pass: "false"}` included) fails its check. */
export const CustomVerdictSchema = z.object({
  pass: z.boolean(),
  /** Finite: NaN and Infinity are no score. */
  score: z.number().optional(),
  reason: z.string().optional(),
});
export type CustomVerdict = z.infer<typeof CustomVerdictSchema>;

/** A custom scorer module's default export. */
export type CustomScorerFn = (trace: Trace) => CustomVerdict | Promise<CustomVerdict>;
