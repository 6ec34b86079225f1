/**
 * Builds the readiness card from the resolved config and the latest runs. Pure: the CLI reads
 * the files (config, summary.json, results.jsonl) and says whether a baseline and a CI workflow
 * exist; this turns them into figures and the checklist.
 */
import type { BaselineState } from '../../gate/baseline-file.js';
import type { CaseResult, PolicyRule, ResolvedConfig, RunMetrics, RunSelection } from '../../config/schema/index.js';
import { toolMatches } from '../../config/tool-glob.js';
import { isWriteTool, needsApproval } from '../../config/tools.js';
import { isPlainObject } from '../../config/json-value.js';
import { isQuarantined } from '../../config/quarantine.js';
import { modelShares } from '../../gate/models.js';
import { sameAgentError } from '../../gate/same-agent-error.js';
import { cutCounted } from '../../common/shorten.js';
import { percentile } from '../../gate/percentile.js';
import { buildChecklist } from './checklist.js';
import type { CardRunSummary } from './summary.js';
import type { AdversarialFigure, Card, CardNoRun, CardRule, CardRun, CardTool, Distribution, KillSwitchFigure, RateFigure } from '../../config/schema/card.js';
import { agentLabel } from '../../config/agent-label.js';
import { narrowing } from '../narrowing.js';

export interface CardInput {
  config: ResolvedConfig;
  /** Paths in the card are shown relative to this folder. */
  relativePath: (absolute: string) => string;
  baseline: BaselineState;
  /** A CI workflow file that runs agentready was found. */
  ciWorkflow: boolean;
  /**
   * The run the card speaks of (the newest that ran every case, else the newest filtered one), with
   * its results and the selection its header records (absent: every case).
   */
  lastRun?: { summary: CardRunSummary; results: CaseResult[]; selection?: RunSelection };
  /** The newest kill-switch run. */
  killSwitchRun?: CardRunSummary;
  /** With no last run: how to make one, and the run another config made. */
  noRun?: CardNoRun;
  /** Today as YYYY-MM-DD (UTC), to tell quarantines that have ended; without it none has. */
  today?: string;
}

/** The card's data. */
export function buildCard(input: CardInput): Card {
  const { config } = input;
  const tools = collectTools(config);
  const rules = config.policy.rules.map(describeRule);
  const lastRun = input.lastRun ? runFigures(input.lastRun) : null;
  const adversarial = input.lastRun?.summary.metrics ? adversarialFigures(input.lastRun.summary.metrics.slices) : [];
  const killSwitch = input.killSwitchRun ? killSwitchFigure(input.killSwitchRun) : null;
  const card: Omit<Card, 'checklist'> = {
    format: 'agentready-card',
    version: 1,
    config: config.file ? input.relativePath(config.file) : '(embedded default)',
    suites: config.suites.map((s) => ({
      name: s.name,
      file: input.relativePath(s.file),
      cases: s.cases.length,
      adversarial_cases: s.cases.filter(isAdversarialCase).length,
    })),
    authority: { tools, rules, policy_file: config.policy.file ? input.relativePath(config.policy.file) : null },
    costs: {
      caps: {
        max_cost_usd: config.budgets.max_cost_usd ?? null,
        max_model_calls: config.budgets.max_model_calls ?? null,
        max_tool_calls: config.budgets.max_tool_calls ?? null,
        max_run_cost_usd: config.budgets.max_run_cost_usd ?? null,
        timeout_ms: config.run.timeout_ms,
        cases_with_own_caps: config.suites.reduce((n, s) => n + s.cases.filter((c) => Object.values(c.expect.budgets ?? {}).some((cap) => cap !== undefined)).length, 0),
      },
    },
    last_run: lastRun,
    ...(lastRun === null && input.noRun ? { no_run: input.noRun } : {}),
    failure_handling: { adversarial, kill_switch: killSwitch },
    quarantined: quarantinedCases(config, input.today),
  };
  return { ...card, checklist: buildChecklist({ card, config, baseline: input.baseline, ciWorkflow: input.ciWorkflow }) };
}

