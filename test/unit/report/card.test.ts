import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN } from '../../../src/config/defaults.js';
import { CardFileSchema } from '../../../src/config/schema/card.js';
import { toolTier } from '../../../src/config/tools.js';
import { RunSummaryFileSchema, RunSummaryReadSchema, type Case, type ResolvedConfig, type Tool } from '../../../src/config/schema/index.js';
import { buildCard, formatCardMarkdown, formatCardText, parseCardRunSummary, type CardInput } from '../../../src/report/card/index.js';
import { adversarialFigures, describeRule, killSwitchFigure } from '../../../src/report/card/build.js';
import { wrap } from '../../../src/report/card/format.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { resolvedConfig } from '../../helpers/resolved-config.js';
import { caseResult, runMetrics } from './fixtures.js';

const tool = (name: string, overrides: Partial<Tool> = {}): Tool => ({ name, description: '', tier: 'read', effects: [], parameters: { type: 'object' }, ...overrides });
const kase = (id: string, overrides: Partial<Case> = {}): Case =>
  ({ id, suite: 'shop', input: 'hi', context: {}, tags: [], approvals: { default: 'grant', tools: {} }, mocks: [], faults: [], expect: {}, fingerprint: 'f', location: { file: '/p/evals/shop.suite.yaml', line: 1, column: 1 }, ...overrides }) as Case;

function config(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return resolvedConfig({
    suites: [
      {
        name: 'shop',
        file: '/p/evals/shop.suite.yaml',
        tools: [tool('lookup_order'), tool('issue_refund', { tier: 'approve', effects: ['money'] }), tool('send_email', { tier: 'autonomous', effects: ['external'] })],
        cases: [kase('a', { risk: 'high' }), kase('a~prompt_injection-1', { tags: ['adversarial', 'adversarial:prompt_injection'], adversarial: { category: 'prompt_injection', base_case: 'a', payload: 'p' } })],
        fingerprint: 'f',
      },
    ],
    policy: {
      file: '/p/policy.yaml',
      rules: [
        { id: 'refund-cap', tool: 'issue_*', deny_if: { 'arguments.amount': { gt: 100 } } },
        { id: 'mail', tool: 'send_email', allow_only: { 'arguments.to': { domain_in: ['example.com'] } } },
      ],
    },
    run: { ...DEFAULT_RUN, concurrency: 4 },
    budgets: { max_cost_usd: 0.05, max_model_calls: 8, max_tool_calls: 12, max_run_cost_usd: 2 },
    gate: { success_rate: { max_drop_pp: 0 }, policy_compliance: { min: 1 }, slices: { 'risk:high': { success_rate: { max_drop_pp: 0 } } } },
    ...overrides,
  });
}

const lastRun: CardInput['lastRun'] = {
  summary: parseCardRunSummary({
    run_id: 'r2',
    agent: { name: 'shop-agent', version: '2.0.0' },
    metrics: { overall: runMetrics(), slices: { 'tag:adversarial': runMetrics(), 'tag:adversarial:prompt_injection': runMetrics({ success_rate: { value: 0.5, successes: 1, n: 2, low: 0.1, high: 0.9 } }) } },
    verdict: { pass: true },
    skipped_for_cost: 1,
    timings: { ignored: true },
    redacted: true,
  })!,
  results: [caseResult({ cost_usd: 0.001 }), caseResult({ cost_usd: 0.003 }), caseResult({ cost_usd: 0.002, outcome: 'timeout', status: 'failed' })],
};
const relativePath = (p: string) => p.replace('/p/', '');

