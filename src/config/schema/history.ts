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
    config: z
      .string()
      .optional()
      .describe("The name of the config file the run was made with (`mcp.config.yaml`), as its run folder's header records it: the configs of one folder share this history, and `agentready report` reads the lines of the config in use (and the lines that name none), also once the run folders are gone. Absent with the embedded default config and on lines older versions wrote."),
    commit: z.string().optional().describe('The git commit the run was made from, when there is one.'),
    uncommitted: z
      .literal(true)
      .optional()
      .describe('Set when tracked files of the checkout (outside the project\'s .agentready/) had changes not committed, staged or not, as the run ran: its code is not the commit\'s, so the weekly review compares its verdicts with no other run\'s. Absent on clean checkouts and on lines older versions wrote.'),
    timestamp: RunTimeSchema.describe('When the run started (ISO 8601, UTC).'),
    shards: z
      .string()
      .optional()
      .describe("Set on the lines `agentready merge` records: one digest of the shard runs' ids it joined, so merging the same shards again (a CI job run again) does not record their verdicts twice. Absent on an eval's lines and on lines older versions wrote."),
    same_agent_error: z
      .literal(true)
      .optional()
      .describe(
        "Set on every line of a run whose every attempt ended in agent_error with one and the same message (the agent could not run at all: a missing API key, say): the weekly review leaves the run out of flip rates, also once its run folder is gone. Absent on other runs' lines and on lines older versions wrote.",
      ),
  })
  .describe('One line of .agentready/history.jsonl');
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
