import { z } from 'zod';
import { AgentNameSchema } from './agent.js';
import { CaseModelsSchema } from './model-usage.js';
import { PriceSchema } from './price.js';
import { MillisecondsSchema, ResultOutcomeSchema } from './trace.js';
import { MAX_REPEAT, MAX_SHARDS } from '../defaults.js';
import { grepRegExp } from '../grep.js';
import { RUN_MODES } from './run-modes.js';

export const CHECKS = ['outcome', 'tools', 'output', 'retry', 'policy', 'budget', 'custom', 'state'] as const;
export const CheckNameSchema = z.enum(CHECKS);
export type CheckName = z.infer<typeof CheckNameSchema>;

export const ToolScoreSchema = z.strictObject({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
});
export type ToolScore = z.infer<typeof ToolScoreSchema>;

/** A check's verdict; a failure always says what was wanted and what was seen. */
export const CheckResultSchema = z.discriminatedUnion('pass', [
  z.strictObject({
    check: CheckNameSchema,
    pass: z.literal(true),
    name: z.string().optional(),
    reason: z.string().optional().describe('Why it passed, when a custom scorer said.'),
    from_run: z.literal(true).optional()
      .describe('`agentready score` of a run folder\'s own traces.jsonl: the trace, written with redaction on, could not decide this check, so it is the verdict the eval that wrote it gave on the raw values, the case (and, for the policy check, the policy) unchanged since.'),
    score: ToolScoreSchema.optional(),
    value: z.number().optional().describe('A custom scorer\'s own numeric score.'),
  }),
  z.strictObject({
    check: CheckNameSchema,
    pass: z.literal(false),
    name: z.string().optional(),
    reason: z.string(),
    undecidable: z.literal(true).optional()
      .describe('Not judged: the trace was written with redaction on and the check turns on a value it replaced (`agentready score`); the case is an error, not a failure.'),
    from_run: z.literal(true).optional()
      .describe('`agentready score` of a run folder\'s own traces.jsonl: the trace, written with redaction on, could not decide this check, so it is the verdict the eval that wrote it gave on the raw values, the case (and, for the policy check, the policy) unchanged since.'),
    expected: z.unknown(),
    found: z.unknown(),
    score: ToolScoreSchema.optional(),
    value: z.number().optional().describe('A custom scorer\'s own numeric score.'),
  }),
]);
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const CaseStatusSchema = z.enum(['passed', 'failed', 'error', 'skipped']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** One turn of a conversation as reports show it: the user's message and the agent's answer. */
export const TurnSummarySchema = z.strictObject({
  turn: z.number().int().positive(),
  user: z.string().describe('The user\'s message, cut at 200 characters.'),
  outcome: ResultOutcomeSchema,
  output: z.string().nullable().describe('The answer as text (JSON for a non-text output), cut at 200 characters; null when the agent gave none (it timed out or failed).'),
});
export type TurnSummary = z.infer<typeof TurnSummarySchema>;

/** One line of results.jsonl: one attempt of one case. */
export const CaseResultSchema = z.strictObject({
  suite: z.string(),
  case_id: z.string(),
  attempt: z.number().int().positive(),
  trace_id: z.string(),
  fingerprint: z.string().describe('Hash of the case as written (input, context, mocks, faults, expect).'),
  tags: z.array(z.string()),
  risk: z.enum(['low', 'medium', 'high']).optional(),
  description: z.string().optional().describe('The case\'s `description:` as its suite writes it (redacted like the rest), for the reports that show a case; absent when it has none.'),
  status: CaseStatusSchema,
  outcome: ResultOutcomeSchema.optional(),
  duration_ms: MillisecondsSchema,
  cost_usd: z.number().nonnegative(),
  model_calls: z.number().int().nonnegative(),
  models: CaseModelsSchema.optional().describe('Model calls, tokens and cost per model id; absent when the attempt made no model call.'),
  tool_calls: z.number().int().nonnegative(),
  tool_errors: z.number().int().nonnegative().describe('Calls answered with anything but the mock\'s result.'),
  retries: z.number().int().nonnegative().describe('Calls repeating the previous call after a fault.'),
  policy_violations: z.number().int().nonnegative(),
  approval_missing: z.number().int().nonnegative().optional().describe('Calls answered approval_missing (part of policy_violations).'),
  checks: z.array(CheckResultSchema),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  turns: z.array(TurnSummarySchema).optional().describe('A conversation\'s turns, for reports (the full text is in the trace).'),
  run_ms: MillisecondsSchema.optional().describe('The run\'s time when this attempt was recorded: its earlier sessions\' duration_ms plus this session\'s time so far. `--resume` after a session killed outright (no summary.json) counts that session\'s time from it.'),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/** `--shard i/n`: the cases whose stable hash of suite and base case id, modulo n, is i−1. */
export const ShardSchema = z
  .strictObject({
    index: z.number().int().positive(),
    total: z.number().int().positive().max(MAX_SHARDS),
  })
  // As --shard takes it: a header edited to 3/2 planned no case, and --resume ran "0 cases".
  .refine((shard) => shard.index <= shard.total, { message: 'a shard index of at most its total (i/n with i ≤ n)', path: ['index'] });
export type Shard = z.infer<typeof ShardSchema>;

/** A --grep pattern as a run recorded it: one that does not compile (a header edited by hand) is refused where it stands, not thrown at `--resume` or `merge` as agentready's own error. */
const GrepPatternSchema = z.string().check((ctx) => {
  try {
    grepRegExp(ctx.value);
  } catch (error) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `a regular expression or /pattern/flags, as --grep takes it (${(error as Error).message})` });
  }
});