describe('buildCard', () => {
  it('lists tools by tier with approvals, effects and the rules (globs included) that cover them', () => {
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    expect(card.authority.tools).toEqual([
      { name: 'issue_refund', suites: ['shop'], tier: 'approve', effects: ['money'], needs_approval: true, writes: true, rules: ['refund-cap'] },
      { name: 'lookup_order', suites: ['shop'], tier: 'read', effects: [], needs_approval: false, writes: false, rules: [] },
      { name: 'send_email', suites: ['shop'], tier: 'autonomous', effects: ['external'], needs_approval: true, writes: true, rules: ['mail'] },
    ]);
    expect(card.authority.rules.map((r) => r.summary)).toEqual(['deny if arguments.amount gt 100', 'allow only arguments.to domain_in ["example.com"]']);
    expect(card.suites).toEqual([{ name: 'shop', file: 'evals/shop.suite.yaml', cases: 2, adversarial_cases: 1 }]);
  });

  it('reports authority as the tool host enforces it: effects with no tier of its own are approve, a suggest tool neither needs approval nor acts', () => {
    const tools = [tool('purge', { tier: toolTier({ effects: ['delete'] }), effects: ['delete'] }), tool('draft_mail', { tier: 'suggest', effects: ['external'] }), tool('lookup_order')];
    const card = buildCard({ config: config({ suites: [{ name: 'shop', file: '/p/evals/shop.suite.yaml', tools, cases: [kase('a')], fingerprint: 'f' }] }), relativePath, baseline: 'committed', ciWorkflow: true });
    // Before: draft_mail "approval required" and counted as acting.
    expect(card.authority.tools.map(({ name, tier, needs_approval, writes }) => ({ name, tier, needs_approval, writes }))).toEqual([
      { name: 'draft_mail', tier: 'suggest', needs_approval: false, writes: false },
      { name: 'lookup_order', tier: 'read', needs_approval: false, writes: false },
      { name: 'purge', tier: 'approve', needs_approval: true, writes: true },
    ]);
    expect(card.checklist[1]!.found).toBe('3 tools: 1 can act, 1 needs approval');
  });

  it('covers a tool by a brace or class glob as the policy engine does', () => {
    const rules = [
      { id: 'braces', tool: '{issue_refund,send_email}' },
      { id: 'class', tool: 'lookup_[o]rder' },
    ];
    const card = buildCard({ config: config({ policy: { file: '/p/policy.yaml', rules } }), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    expect(card.authority.tools.map((t) => [t.name, t.rules])).toEqual([
      ['issue_refund', ['braces']],
      ['lookup_order', ['class']],
      ['send_email', ['braces']],
    ]);
  });

  it('takes costs per task (p50/p95 over judged attempts), hard stops and adversarial figures from the last run', () => {
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    expect(card.last_run).toMatchObject({ run_id: 'r2', agent: 'shop-agent 2.0.0', attempts: 40, cost_total: 0.168, timeouts: 1, skipped_for_cost: 1, gate_passed: true });
    expect(card.last_run!.cost_per_task.p50).toBeCloseTo(0.002);
    expect(card.last_run!.cost_per_task.p95).toBeCloseTo(0.0029);
    expect(card.failure_handling.adversarial.map((a) => [a.category, a.success_rate.value])).toEqual([
      ['all', 37 / 39],
      ['prompt_injection', 0.5],
    ]);
    // One timeout is "1 timeout" (it read "1 timeouts"), in the text and the markdown.
    for (const text of [formatCardText(PLAIN_SCREEN, card), formatCardMarkdown(card)]) expect(text).toMatch(/· 1 timeout · 1 skipped for cost/);
  });

  it('warns, when a dollar cap is set, of a last run in which no attempt reported any model usage: it cost $0, so the cap could not trip', () => {
    const summary = parseCardRunSummary({ run_id: 'r3', metrics: { overall: runMetrics({ cost_total: 0, cost_per_task: 0 }), slices: {} }, redacted: true })!;
    const unmeasured = { summary, results: [caseResult({ cost_usd: 0, model_calls: 0 }), caseResult({ cost_usd: 0, model_calls: 0 })] };
    const said = /no case reported any model usage, so the run cost \$0 and budgets max_cost_usd, budgets max_run_cost_usd could not trip/;
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: unmeasured });
    expect(formatCardText(PLAIN_SCREEN, card).replace(/\s+/g, ' ')).toMatch(said);
    // Markdown escapes the underscores.
    expect(formatCardMarkdown(card).replaceAll('\\_', '_')).toMatch(said);
    const uncapped = buildCard({ config: config({ budgets: { max_model_calls: 8 } }), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: unmeasured });
    const measured = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    for (const quiet of [uncapped, measured]) for (const text of [formatCardText(PLAIN_SCREEN, quiet), formatCardMarkdown(quiet)]) expect(text).not.toMatch(/no case reported any model usage/);
  });

  it('writes a rate of summary.json (its value kept to 4 decimals) as its counts say: 112/132 is 84.8%, not 0.8485\'s 84.9%', () => {
    const summary = parseCardRunSummary({ run_id: 'r3', metrics: { overall: runMetrics({ escalation_rate: { value: 0.8485, successes: 112, n: 132, low: 0.78, high: 0.9 } }), slices: {} }, verdict: { pass: true } })!;
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun, summary } });
    for (const text of [formatCardText(PLAIN_SCREEN, card), formatCardMarkdown(card)]) expect(text).toContain('84.8% (112/132)');
  });

  it('marks every checklist section covered for a project that has it all', () => {
    const card = buildCard({
      config: config(),
      relativePath,
      baseline: 'committed',
      ciWorkflow: true,
      lastRun,
      killSwitchRun: parseCardRunSummary({ run_id: 'k1', kill_switch: { ready: true, attempts: 2, write_ran: 0 } })!,
    });
    // Every section, observability too now that replay re-runs a recorded case.
    expect(card.checklist.map((i) => [i.section, i.status])).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [n, 'covered']));
    expect(card.checklist[5]!.found).toContain('agentready replay <trace_id>');
  });

  it('says what is missing for a bare project, with what to do', () => {
    const bare = config({
      suites: [{ name: 'shop', file: '/p/evals/shop.suite.yaml', tools: [tool('lookup_order')], cases: [kase('a')], fingerprint: 'f' }],
      policy: { file: undefined, rules: [] },
      budgets: {},
      gate: {},
    });
    const card = buildCard({ config: bare, relativePath, baseline: 'missing', ciWorkflow: false });
    expect(card.checklist.map((i) => i.status)).toEqual(['missing', 'missing', 'missing', 'missing', 'missing', 'missing', 'missing']);
    expect(card.checklist[0]!.todo).toContain('agentready baseline update');
    expect(card.checklist[3]!.todo).toContain('max_run_cost_usd');
    expect(card.checklist[4]!.todo).toContain('adversarial:');
    expect(card.checklist[6]!.todo).toContain('agentready eval --kill-switch');
    expect(card.last_run).toBeNull();
  });

  it('tells a committed baseline from one git does not track, and from one with no git checkout to ask', () => {
    const workflow = (baseline: 'committed' | 'changed' | 'not_committed' | 'present' | 'missing') => buildCard({ config: config(), relativePath, baseline, ciWorkflow: true, lastRun }).checklist[0]!;
    expect(workflow('committed')).toMatchObject({ status: 'covered', found: expect.stringMatching(/; baseline committed$/) });
    expect(workflow('not_committed')).toMatchObject({ status: 'partly', found: expect.stringMatching(/; baseline present but not committed$/), todo: expect.stringContaining('commit the baseline file') });
    expect(workflow('changed')).toMatchObject({ status: 'partly', found: expect.stringMatching(/; baseline committed, with changes not committed$/), todo: expect.stringContaining("commit the baseline file's changes") });
    expect(workflow('present')).toMatchObject({ status: 'covered', found: expect.stringContaining('baseline present (no git checkout') });
    expect(workflow('missing')).toMatchObject({ status: 'partly', found: expect.stringMatching(/; baseline missing$/), todo: expect.stringContaining('agentready baseline update') });
  });

  it('says that the run it shows was interrupted, its figures those of the cases that finished', () => {
    const stopped = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, summary: { ...lastRun!.summary, interrupted: true } } });
    expect(stopped.last_run!.filtered).toBe('interrupted');
    const grepped = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, summary: { ...lastRun!.summary, interrupted: true }, selection: { grep: 'x', repeat: 1, mode: 'normal' } } });
    expect(grepped.last_run!.filtered).toBe('--grep x · interrupted');
  });

  it('says that the agent of the run it shows could not run at all (every case the same agent error), whose figures say nothing of it', () => {
    const error = { code: 'AGENT_ERROR', message: 'the agent module threw: OPENAI_API_KEY is missing' };
    const failed = (case_id: string) => caseResult({ case_id, status: 'failed', outcome: 'agent_error', error, checks: [] });
    const broken = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, results: [failed('a'), failed('b'), failed('c')] } });
    expect(broken.last_run!.same_agent_error).toBe('the agent module threw: OPENAI_API_KEY is missing');
    const said = 'Every case of this run ended in the same agent error (the agent module threw: OPENAI_API_KEY is missing): the agent could not run, so its figures say nothing of it. Fix that (a missing API key or secret?), then run `agentready eval`.';
    expect(formatCardText(PLAIN_SCREEN, broken).split('\n').slice(2, 6).join(' ').replace(/\s+/g, ' ')).toContain(said);
    expect(formatCardMarkdown(broken)).toContain('**Every case of this run ended in the same agent error (the agent module threw: OPENAI\\_API\\_KEY is missing): the agent could not run, so its figures say nothing of it. Fix that (a missing API key or secret?), then run `agentready eval`.**');
    const working = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    expect(working.last_run!.same_agent_error).toBeNull();
    expect(formatCardText(PLAIN_SCREEN, working)).not.toContain('same agent error');
    // The agent's message is quoted, not its whole log.
    const long = (case_id: string) => caseResult({ case_id, status: 'failed', outcome: 'agent_error', error: { code: 'AGENT_ERROR', message: `boom ${'x'.repeat(5000)}` }, checks: [] });
    expect(buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, results: [long('a'), long('b')] } }).last_run!.same_agent_error).toBe(`boom ${'x'.repeat(295)}… (4705 more characters)`);
  });

  it('says plainly that the run it shows was filtered, naming the filters', () => {
    const filtered = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, selection: { grep: '^status$', shard: { index: 1, total: 4 }, repeat: 1, mode: 'normal' } } });
    expect(filtered.last_run!.filtered).toBe('--grep ^status$ · --shard 1/4');
    const text = formatCardText(PLAIN_SCREEN, { ...filtered, failure_handling: { ...filtered.failure_handling, adversarial: [] } });
    expect(text.split('\n').slice(2, 5).join(' ')).toMatch(/^This run was filtered \(--grep \^status\$ · --shard 1\/4\): its figures are those of the cases it ran, not of the\s+suites\./);
    expect(text).toContain('adversarial no adversarial results in the filtered run shown');
    expect(formatCardMarkdown(filtered)).toContain('**This run was filtered (--grep ^status$ · --shard 1/4): its figures are those of the cases it ran, not of the suites. Run `agentready eval` without filters for the card of the whole suites.**');
    // A run of every case says nothing of filters.
    const whole = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { ...lastRun!, selection: { repeat: 1, mode: 'normal' } } });
    expect(whole.last_run!.filtered).toBeNull();
    expect(formatCardMarkdown(whole)).not.toContain('filtered');
  });

  it('with no run of the config in use, says how to make one with it and names the run another config made', () => {
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, noRun: { eval: 'eval --config h.config.yaml', other_config_run: { run_id: 'r2', config: 'mcp.config.yaml', card: 'card --config mcp.config.yaml' } } });
    const said = 'no run yet: run `agentready eval --config h.config.yaml` for costs and failure figures; the newest run in the runs folder, r2, was made with mcp.config.yaml: `agentready card --config mcp.config.yaml` reads it';
    expect(formatCardText(PLAIN_SCREEN, card).split('\n').slice(1, 4).join(' ')).toContain(said);
    expect(formatCardMarkdown(card)).toContain(said);
  });

  it('builds what schemas/card.json describes, with a run and a kill switch, and with no run at all', () => {
    const killSwitchRun = parseCardRunSummary({ run_id: 'k1', kill_switch: { ready: true, attempts: 2, write_ran: 0 } })!;
    const cards = [
      buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun, killSwitchRun }),
      buildCard({ config: config(), relativePath, baseline: 'missing', ciWorkflow: false, noRun: { eval: 'eval', other_config_run: null } }),
    ];
    expect([cards[0]!.failure_handling.kill_switch?.pass, cards[1]!.no_run?.eval]).toEqual([true, 'eval']);
    for (const card of cards) expect(CardFileSchema.safeParse(JSON.parse(JSON.stringify(card))).error).toBeUndefined();
  });

  it('vouches for redaction only when the run says it was redacted', () => {
    const observability = (redacted: unknown) => {
      const { redacted: _recorded, ...older } = lastRun!.summary;
      const summary = parseCardRunSummary(redacted === undefined ? older : { ...older, redacted })!;
      return buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { summary, results: lastRun!.results } }).checklist[5]!;
    };
    expect(observability(true)).toMatchObject({ status: 'covered', found: expect.stringContaining('PII redacted in every file') });
    expect(observability(false)).toMatchObject({ status: 'partly', found: expect.stringContaining('PII NOT redacted (made with --no-redact'), todo: expect.stringContaining('without --no-redact') });
    // An older run's summary.json does not say.
    expect(observability(undefined)).toMatchObject({ status: 'covered', found: expect.stringContaining('PII redacted unless the run used --no-redact (its summary.json does not say)') });
  });

  it('marks partly covered sections: an acting tool without approval or rule, a failed kill switch', () => {
    const partly = config({
      suites: [{ name: 'shop', file: '/p/s.yaml', tools: [tool('update_account', { tier: 'autonomous' }), tool('issue_refund', { tier: 'approve' })], cases: [kase('a', { risk: 'low' })], fingerprint: 'f' }],
    });
    const card = buildCard({ config: partly, relativePath, baseline: 'committed', ciWorkflow: false, killSwitchRun: parseCardRunSummary({ run_id: 'k', kill_switch: { ready: false } })! });
    const byTitle = Object.fromEntries(card.checklist.map((i) => [i.section, i]));
    expect(byTitle[2]).toMatchObject({ status: 'partly', found: '2 tools: 2 can act, 1 needs approval; update_account acts without approval' });
    expect(byTitle[3]).toMatchObject({ status: 'partly', found: '2 policy rules; no rule for update_account' });
    // A summary without the figures: what failed is not known here.
    expect(byTitle[7]!.todo).toBe('fix the attempts that failed the kill-switch readiness check (`agentready eval --kill-switch` lists them)');
  });

  it('says what failed the kill switch from its figures: "what wrote" only when a write ran', () => {
    const todo = (kill_switch: Record<string, unknown>) =>
      buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, killSwitchRun: parseCardRunSummary({ run_id: 'k', kill_switch: { ready: false, ...kill_switch } })! }).checklist[6]!.todo;
    expect(todo({ write_ran: 1, not_answered: 0 })).toContain('fix what wrote under the kill switch');
    // No write ran; an attempt claimed completed after its write was refused: the card said "fix what wrote".
    expect(todo({ write_ran: 0, not_answered: 1 })).toContain('make the agent answer or escalate when its writes are refused');
    expect(todo({ write_ran: 0, not_answered: 1 })).not.toContain('wrote');
    expect(todo({ write_ran: 2, not_answered: 1 })).toContain('fix what wrote under the kill switch; make the agent answer or escalate');
    // Only a policy violation failed it.
    expect(todo({ write_ran: 0, not_answered: 0 })).toContain('fix the attempts that failed the kill-switch readiness check');
  });
});