// Returns every tool once (merged across suites), with its authority and the rules naming it.
function collectTools(config: ResolvedConfig): CardTool[] {
  const byName = new Map<string, CardTool>();
  for (const suite of config.suites) {
    for (const tool of suite.tools) {
      const known = byName.get(tool.name);
      if (known) {
        if (!known.suites.includes(suite.name)) known.suites.push(suite.name);
        continue;
      }
      byName.set(tool.name, {
        name: tool.name,
        suites: [suite.name],
        tier: tool.tier,
        effects: [...tool.effects],
        // A suggest tool never runs (execution_disabled before any approval is looked for), so it neither needs one nor acts.
        needs_approval: tool.tier !== 'suggest' && needsApproval(tool),
        writes: tool.tier !== 'suggest' && isWriteTool(tool),
        rules: config.policy.rules.filter((r) => toolMatches(r.tool, tool.name)).map((r) => r.id),
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// Returns every quarantined base case (its variants share the quarantine), in suite order.
function quarantinedCases(config: ResolvedConfig, today: string | undefined): Card['quarantined'] {
  return config.suites.flatMap((suite) =>
    suite.cases.flatMap((kase) =>
      kase.quarantine && !kase.adversarial ? [{ case: `${suite.name}/${kase.id}`, until: kase.quarantine.until, reason: kase.quarantine.reason, ended: today !== undefined && !isQuarantined(kase, today) }] : [],
    ),
  );
}

/** A rule in one line: "deny if arguments.amount gt 100", "allow only …", "require …". */
export function describeRule(rule: PolicyRule): CardRule {
  const parts: string[] = [];
  if (rule.deny_if) parts.push(`deny if ${conditions(rule.deny_if)}`);
  if (rule.allow_only) parts.push(`allow only ${conditions(rule.allow_only)}`);
  if (rule.require) parts.push(`require ${rule.require.join(', ')}`);
  if (rule.require_prior) parts.push(`require a prior call to ${rule.require_prior.join(' or ')}`);
  return { id: rule.id, tool: rule.tool, summary: parts.join('; ') || rule.description || '(no condition)' };
}

// Returns "arguments.amount gt 100, arguments.to domain_in [example.com]".
function conditions(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([path, matcher]) => `${path} ${matcherText(matcher)}`)
    .join(', ');
}

// Returns a matcher as short text: `{gt: 100}` → "gt 100", a literal → "= value".
function matcherText(matcher: unknown): string {
  if (isPlainObject(matcher)) {
    return Object.entries(matcher)
      .map(([op, value]) => `${op} ${JSON.stringify(value)}`)
      .join(' and ');
  }
  return `= ${JSON.stringify(matcher)}`;
}

// Returns the last run's cost, latency and rates.
function runFigures({ summary, results, selection }: NonNullable<CardInput['lastRun']>): CardRun {
  const ran = results.filter((r) => r.status === 'passed' || r.status === 'failed');
  const m = summary.metrics?.overall;
  const costs = ran.map((r) => r.cost_usd);
  return {
    run_id: summary.run_id,
    started_at: summary.started_at ?? null,
    agent: summary.agent ? agentLabel(summary.agent) : null,
    attempts: m?.attempts ?? results.length,
    cost_per_task: distribution(costs),
    cost_total: m?.cost_total ?? results.reduce((sum, r) => sum + r.cost_usd, 0),
    models: modelShares(results),
    latency_ms: distribution(ran.map((r) => r.duration_ms)),
    success_rate: rateOf(m, 'success_rate'),
    escalation_rate: rateOf(m, 'escalation_rate'),
    budget_compliance: rateOf(m, 'budget_compliance'),
    policy_compliance: rateOf(m, 'policy_compliance'),
    timeouts: results.filter((r) => r.outcome === 'timeout').length,
    skipped_for_cost: summary.skipped_for_cost ?? 0,
    gate_passed: summary.verdict ? summary.verdict.pass : null,
    redacted: summary.redacted ?? null,
    replayed: summary.replayed === true,
    ...(summary.replayed_usd === undefined ? {} : { replayed_usd: summary.replayed_usd }),
    filtered: narrowing({ selection, interrupted: summary.interrupted === true }),
    same_agent_error: couldNotRun(results),
  };
}

/** Characters of the agent's error the card quotes: it is a line of the card, not the agent's log. */
const QUOTED_ERROR_CHARS = 300;

// Returns the one agent error every attempt ended in (cut), or null when the agent ran.
function couldNotRun(results: readonly CaseResult[]): string | null {
  const same = sameAgentError(results);
  return same === undefined ? null : cutCounted(same.message, QUOTED_ERROR_CHARS);
}

// Returns p50, p95 and mean of the values (nulls when there are none).
function distribution(values: number[]): Distribution {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    mean: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
  };
}

// Returns a rate's value and counts, or an empty figure when the run has no metrics.
function rateOf(m: RunMetrics | undefined, key: 'success_rate' | 'escalation_rate' | 'budget_compliance' | 'policy_compliance'): RateFigure {
  const rate = m?.[key];
  return rate ? { value: rate.value, successes: rate.successes, n: rate.n } : { value: null, successes: 0, n: 0 };
}

/**
 * Success per adversarial category, from the slices the run computed: `tag:adversarial:<category>`
 * (the tags variants carry) or `adversarial:<category>`, and `tag:adversarial` as `all`.
 */
export function adversarialFigures(slices: Record<string, RunMetrics>): AdversarialFigure[] {
  const figures = new Map<string, AdversarialFigure>();
  for (const [key, m] of Object.entries(slices)) {
    const match = /^(?:tag:)?adversarial(?::(.+))?$/.exec(key);
    if (!match) continue;
    const category = match[1] ?? 'all';
    if (figures.has(category)) continue;
    figures.set(category, { category, success_rate: { value: m.success_rate.value, successes: m.success_rate.successes, n: m.success_rate.n } });
  }
  return [...figures.values()].sort((a, b) => (a.category === 'all' ? -1 : b.category === 'all' ? 1 : a.category.localeCompare(b.category)));
}

// Returns whether a case is an adversarial one: a generated variant or tagged `adversarial`.
function isAdversarialCase(kase: ResolvedConfig['suites'][number]['cases'][number]): boolean {
  return kase.adversarial !== undefined || kase.tags.some((t) => t === 'adversarial' || t.startsWith('adversarial:'));
}

/** Figures shown first, when the kill-switch summary has them (run/readiness.ts KillSwitchSummary). */
export const KILL_SWITCH_KEYS = ['attempts', 'write_ran', 'attempted_write', 'answered', 'escalated', 'not_answered', 'errors'];

/** The kill-switch figures of a run's summary, read leniently: `ready` (or `pass`) and the scalar counts. */
export function killSwitchFigure(summary: CardRunSummary): KillSwitchFigure {
  const raw = summary.kill_switch;
  const figures: Record<string, string | number | boolean> = {};
  let pass: boolean | null = null;
  if (isPlainObject(raw)) {
    const entries = Object.entries(raw).sort(([a], [b]) => rank(a) - rank(b));
    for (const [key, value] of entries) {
      if ((key === 'ready' || key === 'pass' || key === 'passed') && typeof value === 'boolean') pass = value;
      else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') figures[key] = value;
    }
  }
  return { run_id: summary.run_id, pass, figures };
}

// Returns where a kill-switch figure sorts: the known ones in KILL_SWITCH_KEYS order, then the rest.
function rank(key: string): number {
  const i = KILL_SWITCH_KEYS.indexOf(key);
  return i === -1 ? KILL_SWITCH_KEYS.length : i;
}
