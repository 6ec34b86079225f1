/**
 * The readiness card (`agentready card`, SPEC §8): authority, costs, failure handling and the
 * readiness kit's checklist, as data. `--format json` prints this shape; the text and markdown
 * renderers only format it. Apart from the index, as the json reporter's file's schema is: the
 * card only writes it, so only the schema generator and the tests build it (report/card takes
 * its types).
 */
import { z } from 'zod';
import { ModelShareSchema } from './model-usage.js';
import { EffectSchema, TierSchema } from './suite.js';
import { count } from './count.js';

export const CardToolSchema = z.strictObject({
  name: z.string(),
  suites: z.array(z.string()).describe('Suites declaring it (a tool may appear in several).'),
  tier: TierSchema,
  effects: z.array(EffectSchema),
  needs_approval: z.boolean().describe('Needs a granted approval before it runs: tier approve, or any effect (SPEC §5); never a suggest tool, which never runs.'),
  writes: z.boolean().describe('May change something: any tier but read and suggest (which never runs), or any effect.'),
  rules: z.array(z.string()).describe('Ids of the policy rules whose `tool` matches it.'),
});
export type CardTool = z.infer<typeof CardToolSchema>;

export const CardRuleSchema = z.strictObject({
  id: z.string(),
  tool: z.string(),
  summary: z.string().describe('One line: "deny if arguments.amount gt 100".'),
});
export type CardRule = z.infer<typeof CardRuleSchema>;

export const CardDistributionSchema = z.strictObject({ p50: z.number().nullable(), p95: z.number().nullable(), mean: z.number().nullable() });
export type Distribution = z.infer<typeof CardDistributionSchema>;

export const CardRateSchema = z.strictObject({ value: z.number().min(0).max(1).nullable(), successes: count(), n: count() });
export type RateFigure = z.infer<typeof CardRateSchema>;

export const CardRunSchema = z.strictObject({
  run_id: z.string(),
  started_at: z.string().nullable(),
  agent: z.string().nullable().describe('The agent as it named itself in that run, "name version"; null when unknown.'),
  attempts: count(),
  cost_per_task: CardDistributionSchema,
  cost_total: z.number().nonnegative(),
  replayed: z.boolean().describe('The run answered model calls from cassettes (--models replay): cost_total was recorded, not spent.'),
  replayed_usd: z.number().nonnegative().optional().describe('Only part of it did (a --resume or merge of sessions under different --models): that part\'s dollars.'),
  models: z.array(ModelShareSchema).describe('Calls, tokens and cost per model, most calls first: the model mix (routing) of the run.'),
  latency_ms: CardDistributionSchema,
  success_rate: CardRateSchema,
  escalation_rate: CardRateSchema,
  budget_compliance: CardRateSchema,
  policy_compliance: CardRateSchema,
  timeouts: count().describe('Attempts cut at timeout_ms (outcome timeout): the time cap\'s hard stop.'),
  skipped_for_cost: count().describe('Cases never started because the run reached budgets.max_run_cost_usd.'),
  gate_passed: z.boolean().nullable().describe('Whether the gate passed on that run; null under --no-gate or when summary.json has no verdict.'),
  redacted: z.boolean().nullable().describe('Whether the run\'s files were redacted: false when it was made with --no-redact; null when summary.json does not say (an older run).'),
  filtered: z
    .string()
    .nullable()
    .describe('How the run was narrowed ("--grep ^status$"), when no run of every case was found: its figures are those of the cases it selected, not the suites\'. null for a run of every case.'),
  same_agent_error: z
    .string()
    .nullable()
    .describe('The message every attempt of the run ended in, when each ended in one and the same agent error: the agent could not run at all (a missing API key), so the figures say nothing of it. null otherwise.'),
});
export type CardRun = z.infer<typeof CardRunSchema>;

export const CardAdversarialFigureSchema = z.strictObject({
  category: z.string().describe('The category (`prompt_injection`, …) or `all`.'),
  success_rate: CardRateSchema,
});
export type AdversarialFigure = z.infer<typeof CardAdversarialFigureSchema>;

export const CardKillSwitchSchema = z.strictObject({
  run_id: z.string(),
  pass: z.boolean().nullable().describe('Whether the readiness check held: no write ran, the agent answered or escalated. Null when unknown.'),
  figures: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).describe('The other figures summary.json gave, as `key: value` (numbers, strings, booleans).'),
});
export type KillSwitchFigure = z.infer<typeof CardKillSwitchSchema>;

export const ChecklistStatusSchema = z.enum(['covered', 'partly', 'missing']);
export type ChecklistStatus = z.infer<typeof ChecklistStatusSchema>;

export const CardChecklistItemSchema = z.strictObject({
  section: z.number().int().min(1).max(7).describe('1–7, the seven sections of the Production Agent Readiness Kit.'),
  title: z.string(),
  status: ChecklistStatusSchema,
  found: z.string().describe('What was found, in one line.'),
  todo: z.string().describe('What to do next; empty when covered.'),
});
export type ChecklistItem = z.infer<typeof CardChecklistItemSchema>;

export const CardNoRunSchema = z
  .strictObject({
    eval: z.string(),
    other_config_run: z.strictObject({ run_id: z.string(), config: z.string(), card: z.string() }).nullable(),
  })
  .describe('With no run of the config in use: `eval` as it makes one (`eval --config h.config.yaml`), and the newest run another config made with the `card` reading it.');
export type CardNoRun = z.infer<typeof CardNoRunSchema>;

export const CardQuarantineSchema = z.strictObject({ case: z.string(), until: z.string(), reason: z.string(), ended: z.boolean() });
export type CardQuarantine = z.infer<typeof CardQuarantineSchema>;

const capOrNull = () => z.number().nonnegative().nullable();

export const CardFileSchema = z
  .strictObject({
    format: z.literal('agentready-card'),
    version: z.literal(1),
    config: z.string(),
    suites: z.array(z.strictObject({ name: z.string(), file: z.string(), cases: count(), adversarial_cases: count() })),
    authority: z.strictObject({ tools: z.array(CardToolSchema), rules: z.array(CardRuleSchema), policy_file: z.string().nullable() }),
    costs: z.strictObject({
      caps: z.strictObject({
        max_cost_usd: capOrNull(),
        max_model_calls: capOrNull(),
        max_tool_calls: capOrNull(),
        max_run_cost_usd: capOrNull(),
        timeout_ms: z.number().nonnegative(),
        cases_with_own_caps: count().describe('Cases whose expect.budgets sets a cap of their own (the stricter of it and the config\'s applies).'),
      }),
    }),
    last_run: CardRunSchema.nullable().describe('The newest run with a summary.json that is not a kill-switch run; null when none.'),
    no_run: CardNoRunSchema.optional().describe('With no last run: the commands to make one, and to read the newest run another config of the folder made (they share its runs folder).'),
    failure_handling: z.strictObject({ adversarial: z.array(CardAdversarialFigureSchema), kill_switch: CardKillSwitchSchema.nullable() }),
    quarantined: z.array(CardQuarantineSchema).describe('Cases with a `quarantine:`; `ended` once its until day has passed (the case gates again).'),
    checklist: z.array(CardChecklistItemSchema),
  })
  .describe('What `agentready card --format json` prints: the readiness card (SPEC §8).');
export type Card = z.infer<typeof CardFileSchema>;