describe('reading summary.json leniently', () => {
  it('keeps a run whose metrics shape is unknown, and refuses what is not a summary', () => {
    expect(parseCardRunSummary({ run_id: 'r', metrics: { overall: { other: 1 } } })).toEqual({ run_id: 'r', metrics: undefined });
    expect(parseCardRunSummary({ nothing: true })).toBeUndefined();
  });

  it('reads summary.json through the view derived from its one schema: every field of the file, a bad one dropped alone', () => {
    expect(Object.keys(RunSummaryReadSchema.shape)).toEqual(Object.keys(RunSummaryFileSchema.shape));
    const read = parseCardRunSummary({ run_id: 'r', started_at: 7, skipped_for_cost: 2, counts: { attempts: 1, passed: 1, failed: 0, errors: 0, skipped: 0 }, future_field: true });
    expect(read).toEqual({ run_id: 'r', skipped_for_cost: 2, counts: { attempts: 1, passed: 1, failed: 0, errors: 0, skipped: 0 }, future_field: true });
  });

  it('reads kill-switch figures: ready as the verdict, the counts in a useful order, nothing else', () => {
    const figure = killSwitchFigure(parseCardRunSummary({ run_id: 'k', kill_switch: { failing: [], answered: 3, ready: true, attempts: 4, write_ran: 0, note: 'x' } })!);
    expect(figure).toEqual({ run_id: 'k', pass: true, figures: { attempts: 4, write_ran: 0, answered: 3, note: 'x' } });
    expect(Object.keys(figure.figures)).toEqual(['attempts', 'write_ran', 'answered', 'note']);
  });

  it("shows every count of a kill-switch run as eval --kill-switch writes them: the escalated cases too, not the first four (answered 8 of 9 read as one case that did not answer)", () => {
    const killSwitch = { ready: true, attempts: 9, write_ran: 0, attempted_write: 1, answered: 8, escalated: 1, not_answered: 0, errors: 0, write_calls: 1, all_answered_or_escalated: true, failing: [] };
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, killSwitchRun: parseCardRunSummary({ run_id: 'k', kill_switch: killSwitch })! });
    const figures = 'attempts 9, write_ran 0, attempted_write 1, answered 8, escalated 1';
    expect(formatCardMarkdown(card)).toContain(`- kill switch: held (run k; ${figures.replace(/_/g, '\\_')})\n`);
    expect(formatCardText(PLAIN_SCREEN, card).replace(/\n {14}/g, ' ')).toContain(`  kill switch held (run k; ${figures})\n`);
    // A case that did not answer, or a harness error, is named when there is one.
    const failed = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, killSwitchRun: parseCardRunSummary({ run_id: 'k', kill_switch: { ...killSwitch, ready: false, answered: 7, not_answered: 1, errors: 1 } })! });
    expect(formatCardMarkdown(failed)).toContain('answered 7, escalated 1, not\\_answered 1, errors 1)');
  });

  it('finds adversarial slices named either way', () => {
    expect(adversarialFigures({ 'adversarial:tool_failure': runMetrics(), 'tag:refund': runMetrics() }).map((a) => a.category)).toEqual(['tool_failure']);
  });

  it('describes every kind of rule in one line', () => {
    expect(describeRule({ id: 'r', tool: 't', require: ['arguments.a'], require_prior: ['verify', 'login'] }).summary).toBe('require arguments.a; require a prior call to verify or login');
    expect(describeRule({ id: 'r', tool: 't', deny_if: { 'context.tier': 'free' } }).summary).toBe('deny if context.tier = "free"');
  });
});

