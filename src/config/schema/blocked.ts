/**
 * `blocked.json` in a run folder: the attempts a module agent's run had in flight when it blocked
 * agentready's process and the watchdog ended it (adapters/module-watchdog.ts writes it from its
 * worker thread: the main thread is held). `eval --resume` records them as errors (AGENT_BLOCKED)
 * and runs the rest, instead of running the case that blocks again.
 */
import { z } from 'zod';

/** The error code of an attempt whose agent blocked agentready's process. */
export const AGENT_BLOCKED = 'AGENT_BLOCKED';

/** One attempt of a run, as results.jsonl names it. */
export const AttemptRefSchema = z.strictObject({
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
});
export type AttemptRef = z.infer<typeof AttemptRefSchema>;

export const BlockedFileSchema = z.strictObject({
  format: z.literal('agentready-blocked'),
  blocked_ms: z.number().int().nonnegative(),
  in_flight: z.number().int().nonnegative().describe('Runs of the agent in flight, each of `attempts` and any the watchdog could not name: blamed only when one alone.'),
  attempts: z.array(AttemptRefSchema),
});
export type BlockedFile = z.infer<typeof BlockedFileSchema>;
