/**
 * The Production Agent Readiness Kit's seven sections, each judged covered / partly / missing
 * from what the project declares and what its latest runs show, with the next thing to do.
 */
import type { BaselineState } from '../../gate/baseline-file.js';
import type { ResolvedConfig } from '../../config/schema/index.js';
import type { Card, ChecklistItem, ChecklistStatus } from '../../config/schema/card.js';
import { formatCapDollars } from '../../common/usd.js';
import { plural } from '../../common/plural.js';
import { commandHint } from '../../config/command-hint.js';

interface ChecklistInput {
  card: Omit<Card, 'checklist'>;
  config: ResolvedConfig;
  baseline: BaselineState;
  ciWorkflow: boolean;
}

/** One item per section, in the kit's order. */
export function buildChecklist(input: ChecklistInput): ChecklistItem[] {
  return [workflow, authority, policy, budgets, evalsInCi, observability, rollout].map((judge, i) => ({ section: i + 1, ...judge(input) }));
}

type Judgement = Omit<ChecklistItem, 'section'>;

// 1. One workflow with 2–3 metrics and baselines.
const BASELINE_WORDS: Record<BaselineState, string> = {
  missing: 'missing',
  committed: 'committed',
  changed: 'committed, with changes not committed',
  not_committed: 'present but not committed',
  present: 'present (no git checkout to tell whether it is committed)',
};

/** What to do about the baseline where the gate of a pull request would not see it as it is. */
const baselineTodo = (): Partial<Record<BaselineState, string>> => ({
  missing: `run \`${commandHint('baseline update')}\` and commit the baseline`,
  changed: 'commit the baseline file\'s changes (CI compares with the committed one)',
  not_committed: 'commit the baseline file (CI compares with the committed one)',
});

function workflow({ config, baseline }: ChecklistInput): Judgement {
  const title = 'One workflow, 2–3 metrics, baselines';
  const metrics = gatedMetrics(config);
  const found = `${metrics.length} gated ${metrics.length === 1 ? 'metric' : 'metrics'} (${metrics.join(', ') || 'none'}); baseline ${BASELINE_WORDS[baseline]}`;
  // A baseline only CI would not see (not committed) is no baseline yet for the gate of a pull request.
  const kept = baseline === 'committed' || baseline === 'present';
  if (kept && metrics.length >= 2) return { title, status: 'covered', found, todo: '' };
  const baselineStep = baselineTodo()[baseline];
  const todo = [
    ...(baselineStep === undefined ? [] : [baselineStep]),
    ...(metrics.length >= 2 ? [] : ['gate 2–3 metrics under `gate:` (success_rate, policy_compliance, cost_per_task)']),
  ].join('; ');
  return { title, status: baseline !== 'missing' || metrics.length >= 2 ? 'partly' : 'missing', found, todo };
}

// 2. Authority model with tiers and approvals.
function authority({ card }: ChecklistInput): Judgement {
  const title = 'Authority model: tiers and approvals';
  const { tools } = card.authority;
  const writes = tools.filter((t) => t.writes);
  const unguarded = writes.filter((t) => !t.needs_approval && t.tier !== 'suggest');
  const approvals = tools.filter((t) => t.needs_approval).length;
  const found = `${tools.length} ${tools.length === 1 ? 'tool' : 'tools'}: ${writes.length} can act, ${approvals} ${approvals === 1 ? 'needs' : 'need'} approval`;
  if (writes.length === 0) {
    return { title, status: 'missing', found, todo: 'declare `tier` and `effects` for every tool that changes something (approve for money, delete, external)' };
  }
  if (unguarded.length > 0) {
    return { title, status: 'partly', found: `${found}; ${list(unguarded.map((t) => t.name))} ${unguarded.length === 1 ? 'acts' : 'act'} without approval`, todo: 'give acting tools `tier: approve` or their `effects`, or justify `autonomous`' };
  }
  return { title, status: 'covered', found, todo: '' };
}

