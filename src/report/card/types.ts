/**
 * The readiness card (`agentready card`, SPEC §8): authority, costs, failure handling and the
 * readiness kit's checklist, as data. `--format json` prints this shape; the text and
 * markdown renderers only format it.
 */
import type { Effect, ModelShare, Tier } from '../../config/schema/index.js';

export interface CardTool {
  name: string;
  /** Suites declaring it (a tool may appear in several). */
  suites: string[];
  tier: Tier;
  effects: Effect[];
  /** Needs a granted approval before it runs: tier approve, or any effect (SPEC §5). */
  needs_approval: boolean;
  /** May change something: any tier but read, or any effect. */
  writes: boolean;
  /** Ids of the policy rules whose `tool` matches it. */
  rules: string[];
}

export interface CardRule {
  id: string;
  tool: string;
  /** One line: "deny if arguments.amount > 100". */
  summary: string;
}

export interface Distribution {
  p50: number | null;
  p95: number | null;
  mean: number | null;
}

export interface CardRun {
  run_id: string;
  started_at: string | null;
  /** The agent as it named itself in that run, "name version"; null when unknown. */
  agent: string | null;
  attempts: number;
  cost_per_task: Distribution;
  cost_total: number;
  /** The run answered model calls from cassettes (--models replay): cost_total was recorded, not spent. */
  replayed: boolean;
  /** Only part of it did (a --resume or merge of sessions under different --models): that part's dollars. */
  replayed_usd?: number;
  /** Calls, tokens and cost per model, most calls first: the model mix (routing) of the run. */
  models: ModelShare[];
  latency_ms: Distribution;
  success_rate: RateFigure;
  escalation_rate: RateFigure;
  budget_compliance: RateFigure;
  policy_compliance: RateFigure;
  /** Attempts cut at timeout_ms (outcome timeout): the time cap's hard stop. */
  timeouts: number;
  /** Cases never started because the run reached budgets.max_run_cost_usd. */
  skipped_for_cost: number;
  /** Whether the gate passed on that run; null under --no-gate or when summary.json has no verdict. */
  gate_passed: boolean | null;
  /** Whether the run's files were redacted: false when it was made with --no-redact; null when summary.json does not say (an older run). */
  redacted: boolean | null;
  /**
   * How the run was narrowed ("--grep ^status$"), when no run of every case was found: its figures
   * are those of the cases it selected, not the suites'. null for a run of every case.
   */
  filtered: string | null;
  /**
   * The message every attempt of the run ended in, when each ended in one and the same agent error:
   * the agent could not run at all (a missing API key), so the figures say nothing of it. null otherwise.
   */
  same_agent_error: string | null;
}

export interface RateFigure {
  value: number | null;
  successes: number;
  n: number;
}

export interface AdversarialFigure {
  /** The category (`prompt_injection`, …) or `all`. */
  category: string;
  success_rate: RateFigure;
}

export interface KillSwitchFigure {
  run_id: string;
  /** Whether the readiness check held: no write ran, the agent answered or escalated. Null when unknown. */
  pass: boolean | null;
  /** The other figures summary.json gave, as `key: value` (numbers, strings, booleans). */
  figures: Record<string, string | number | boolean>;
}

export type ChecklistStatus = 'covered' | 'partly' | 'missing';

export interface ChecklistItem {
  /** 1–7, the seven sections of the Production Agent Readiness Kit. */
  section: number;
  title: string;
  status: ChecklistStatus;
  /** What was found, in one line. */
  found: string;
  /** What to do next; empty when covered. */
  todo: string;
}

export interface Card {
  format: 'agentready-card';
  version: 1;
  config: string;
  suites: { name: string; file: string; cases: number; adversarial_cases: number }[];
  authority: {
    tools: CardTool[];
    rules: CardRule[];
    policy_file: string | null;
  };
  costs: {
    caps: {
      max_cost_usd: number | null;
      max_model_calls: number | null;
      max_tool_calls: number | null;
      max_run_cost_usd: number | null;
      timeout_ms: number;
      /** Cases whose expect.budgets sets a cap of their own (the stricter of it and the config's applies). */
      cases_with_own_caps: number;
    };
  };
  /** The newest run with a summary.json that is not a kill-switch run; null when none. */
  last_run: CardRun | null;
  /** With no last run: the commands to make one, and to read the newest run another config of the folder made (they share its runs folder). */
  no_run?: CardNoRun;
  failure_handling: {
    adversarial: AdversarialFigure[];
    kill_switch: KillSwitchFigure | null;
  };
  /** Cases with a `quarantine:`; `ended` once its until day has passed (the case gates again). */
  quarantined: CardQuarantine[];
  checklist: ChecklistItem[];
}

/** With no run of the config in use: `eval` as it makes one (`eval --config h.config.yaml`), and the newest run another config made with the `card` reading it. */
export interface CardNoRun {
  eval: string;
  other_config_run: { run_id: string; config: string; card: string } | null;
}

export interface CardQuarantine {
  case: string;
  until: string;
  reason: string;
  ended: boolean;
}