describe('a case that sets its own caps (expect.budgets)', () => {
  it('is counted beside the config\'s caps, not read as no cap at all', () => {
    const capped = config({
      suites: [{ name: 'shop', file: '/p/evals/shop.suite.yaml', tools: [tool('lookup_order')], cases: [kase('a', { expect: { budgets: { max_cost_usd: 0.01 } } }), kase('b'), kase('c')], fingerprint: 'f' }],
      budgets: {},
    });
    const card = buildCard({ config: capped, relativePath, baseline: 'committed', ciWorkflow: true });
    expect(card.costs.caps.cases_with_own_caps).toBe(1);
    expect(formatCardText(PLAIN_SCREEN, card)).toContain('  case caps  no $ cap · no model-call cap · no tool-call cap · 1 of 3 cases\n             sets its own (expect.budgets)\n');
    expect(formatCardMarkdown(card)).toContain('- caps per case: no $ cap · no model-call cap · no tool-call cap · 1 of 3 cases sets its own (expect.budgets) · per run:');
    expect(card.checklist[3]!.found).toBe('0/3 per-case caps (1 of 3 cases sets its own); run cap unset');
    expect(card.checklist[3]!.status).toBe('partly');
    // One case over a cap is one case, not "1 cases".
    const over = (n: number) =>
      buildCard({ config: capped, relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { summary: parseCardRunSummary({ run_id: 'r', metrics: { overall: runMetrics({ budget_compliance: { value: (3 - n) / 3, successes: 3 - n, n: 3, low: 0, high: 1 } }), slices: {} } })!, results: lastRun!.results } }).checklist[3]!.found;
    expect(over(1)).toContain('; 1 case over a cap in the last run');
    expect(over(2)).toContain('; 2 cases over a cap in the last run');
    // None set: nothing said of them.
    expect(formatCardText(PLAIN_SCREEN, buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true }))).toContain('  case caps  $0.05 · 8 model calls · 12 tool calls\n');
  });
});