// 3. Deterministic policy layer.
function policy({ card }: ChecklistInput): Judgement {
  const title = 'Deterministic policy layer';
  const { rules, tools } = card.authority;
  const uncovered = tools.filter((t) => t.writes && t.rules.length === 0);
  const found = `${rules.length} policy ${rules.length === 1 ? 'rule' : 'rules'}`;
  if (rules.length === 0) return { title, status: 'missing', found, todo: 'add `policy.yaml` rules (deny_if, allow_only, require) for every acting tool' };
  if (uncovered.length > 0) return { title, status: 'partly', found: `${found}; no rule for ${list(uncovered.map((t) => t.name))}`, todo: 'add a rule for each acting tool' };
  return { title, status: 'covered', found: `${found}; every acting tool has one`, todo: '' };
}

/** "1 of 3 cases sets its own": how many cases cap themselves under expect.budgets. */
export function ownCapsText(card: Pick<Card, 'suites' | 'costs'>): string {
  const cases = card.suites.reduce((n, s) => n + s.cases, 0);
  const own = card.costs.caps.cases_with_own_caps;
  return `${own} of ${cases} ${cases === 1 ? 'case' : 'cases'} ${own === 1 ? 'sets its own' : 'set their own'}`;
}

// 4. Budget caps.
function budgets({ card }: ChecklistInput): Judgement {
  const title = 'Budget caps';
  const caps = card.costs.caps;
  const perCase = [caps.max_cost_usd, caps.max_model_calls, caps.max_tool_calls].filter((c) => c !== null).length;
  const own = caps.cases_with_own_caps > 0 ? ` (${ownCapsText(card)})` : '';
  const found = `${perCase}/3 per-case caps${own}; run cap ${caps.max_run_cost_usd === null ? 'unset' : formatCapDollars(caps.max_run_cost_usd)}`;
  const complied = card.last_run?.budget_compliance;
  const broken = complied && complied.value !== null && complied.value < 1 ? `; ${plural(complied.n - complied.successes, 'case')} over a cap in the last run` : '';
  if (perCase === 3 && caps.max_run_cost_usd !== null && broken === '') return { title, status: 'covered', found, todo: '' };
  if (perCase === 0 && caps.max_run_cost_usd === null && own === '') return { title, status: 'missing', found, todo: 'set `budgets:` max_cost_usd, max_model_calls, max_tool_calls and max_run_cost_usd' };
  const todo = [
    ...(perCase < 3 ? ['set every per-case cap under `budgets:`'] : []),
    ...(caps.max_run_cost_usd === null ? ['set `budgets.max_run_cost_usd` so a CI run has a ceiling'] : []),
    ...(broken ? ['fix the cases that broke a cap (see the failing budget checks)'] : []),
  ].join('; ');
  return { title, status: 'partly', found: found + broken, todo };
}

// 5. Evals as CI with adversarial tests.
function evalsInCi({ card, ciWorkflow }: ChecklistInput): Judgement {
  const title = 'Evals as CI with adversarial tests';
  const adversarial = card.suites.reduce((n, s) => n + s.adversarial_cases, 0);
  const cases = card.suites.reduce((n, s) => n + s.cases, 0);
  const found = `${plural(cases, 'case')}, ${adversarial} adversarial; CI workflow ${ciWorkflow ? 'found' : 'not found'}`;
  if (adversarial > 0 && ciWorkflow) return { title, status: 'covered', found, todo: '' };
  const todo = [
    ...(adversarial > 0 ? [] : ['add `adversarial: [prompt_injection, missing_context, …]` to a suite']),
    ...(ciWorkflow ? [] : [`run \`${commandHint('eval')}\` in a CI workflow on every pull request (in .github/workflows at the repository's root, the only one GitHub runs)`]),
  ].join('; ');
  return { title, status: adversarial > 0 || ciWorkflow ? 'partly' : 'missing', found, todo };
}