/** Which attempts a run planned, so `--resume` plans the same ones and `merge` can tell what every shard held. */
export const RunSelectionSchema = z.strictObject({
  suites: z.array(z.string()).optional(),
  grep: z.union([GrepPatternSchema, z.array(GrepPatternSchema).min(1)]).optional().describe('--grep: one pattern, or several (a case matching any of them).'),
  tags: z.array(z.string()).optional(),
  cases: z.array(z.string()).optional().describe('Only these cases, as `<suite>/<case-id>` (--last-failed).'),
  shard: ShardSchema.optional(),
  suites_from: z.string().optional().describe('The folder, relative to the project\'s (`.` for it), that `suites` were written in when one of them is a path from there (`./billing`, `.`, `../evals/x.suite.yaml`): `merge` and `--resume` read them from there, wherever they are run. Absent when none is, and in runs written before agentready recorded it (such a path is then read from the current folder).'),
  repeat: z.number().int().positive().max(MAX_REPEAT),
  mode: z.enum(RUN_MODES),
});
export type RunSelection = z.infer<typeof RunSelectionSchema>;

/**
 * When a run started or finished, as a run writes it (`Date.prototype.toISOString`: UTC, with a Z):
 * readers order runs by it (the weekly review's "What changed", `merge`), so a value that is no
 * date-time (`""`, `"garbage"`) is refused where it stands, not read as the oldest or newest run.
 */
export const RunTimeSchema = z.iso.datetime({ message: 'an ISO 8601 date-time in UTC, as a run writes it (2026-12-05T10:00:00.000Z)' });

/** The first line of results.jsonl. */
export const ResultsHeaderSchema = z.strictObject({
  format: z.literal('agentready-results'),
  version: z.literal(1),
  run_id: z.string(),
  fingerprint: z.string(),
  started_at: RunTimeSchema,
  selection: RunSelectionSchema.optional().describe('Absent in runs written before agentready recorded it: every case, once.'),
  merged_from: z.array(z.string()).optional().describe('The shard runs `agentready merge` joined into this one.'),
  replay_of: z.string().optional().describe('The trace id `agentready replay` ran again in this run; `--resume` and `--last-failed` look past such runs.'),
  policy_fingerprint: z.string().optional().describe('Hash of the policy rules the run judged by, so `agentready score` of its traces knows whether a policy verdict still holds. Absent in runs written before agentready recorded it, and in merged runs.'),
  config: z.string().optional().describe('The name of the config file the run was made with (`mcp.config.yaml`), beside the `.agentready` folder: `card`, `review`, `eval --last-failed` and a bare `eval --resume` read the newest run of the config in use. Absent in runs written before agentready recorded it, and with the embedded default config.'),
  redacted: z.boolean().optional().describe('false when the run was made with --no-redact: its files hold the agent\'s text as written. Absent in runs written before agentready recorded it.'),
  agent: AgentNameSchema.optional().describe('The agent as it named itself when it started (summary.json says it too): a run killed before its summary.json was written (SIGKILL) keeps it, for `compare` and `baseline update --from`. Absent in runs written before agentready recorded it, and in merged and score runs.'),
  adapter: z.string().optional().describe('The transport the run used (stdio, http, module, exec), as summary.json says it, kept for a run killed before that file was written. Absent in runs written before agentready recorded it, and in merged and score runs.'),
  pricing: z.record(z.string(), PriceSchema).optional().describe('The config\'s `pricing:` when the run started, which priced its model calls: `baseline update --from` records the run at these prices, not at the config\'s current ones. Absent in runs written before agentready recorded it (the config\'s current prices are used then), and in a merged run whose shards recorded different prices.'),
});
export type ResultsHeader = z.infer<typeof ResultsHeaderSchema>;
