/**
 * `blocked.json` in a run folder: the attempts in flight when a module agent's run, a tool handler
 * or a custom scorer blocked agentready's process and the watchdog ended it
 * (adapters/module-watchdog.ts writes it from its worker thread: the main thread is held).
 * `eval --resume` records them as errors (AGENT_BLOCKED, HANDLER_BLOCKED, SCORER_BLOCKED) and runs
 * the rest, instead of running the case that blocks again.
 */
import { z } from 'zod';

/** The error code of an attempt whose agent blocked agentready's process. */
export const AGENT_BLOCKED = 'AGENT_BLOCKED';
/** The error codes of an attempt whose tool handler, or custom scorer, blocked agentready's process. */
export const USER_CODE_BLOCKED = ['HANDLER_BLOCKED', 'SCORER_BLOCKED'] as const;
export type UserCodeBlockedCode = (typeof USER_CODE_BLOCKED)[number];
/** An attempt recorded from blocked.json: it has no trace. */
export function blockedCode(code: string | undefined): boolean {
  return code === AGENT_BLOCKED || (USER_CODE_BLOCKED as readonly (string | undefined)[]).includes(code);
}

/** One attempt of a run, as results.jsonl names it. */
export const AttemptRefSchema = z.strictObject({
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
});
export type AttemptRef = z.infer<typeof AttemptRefSchema>;

/** An attempt in flight; one whose tool handler or custom scorer was running names it (`by`, "the tool handler ./h.mjs#spin of spin in case a") and its code. */
export const BlockedAttemptSchema = AttemptRefSchema.extend({
  fingerprint: z.string().optional().describe("The case's fingerprint as it ran: under `--resume --force`, an attempt whose case changed since runs again instead of being recorded (absent in files of earlier versions: recorded as named)."),
  code: z.enum(USER_CODE_BLOCKED).optional(),
  by: z.string().optional(),
});

/** An attempt as the main thread hands it to a watchdog (as each case, handler call or custom scorer starts), with its case's fingerprint. */
export type InFlightAttempt = AttemptRef & { fingerprint: string };

export const BlockedFileSchema = z.strictObject({
  format: z.literal('agentready-blocked'),
  blocked_ms: z.number().int().nonnegative(),
  in_flight: z.number().int().nonnegative().describe('Runs of the agent (or, with a `by`, calls of tool handlers and custom scorers) in flight, each of `attempts` and any the watchdog could not name: blamed only when one alone.'),
  attempts: z.array(BlockedAttemptSchema),
});
export type BlockedFile = z.infer<typeof BlockedFileSchema>;