// 6. Observability: trace ids, redaction, replay.
function observability({ card }: ChecklistInput): Judgement {
  const title = 'Observability: trace ids, redaction, replay';
  const run = card.last_run;
  if (run === null) return { title, status: 'missing', found: 'no run recorded yet', todo: `run \`${commandHint('eval')}\`: every case gets a trace id in traces.jsonl, PII redacted` };
  const replay = `\`${commandHint('replay <trace_id>')}\` re-runs a case with its recorded tool answers`;
  if (run.redacted === false) {
    return {
      title,
      status: 'partly',
      found: `run ${run.run_id}: a trace id per case in traces.jsonl, but PII NOT redacted (made with --no-redact: its files hold the agent's text as written); ${replay}`,
      todo: 'run without --no-redact, and keep run folders made with it out of artifacts and shared storage',
    };
  }
  // An older agentready did not record --no-redact in summary.json: say so rather than vouch for it.
  const redaction = run.redacted ? 'PII redacted in every file' : 'PII redacted unless the run used --no-redact (its summary.json does not say)';
  return { title, status: 'covered', found: `run ${run.run_id}: a trace id per case in traces.jsonl, ${redaction}; ${replay}`, todo: '' };
}

// 7. Staged rollout with risk-based review.
function rollout({ card, config }: ChecklistInput): Judgement {
  const title = 'Staged rollout, risk-based review';
  const cases = config.suites.flatMap((s) => s.cases);
  const risked = cases.filter((c) => c.risk !== undefined).length;
  const riskGate = Object.keys(config.gate.slices ?? {}).some((k) => k.startsWith('risk:') || k.startsWith('tag:'));
  const kill = card.failure_handling.kill_switch;
  const killText = kill === null ? 'no kill-switch run' : `kill switch ${kill.pass === null ? 'ran' : kill.pass ? 'held' : 'FAILED'}`;
  const found = `${risked}/${cases.length} cases rated by risk; ${riskGate ? 'slice thresholds set' : 'no slice threshold'}; ${killText}`;
  const todo = [
    ...(risked > 0 ? [] : ['rate cases `risk: low|medium|high`']),
    ...(riskGate ? [] : ['gate a stricter slice, e.g. `gate.slices: { "risk:high": { success_rate: { max_drop_pp: 0 } } }`']),
    ...(kill === null ? [`run \`${commandHint('eval --kill-switch')}\` to prove the agent degrades to read-only`] : kill.pass === false ? killSwitchTodo(kill.figures) : []),
  ];
  const status: ChecklistStatus = todo.length === 0 ? 'covered' : risked > 0 || riskGate || kill?.pass === true ? 'partly' : 'missing';
  return { title, status, found, todo: todo.join('; ') };
}

/**
 * What to fix after a failed kill-switch run, from its figures: a write that ran, attempts that
 * neither answered nor escalated; else (a policy violation, or a summary without those figures)
 * the failing attempts the run listed. Not "what wrote" when no write ran.
 */
function killSwitchTodo(figures: Readonly<Record<string, unknown>>): string[] {
  const count = (key: string) => (typeof figures[key] === 'number' ? figures[key] : 0);
  const todo = [
    ...(count('write_ran') > 0 ? ['fix what wrote under the kill switch'] : []),
    ...(count('not_answered') > 0 ? ['make the agent answer or escalate when its writes are refused (`completed` after a refused write is no answer)'] : []),
  ];
  return todo.length > 0 ? todo : [`fix the attempts that failed the kill-switch readiness check (\`${commandHint('eval --kill-switch')}\` lists them)`];
}

// Returns the distinct metric names the gate has a threshold for, overall or on a slice.
function gatedMetrics(config: ResolvedConfig): string[] {
  const { slices, ...overall } = config.gate;
  const names = new Set<string>();
  for (const thresholds of [overall, ...Object.values(slices ?? {})]) {
    for (const [metric, threshold] of Object.entries(thresholds)) if (threshold !== undefined) names.add(metric);
  }
  return [...names].sort();
}

// Returns "a, b, c" or "a, b and 3 more".
function list(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}
