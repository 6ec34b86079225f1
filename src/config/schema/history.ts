import { z } from 'zod';
import { CaseStatusSchema } from './results.js';

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
    timestamp: z.string().describe('When the run started (ISO 8601).'),
  })
  .describe('One line of .agentready/history.jsonl');
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
