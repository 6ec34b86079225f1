import { z } from 'zod';
import { CaseStatusSchema, RunTimeSchema } from './results.js';

/**
 * One line of `.agentready/history.jsonl` (SPEC §14): one attempt's verdict, appended by every
 * eval. A CI job keeps the file as a cache; `agentready report` reads it for flip rates.
 */
export const HistoryEntrySchema = z
  .strictObject({
    suite: z.string(),
    case_id: z.string(),
    attempt: z.number().int().positive(),
    fingerprint: z.string().describe('The case as written when it ran: a changed case starts a new history.'),
    status: CaseStatusSchema,
    run_id: z.string(),
    commit: z.string().optional().describe('The git commit the run was made from, when there is one.'),
    uncommitted: z
      .literal(true)
      .optional()
      .describe('Set when tracked files of the checkout (outside the project\'s .agentready/) had changes not committed, staged or not, as the run ran: its code is not the commit\'s, so the weekly review compares its verdicts with no other run\'s. Absent on clean checkouts and on lines older versions wrote.'),
    timestamp: RunTimeSchema.describe('When the run started (ISO 8601, UTC).'),
    same_agent_error: z
      .literal(true)
      .optional()
      .describe(
        "Set on every line of a run whose every attempt ended in agent_error with one and the same message (the agent could not run at all: a missing API key, say): the weekly review leaves the run out of flip rates, also once its run folder is gone. Absent on other runs' lines and on lines older versions wrote.",
      ),
  })
  .describe('One line of .agentready/history.jsonl');
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