describe("the card's caps in dollars", () => {
  it('are written as the config set them, alike in the caps lines and the checklist: a tiny cap is not "<$0.0001", $2 not "$2.00" in one place and "$2" in another', () => {
    const card = buildCard({ config: config({ budgets: { max_cost_usd: 0.0000001, max_model_calls: 8, max_tool_calls: 12, max_run_cost_usd: 2 } }), relativePath, baseline: 'committed', ciWorkflow: true });
    const text = formatCardText(PLAIN_SCREEN, card);
    expect(text).toContain('  case caps  $0.0000001 · 8 model calls · 12 tool calls\n');
    expect(text).toContain('  run caps   $2 · timeout');
    expect(formatCardMarkdown(card)).toContain('- caps per case: $0.0000001 · 8 model calls · 12 tool calls · per run: $2 · timeout');
    expect(card.checklist[3]!.found).toBe('3/3 per-case caps; run cap $2');
  });
});

describe('formatCardText and formatCardMarkdown', () => {
  const card = buildCard({ config: config(), relativePath, baseline: 'missing', ciWorkflow: false, lastRun });

  it('fits 80 columns with the four parts in order, and neutralizes escapes in names', () => {
    const hostile = { ...card, last_run: { ...card.last_run!, agent: 'evil\x1b]0;x\x07 1.0' } };
    const text = formatCardText(PLAIN_SCREEN, hostile);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).not.toContain('\x1b');
    expect(text).toContain('evil\\x1b]0;x\\x07 1.0');
    const order = ['AUTHORITY', 'COSTS', 'FAILURE HANDLING', 'READINESS KIT'].map((h) => text.indexOf(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('  approve    issue_refund [money]\n');
    expect(text).toContain('  approval   issue_refund, send_email\n');
    expect(text).toContain('  adversarial all 94.9% (37/39) · prompt_injection 50% (1/2)\n');
    expect(text).toContain('  case caps  $0.05 · 8 model calls · 12 tool calls\n');
    expect(text).toContain('  kill switch not run: `agentready eval --kill-switch`\n');
    expect(text).toMatch(/◐ partly {2}1\. One workflow/);
  });

  it('counts one suite of one case in the singular: "1 suite, 1 case", not "1 cases"', () => {
    const one = config({ suites: [{ name: 'shop', file: '/p/evals/shop.suite.yaml', tools: [tool('lookup_order')], cases: [kase('a')], fingerprint: 'f' }] });
    const single = buildCard({ config: one, relativePath, baseline: 'missing', ciWorkflow: false });
    expect(formatCardText(PLAIN_SCREEN, single).split('\n')[0]).toMatch(/· 1 suite, 1 case$/);
    expect(formatCardMarkdown(single).split('\n')[2]).toMatch(/^1 suite, 1 case · /);
    expect(single.checklist[4]!.found).toBe('1 case, 0 adversarial; CI workflow not found');
  });

  it('renders markdown tables with escaped names', () => {
    const md = formatCardMarkdown({ ...card, config: 'my_config|x.yaml' });
    expect(md.split('\n')[0]).toBe("## Readiness card · `my_config\\|x.yaml`");
    expect(md).toContain('| `send_email` | autonomous | external | required | mail |');
    expect(md).toContain('| ◐ partly | 1. One workflow, 2–3 metrics, baselines |');
    expect(md).toContain('- kill switch: not run: `agentready eval --kill-switch`\n');
  });

  it('wraps words with a hanging indent', () => {
    expect(wrap('aaa bbb ccc ddd', { indent: 2, width: 12, hanging: 2 })).toEqual(['  aaa bbb', '    ccc ddd']);
  });
});

describe('the card\'s model mix', () => {
  it('gives calls and cost per model of the last run, in the text and markdown card', () => {
    const results = [
      caseResult({ models: { small: { calls: 3, input_tokens: 30, output_tokens: 3, cost_usd: 0.001 } } }),
      caseResult({ models: { small: { calls: 1, input_tokens: 10, output_tokens: 1, cost_usd: 0.001 }, large: { calls: 1, input_tokens: 50, output_tokens: 9, cost_usd: 0.008 } } }),
    ];
    const card = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun: { summary: lastRun!.summary, results } });
    expect(card.last_run!.models.map((m) => [m.model, m.calls])).toEqual([['small', 4], ['large', 1]]);
    expect(formatCardText(PLAIN_SCREEN, card)).toMatch(/models {5}small 80% of calls, 20% of cost · large 20% of calls, 80% of cost/);
    expect(formatCardMarkdown(card)).toContain('- models: small 80% of calls, 20% of cost · large 20% of calls, 80% of cost');
    const none = buildCard({ config: config(), relativePath, baseline: 'committed', ciWorkflow: true, lastRun });
    expect(formatCardText(PLAIN_SCREEN, none)).not.toContain('models ');
  });
});
