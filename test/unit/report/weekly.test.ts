import { describe, expect, it } from 'vitest';
import type { CaseResult, CheckResult, Trace } from '../../../src/config/schema/index.js';
import { WeeklyFileSchema, type WeeklyFile } from '../../../src/config/schema/weekly.js';
import { historyEntries } from '../../../src/run/history.js';
import { parseHistory } from '../../../src/run/read-history.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import {
  buildWeeklyReview,
  formatWeeklyHtml,
  formatWeeklyJson,
  formatWeeklyMarkdown,
  formatWeeklyText,
  normalizeReason,
  type ReviewedRun,
} from '../../../src/report/weekly/index.js';

const POLICY = (call: number): CheckResult => ({ check: 'policy', pass: false, reason: `issue_refund ran without a granted approval (call ${call})`, expected: 'no policy violation', found: [] });
const BUDGET = (usd: string): CheckResult => ({ check: 'budget', pass: false, reason: `$${usd} > max_cost_usd 0.05`, expected: {}, found: {} });
const TOOLS: CheckResult = { check: 'tools', pass: false, reason: 'expected call lookup_order not made', expected: [], found: [] };

function attempt(runId: string, id: string, failing?: CheckResult, cost = 0.01): { result: CaseResult; trace: Trace } {
  const trace_id = `${runId}-${id}`;
  const result: CaseResult = {
    suite: 'support', case_id: id, attempt: 1, trace_id, fingerprint: `fp-${id}`, tags: [], status: failing ? 'failed' : 'passed', outcome: 'completed',
    duration_ms: 1000, cost_usd: cost, model_calls: 1, tool_calls: 1, tool_errors: 0, retries: 0, policy_violations: failing?.check === 'policy' ? 1 : 0,
    checks: failing ? [failing] : [{ check: 'outcome', pass: true }],
  };
  const refused = failing?.check === 'policy';
  const trace: Trace = {
    trace_id, suite: 'support', case_id: id, attempt: 1, mode: 'normal', outcome: 'completed', output: 'ok', duration_ms: 1000,
    tool_calls: [
      { seq: 0, name: 'lookup_order', arguments: {}, answer: 'answer', at_ms: 0, latency_ms: 40 },
      ...(refused ? [{ seq: 1, name: 'issue_refund', arguments: {}, answer: 'approval_missing' as const, at_ms: 50, latency_ms: 0 }] : []),
    ],
    approvals: [],
    usage: [{ model: id === 'b' ? 'big-model' : 'small-model', input_tokens: 100, output_tokens: 10, cost_usd: cost, priced: true }],
    policy_decisions: refused ? [{ timestamp: '2026-03-01T00:00:00Z', trace_id, rule_id: 'authority:approval', tool: 'issue_refund', input_summary: '{}', outcome: 'approval_missing' }] : [],
  };
  return { result, trace };
}

function run(runId: string, day: string, cases: ReturnType<typeof attempt>[]): ReviewedRun {
  return { run_id: runId, started_at: `2026-${day}T10:00:00.000Z`, results: cases.map((c) => c.result), traces: cases.map((c) => c.trace), recorded: false };
}

// Three runs of four cases: a breaks in the last run, c and d are fixed by it, b keeps failing its budget.
const RUNS = [
  run('r1', '02-22', [attempt('r1', 'a'), attempt('r1', 'b'), attempt('r1', 'c', POLICY(2)), attempt('r1', 'd')]),
  run('r2', '02-25', [attempt('r2', 'a'), attempt('r2', 'b', BUDGET('0.0612'), 0.0612), attempt('r2', 'c', POLICY(3)), attempt('r2', 'd', TOOLS)]),
  run('r3', '03-01', [attempt('r3', 'a', TOOLS), attempt('r3', 'b', BUDGET('0.0733'), 0.0733), attempt('r3', 'c'), attempt('r3', 'd')]),
];
// One commit, nothing uncommitted: the same agent code throughout, so every flip is flakiness.
const HISTORY = RUNS.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at, commit: 'c1' }));
const GATE = { success_rate: { min: 0.9 }, cost_per_task: { max_rise_pct: 10 } };

function review() {
  // Given out of order: the review sorts by start time.
  return buildWeeklyReview({ runs: [RUNS[2]!, RUNS[0]!, RUNS[1]!], history: HISTORY, gate: GATE, since: '2026-02-22T00:00:00.000Z', now: '2026-03-01T12:00:00.000Z', quarantined: [{ suite: 'support', case_id: 'd', until: '2026-03-31', reason: 'flaky upstream' }] });
}

describe('normalizeReason', () => {
  it('strips numbers and ids so the same failure groups across cases', () => {
    expect(normalizeReason('issue_refund ran without a granted approval (call 2) (and 3 more)')).toBe('issue_refund ran without a granted approval (call #) (and # more)');
    expect(normalizeReason('$0.0612 > max_cost_usd 0.05')).toBe('$# > max_cost_usd #');
    expect(normalizeReason('no order 4bf92f3577b34da6 for 0af76519-16cd-43dd-8448-eb211c80319c')).toBe('no order <id> for <id>');
    expect(normalizeReason('expected call lookup_order not made')).toBe('expected call lookup_order not made');
  });
});

describe('buildWeeklyReview', () => {
  it('names what the latest run changed against the run before it', () => {
    expect(review().changes).toEqual({
      latest: 'r3',
      previous: 'r2',
      new_failures: [{ key: 'support/a', now: 'failed', before: 'passed', why: 'tools: expected call lookup_order not made', trace_id: 'r3-a' }],
      fixed: [
        { key: 'support/c', now: 'passed', before: 'failed', trace_id: 'r3-c' },
        { key: 'support/d', now: 'passed', before: 'failed', trace_id: 'r3-d' },
      ],
    });
  });

  it('fixes no case whose latest run skipped an attempt at the cost cap and failed none: not judged, as the gate folds it', () => {
    // c and d failed in r2; in r3 each passed its first attempt and the run reached its cost cap before the second.
    const capped = (id: string): CaseResult => ({ ...attempt('r3', id).result, attempt: 2, trace_id: `r3-${id}-2`, status: 'skipped', outcome: 'unknown', checks: [] });
    const latest = { ...RUNS[2]!, results: [...RUNS[2]!.results, capped('c'), capped('d')] };
    const changes = buildWeeklyReview({ runs: [RUNS[0]!, RUNS[1]!, latest], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' }).changes;
    expect(changes.fixed).toEqual([]);
    expect(changes.new_failures.map((move) => move.key)).toEqual(['support/a']);
  });

  it('groups failure reasons by check and normalised reason, with counts and example cases', () => {
    expect(review().failure_reasons.map((r) => [r.count, r.cases, r.check, r.reason, r.examples.map((e) => `${e.run_id}:${e.key}`)])).toEqual([
      [2, 2, 'tools', 'expected call lookup_order not made', ['r2:support/d', 'r3:support/a']],
      [2, 1, 'budget', '$# > max_cost_usd 0.05', ['r2:support/b']],
      [2, 1, 'policy', 'issue_refund ran without a granted approval (call #)', ['r1:support/c']],
    ]);
  });

  it('shows a group\'s reason with only the figures that differ between its failures as #: a number the expectation quotes stays', () => {
    const output = (text: string): CheckResult => ({ check: 'output', pass: false, reason: text, expected: {}, found: {} });
    const runs = [run('r1', '03-01', [
      attempt('r1', 'a', output('does not contain "rf-1"')),
      attempt('r1', 'b', output('does not contain "rf-1"')),
      attempt('r1', 'c', output('got agent_error (rate_limit: retry after 50 ms), not 1234')),
      attempt('r1', 'd', output('got agent_error (rate_limit: retry after 20 ms), not 1234')),
      attempt('r1', 'e', output('got agent_error (rate_limit: retry after 70 ms), not 1234')),
    ])];
    const reasons = buildWeeklyReview({ runs, history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }).failure_reasons;
    expect(reasons.map((r) => [r.count, r.reason])).toEqual([
      [3, 'got agent_error (rate_limit: retry after # ms), not 1234'],
      [2, 'does not contain "rf-1"'],
    ]);
  });

  it('counts policy blocks by rule, tool and outcome from the traces', () => {
    expect(review().policy_blocks).toEqual([
      { rule_id: 'authority:approval', tool: 'issue_refund', outcome: 'approval_missing', count: 2, examples: [{ key: 'support/c', run_id: 'r1', trace_id: 'r1-c' }] },
    ]);
  });

  it('lists no case as a cost hotspot that cost nothing (no model priced), and still the models called', () => {
    const free = run('r1', '02-22', [attempt('r1', 'a', undefined, 0), attempt('r1', 'b', undefined, 0)]);
    const review = buildWeeklyReview({ runs: [free], history: [], gate: GATE, since: '2026-02-22T00:00:00.000Z', now: '2026-03-01T12:00:00.000Z', quarantined: [] });
    expect(review.cost.by_case).toEqual([]);
    const text = formatWeeklyText(PLAIN_SCREEN, review);
    expect(text).not.toMatch(/^ {2}case /m);
    expect(text).toMatch(/Cost hotspots \(total \$0\.00\)\n {2}model {2}big-model {2}\$0\.00 · 1 call /);
  });

  it('says how much of the total a --models replay run replayed from cassettes rather than spent', () => {
    const live = run('r1', '02-22', [attempt('r1', 'a', undefined, 0.01)]);
    const replayed = { ...run('r2', '02-23', [attempt('r2', 'a', undefined, 0.02)]), replayed: true };
    const weekly = buildWeeklyReview({ runs: [live, replayed], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(weekly.cost.total_usd).toBeCloseTo(0.03, 9);
    expect(weekly.cost.replayed_usd).toBeCloseTo(0.02, 9);
    expect(formatWeeklyText(PLAIN_SCREEN, weekly)).toContain('Cost hotspots (total $0.03, of which $0.02 replayed, not spent: --models replay runs)');
    expect(formatWeeklyMarkdown(weekly)).toContain('### Cost hotspots (total $0.03, of which $0.02 replayed, not spent: --models replay runs)');
    expect(formatWeeklyHtml(weekly)).toContain('(total $0.03, of which $0.02 replayed, not spent: --models replay runs)');
    // A window with no replayed run says nothing of it.
    expect(formatWeeklyText(PLAIN_SCREEN, buildWeeklyReview({ runs: [live], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }))).toContain('Cost hotspots (total $0.01)\n');
  });

  it("prints a run folder's run id as text in the terminal: a copied or edited folder's header cannot act on the terminal", () => {
    const evil = run('r2\u001b]0;PWNED\u0007\u001b[2J', '02-25', [attempt('r2', 'a')]);
    const weekly = buildWeeklyReview({ runs: [RUNS[0]!, evil], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    const text = formatWeeklyText(PLAIN_SCREEN, weekly);
    expect(text).toContain('What changed (r2\\x1b]0;PWNED\\x07\\x1b[2J against r1)');
    expect(text).not.toMatch(/[\u0007\u001b]/);
  });

  it('folds a base case\'s adversarial variants into one cost row with it, unless one variant alone cost most of them', () => {
    const injections = Array.from({ length: 8 }, (_, i) => attempt('r1', `refund~prompt_injection-${i + 1}`, undefined, 0.01));
    const runs = [run('r1', '02-22', [attempt('r1', 'refund', undefined, 0.01), ...injections, attempt('r1', 'other', undefined, 0.02)])];
    const weekly = buildWeeklyReview({ runs, history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(weekly.cost.by_case.map((r) => [r.key, r.attempts, r.variants])).toEqual([['support/refund', 9, 8], ['support/other', 1, undefined]]);
    expect(weekly.cost.by_case[0]!.cost_usd).toBeCloseTo(0.09, 9);
    expect(formatWeeklyText(PLAIN_SCREEN, weekly)).toContain('  case   support/refund + 8 variants  $0.09 over 9 attempts ($0.01 each)');
    expect(formatWeeklyMarkdown(weekly)).toContain('| `support/refund` + 8 variants | $0.09 | 9 |');
    expect(formatWeeklyHtml(weekly)).toContain('<code>support/refund</code> + 8 variants');
    // An oversized input that costs more than all its siblings together is a hotspot of its own.
    const oversized = attempt('r1', 'refund~malformed_input-2', undefined, 0.5);
    const dominated = buildWeeklyReview({ runs: [run('r1', '02-22', [attempt('r1', 'refund', undefined, 0.01), ...injections, oversized])], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(dominated.cost.by_case.map((r) => [r.key, r.attempts, r.variants])).toEqual([['support/refund~malformed_input-2', 1, undefined], ['support/refund', 9, 8]]);
  });

  it('lists cases that tie, as hotspots or as flaky, in natural order (c2 before c10), whatever the locale', () => {
    const runs = [
      run('r1', '02-22', [attempt('r1', 'c10'), attempt('r1', 'c2'), attempt('r1', 'C3')]),
      run('r2', '02-25', [attempt('r2', 'c10', TOOLS), attempt('r2', 'c2', TOOLS), attempt('r2', 'C3', TOOLS)]),
    ];
    const history = runs.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at, commit: 'c1' }));
    const weekly = buildWeeklyReview({ runs, history, gate: {}, now: '2026-03-01T12:00:00.000Z' });
    expect(weekly.cost.by_case.map((r) => r.key)).toEqual(['support/C3', 'support/c2', 'support/c10']);
    expect(weekly.flaky.map((f) => f.key)).toEqual(['support/C3', 'support/c2', 'support/c10']);
  });

  it('finds cost hotspots by case, model and tool', () => {
    const { cost } = review();
    expect(cost.total_usd).toBeCloseTo(0.2345, 6);
    expect(cost.by_case[0]).toMatchObject({ key: 'support/b', attempts: 3 });
    expect(cost.by_case[0]!.cost_usd).toBeCloseTo(0.1445, 6);
    expect(cost.by_model.map((m) => [m.model, m.calls, m.input_tokens])).toEqual([['big-model', 3, 300], ['small-model', 9, 900]]);
    expect(cost.by_tool).toEqual([
      { tool: 'lookup_order', calls: 12, errors: 0, latency_ms: 480 },
      { tool: 'issue_refund', calls: 2, errors: 2, latency_ms: 0 },
    ]);
  });

  it('counts as a model call only one a model answered, not one the gateway answered itself', () => {
    const { result, trace } = attempt('r9', 'a');
    const refused = { model: 'small-model', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway' as const };
    trace.usage = [
      ...trace.usage,
      { ...refused, answer: 'cassette_miss' as const, status: 400 },
      { ...refused, answer: 'budget_exhausted' as const, status: 429 },
      { ...refused, model: 'other-model', answer: 'rate_limit' as const, status: 429 },
      { ...refused, answer: 'truncated_stream' as const, status: 200, input_tokens: 5 },
    ];
    const { cost } = buildWeeklyReview({ runs: [{ run_id: 'r9', started_at: '2026-03-01T10:00:00.000Z', results: [result], traces: [trace], recorded: false }], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    // The reported call and the truncated stream reached the model; the refusals and the fault did not, and other-model was never called.
    expect(cost.by_model.map((m) => [m.model, m.calls, m.input_tokens])).toEqual([['small-model', 2, 105]]);
    // A model or tool called once reads "1 call".
    const once = buildWeeklyReview({ runs: [run('r8', '03-01', [attempt('r8', 'a')])], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(formatWeeklyText(PLAIN_SCREEN, once)).toContain('  model  small-model  $0.01 · 1 call · 100 in / 10 out tokens');
    expect(formatWeeklyText(PLAIN_SCREEN, once)).toContain('  tool   lookup_order  1 call · 0 not answered');
  });

  it('follows each gated metric over the runs, oldest first', () => {
    const { metrics } = review();
    expect(metrics.map((s) => [s.metric, s.slice, s.threshold])).toEqual([['success_rate', 'overall', { min: 0.9 }], ['cost_per_task', 'overall', { max_rise_pct: 10 }]]);
    expect(metrics[0]!.points.map((p) => [p.run_id, p.value])).toEqual([['r1', 0.75], ['r2', 0.25], ['r3', 0.5]]);
  });

  it('counts a scored traces file in the reasons but compares only the agent\'s own runs', () => {
    const shadow = { ...run('s1', '03-01', [attempt('s1', 'p', TOOLS)]), started_at: '2026-03-01T11:00:00.000Z', recorded: true };
    const withShadow = buildWeeklyReview({ runs: [...RUNS, shadow], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(withShadow.window.runs.map((r) => r.run_id)).toEqual(['r1', 'r2', 'r3', 's1']);
    expect(withShadow.changes).toEqual(review().changes);
    expect(withShadow.metrics[0]!.points.map((p) => p.run_id)).toEqual(['r1', 'r2', 'r3']);
    expect(withShadow.failure_reasons[0]).toMatchObject({ count: 3, cases: 3, check: 'tools' });
  });

  it('counts a trace judged again by a later `score` once, as its newest judgement: its failure, policy block and cost happened once', () => {
    // The shadow file scored on Monday, then again on Tuesday after a policy change: p's refund is now a violation, q's failure is gone.
    const monday = { ...run('s1', '03-01', [attempt('prod', 'p', TOOLS, 0.5), attempt('prod', 'q', BUDGET('0.2'), 0.2), attempt('s1', 'r', undefined, 0.1)]), recorded: true };
    const tuesday = { ...run('s2', '03-01', [attempt('prod', 'p', POLICY(1), 0.5), attempt('prod', 'q', undefined, 0.2)]), started_at: '2026-03-01T11:00:00.000Z', recorded: true };
    const reviewed = buildWeeklyReview({ runs: [tuesday, monday], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(reviewed.window.attempts).toBe(5);
    expect(reviewed.failure_reasons.map((r) => [r.check, r.count])).toEqual([['policy', 1]]);
    expect(reviewed.policy_blocks.map((b) => [b.rule_id, b.count, b.examples[0]!.run_id])).toEqual([['authority:approval', 1, 's2']]);
    expect(reviewed.cost.total_usd).toBeCloseTo(0.8);
    expect(reviewed.cost.by_case.map((c) => [c.key, c.attempts])).toEqual([['support/p', 1], ['support/q', 1], ['support/r', 1]]);
    expect(reviewed.cost.by_model).toEqual([expect.objectContaining({ model: 'small-model', calls: 3 })]);
    // An eval run and a score of its own traces: the same attempts, counted once.
    const rescored = { ...RUNS[2]!, run_id: 's3', started_at: '2026-03-01T11:00:00.000Z', recorded: true };
    expect(buildWeeklyReview({ runs: [RUNS[2]!, rescored], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }).cost.total_usd).toBeCloseTo(buildWeeklyReview({ runs: [RUNS[2]!], history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }).cost.total_usd);
  });

  it('leaves a filtered run (--grep and the like: some cases only) out of the metrics over time, and says so', () => {
    const grep = { ...run('g1', '03-01', [attempt('g1', 'a', TOOLS)]), started_at: '2026-03-01T11:00:00.000Z', filtered: true };
    const withGrep = buildWeeklyReview({ runs: [...RUNS, grep], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    // One case of four, failing, is no success rate of 0 for the agent.
    expect(withGrep.metrics[0]!.points.map((p) => [p.run_id, p.value])).toEqual([['r1', 0.75], ['r2', 0.25], ['r3', 0.5]]);
    expect(withGrep.filtered_runs).toEqual(['g1']);
    const note = '1 filtered run (g1: --grep, --suite, --tag, --last-failed or --shard ran some cases only) left out of the metrics over time';
    expect(formatWeeklyText(PLAIN_SCREEN, withGrep)).toContain(note);
    expect(formatWeeklyMarkdown(withGrep)).toContain(note);
    expect(formatWeeklyHtml(withGrep)).toContain(note);
    expect(formatWeeklyText(PLAIN_SCREEN, review())).not.toContain('left out of the metrics');
  });

  it('leaves a run that did not finish (Ctrl-C, killed outright) out of the metrics over time, and says so: it holds only the cases that ended', () => {
    // Interrupted after one case of four, which failed: no success rate of 0 for the agent.
    const cut = { ...run('i1', '03-01', [attempt('i1', 'a', TOOLS)]), started_at: '2026-03-01T11:00:00.000Z', unfinished: true };
    const withCut = buildWeeklyReview({ runs: [...RUNS, cut], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' });
    expect(withCut.metrics[0]!.points.map((p) => [p.run_id, p.value])).toEqual([['r1', 0.75], ['r2', 0.25], ['r3', 0.5]]);
    expect(withCut.unfinished_runs).toEqual(['i1']);
    expect(withCut.filtered_runs).toEqual([]);
    const note = '1 unfinished run (i1: interrupted or killed, holding only the cases that ended) left out of the metrics over time';
    expect(formatWeeklyText(PLAIN_SCREEN, withCut)).toContain(note);
    expect(formatWeeklyMarkdown(withCut)).toContain(note);
    expect(formatWeeklyHtml(withCut)).toContain(note);
    const grep = { ...run('g1', '03-01', [attempt('g1', 'a', TOOLS)]), started_at: '2026-03-01T11:30:00.000Z', filtered: true };
    const both = formatWeeklyText(PLAIN_SCREEN, buildWeeklyReview({ runs: [...RUNS, cut, grep], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' }));
    expect(both).toContain('1 filtered run (g1: --grep, --suite, --tag, --last-failed or --shard ran some cases only) and 1 unfinished run (i1: interrupted or killed, holding only the cases that ended) left out of the metrics over time');
  });

  it.each([
    ['a filtered run', 'filtered'],
    ['an unfinished run (interrupted, killed)', 'unfinished'],
  ] as const)('counts no case %s before the latest did not run as a new failure of the latest', (_, mark) => {
    const whole = (id: string, day: string) => run(id, day, [attempt(id, 'a', TOOLS), attempt(id, 'b', TOOLS)]);
    // --grep a, or a run interrupted after a, passing, between two whole runs where a and b both fail: b did not fail "in the run before" for want of running.
    const partial = { ...run('g1', '03-01', [attempt('g1', 'a')]), started_at: '2026-03-01T11:00:00.000Z', [mark]: true };
    const latest = { ...whole('r9', '03-01'), started_at: '2026-03-01T11:30:00.000Z' };
    const changes = buildWeeklyReview({ runs: [whole('r8', '02-28'), partial, latest], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' }).changes;
    expect(changes).toMatchObject({ latest: 'r9', previous: 'g1' });
    expect(changes.new_failures.map((move) => [move.key, move.before])).toEqual([['support/a', 'passed']]);
  });

  it.each([
    ['a filtered run', 'filtered'],
    ['an unfinished run (interrupted, killed)', 'unfinished'],
  ] as const)('compares a case %s before the latest did not run with the last run that ran it: a new failure is not hidden by it', (_, mark) => {
    // b passed in r8, the run before the latest ran a only, and b fails in r9: b is a new failure (seen with `report` after a Ctrl-C'd eval).
    const partial = { ...run('g1', '03-01', [attempt('g1', 'a')]), started_at: '2026-03-01T11:00:00.000Z', [mark]: true };
    const latest = { ...run('r9', '03-01', [attempt('r9', 'a'), attempt('r9', 'b', TOOLS)]), started_at: '2026-03-01T11:30:00.000Z' };
    const changes = buildWeeklyReview({ runs: [run('r8', '02-28', [attempt('r8', 'a'), attempt('r8', 'b')]), partial, latest], history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' }).changes;
    expect(changes.new_failures.map((move) => [move.key, move.before])).toEqual([['support/b', 'passed']]);
  });

  it.each([
    ['a filtered run', 'filtered'],
    ['an unfinished run (interrupted, killed)', 'unfinished'],
  ] as const)('counts a case added since the last whole run, failing in the latest, as a new failure with %s between them, as it is with none', (_, mark) => {
    // b is new in r9 and fails: with r8 just before, a new failure; a --grep or Ctrl-C'd run between must not hide it.
    const whole = run('r8', '02-28', [attempt('r8', 'a')]);
    const partial = { ...run('g1', '03-01', [attempt('g1', 'a')]), started_at: '2026-03-01T11:00:00.000Z', [mark]: true };
    const latest = { ...run('r9', '03-01', [attempt('r9', 'a'), attempt('r9', 'b', TOOLS)]), started_at: '2026-03-01T11:30:00.000Z' };
    const changes = (runs: ReviewedRun[]) => buildWeeklyReview({ runs, history: HISTORY, gate: GATE, now: '2026-03-01T12:00:00.000Z' }).changes.new_failures.map((move) => [move.key, move.before]);
    expect(changes([whole, latest])).toEqual([['support/b', undefined]]);
    expect(changes([whole, partial, latest])).toEqual([['support/b', undefined]]);
    // With no whole run before it in the window, nothing says b was not there: no new failure.
    expect(changes([partial, latest])).toEqual([]);
  });

  it('gives each case that flipped its flip rate over the history', () => {
    expect(review().flaky).toEqual([
      { key: 'support/d', attempts: 3, compared: 2, flips: 2, flip_rate: 1, sequence: 'PFP' },
      { key: 'support/a', attempts: 3, compared: 2, flips: 1, flip_rate: 0.5, sequence: 'PPF' },
      { key: 'support/b', attempts: 3, compared: 2, flips: 1, flip_rate: 0.5, sequence: 'PFF' },
      { key: 'support/c', attempts: 3, compared: 2, flips: 1, flip_rate: 0.5, sequence: 'FFP' },
    ]);
  });

  it('counts as flaky only a case that passed and failed on the same code: a case broken and fixed by its commits is none', () => {
    // Each run at its own commit: d failed at c2 and passed again at c3, as a fix does.
    const committed = RUNS.flatMap((r, i) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at, commit: `c${i + 1}` }));
    expect(buildWeeklyReview({ runs: RUNS, history: committed, gate: {}, now: '2026-03-01T12:00:00.000Z' }).flaky).toEqual([]);
    // Changes not committed, or no commit known (no git): nothing says the code stayed the same between runs.
    const uncommitted = RUNS.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at, commit: 'c1', uncommitted: true }));
    expect(buildWeeklyReview({ runs: RUNS, history: uncommitted, gate: {}, now: '2026-03-01T12:00:00.000Z' }).flaky).toEqual([]);
    const noGit = RUNS.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at }));
    expect(buildWeeklyReview({ runs: RUNS, history: noGit, gate: {}, now: '2026-03-01T12:00:00.000Z' }).flaky).toEqual([]);
    // A run's repeats ran the same code whatever git says: attempts 1-3 of d in r4 pass, fail, pass.
    const repeats = [1, 2, 3].map((n) => ({ ...attempt('r4', 'd', n === 2 ? TOOLS : undefined).result, attempt: n }));
    const history = [...noGit, ...historyEntries({ results: repeats, runId: 'r4', startedAt: '2026-03-02T10:00:00.000Z' })];
    const flaky = buildWeeklyReview({ runs: [], history, gate: {}, now: '2026-03-03T00:00:00.000Z' }).flaky;
    // r1..r3 then r4's three attempts: `|` where the code may have changed, flips counted within r4 only.
    expect(flaky).toEqual([{ key: 'support/d', attempts: 6, compared: 2, flips: 2, flip_rate: 1, sequence: 'P|F|P|PFP' }]);
    const text = formatWeeklyText(PLAIN_SCREEN, buildWeeklyReview({ runs: [], history, gate: {}, now: '2026-03-03T00:00:00.000Z' }));
    expect(text).toContain('Flaky cases (passed and failed on the same code: in one run, or in runs of one commit with nothing uncommitted)\n  support/d  1.000  P|F|P|PFP  2 flips in 2 same-code pairs');
  });

  it('leaves out of flip rates a run whose every attempt ended in the same agent_error, and says so', () => {
    // r2 could not run at all (a fork's PR with no API key): every attempt the same agent_error.
    const broken = (r: ReviewedRun): ReviewedRun => ({
      ...r,
      results: r.results.map((result) => ({ ...result, status: 'failed' as const, outcome: 'agent_error' as const, error: { code: 'AGENT_ERROR', message: 'OPENAI_API_KEY is not set' } })),
    });
    const runs = [RUNS[0]!, broken(RUNS[1]!), RUNS[2]!];
    const history = runs.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at, commit: 'c1' }));
    const weekly = buildWeeklyReview({ runs, history, gate: {}, now: '2026-03-01T12:00:00.000Z' });
    expect(weekly.agent_error_runs).toEqual(['r2']);
    // Without r2: a PP→F (1 flip), c F→P, d and b P→P… no FFF-style flips from the broken run.
    expect(weekly.flaky).toEqual([
      { key: 'support/a', attempts: 2, compared: 1, flips: 1, flip_rate: 1, sequence: 'PF' },
      { key: 'support/b', attempts: 2, compared: 1, flips: 1, flip_rate: 1, sequence: 'PF' },
      { key: 'support/c', attempts: 2, compared: 1, flips: 1, flip_rate: 1, sequence: 'FP' },
    ]);
    const note = '1 run (r2) left out of flip rates: every attempt ended in agent_error with one and the same message, a setup problem (e.g. a missing API key), not the agent\'s verdict';
    expect(formatWeeklyText(PLAIN_SCREEN, weekly)).toContain(note);
    expect(formatWeeklyMarkdown(weekly)).toContain('_1 run (r2) left out of flip rates: every attempt ended in agent\\_error');
    expect(formatWeeklyHtml(weekly)).toContain(note.replace(/'/g, '&#39;'));
    expect(formatWeeklyText(PLAIN_SCREEN, review())).not.toContain('left out of flip rates');
  });

  it('leaves such a run out of flip rates by its history lines once its run folder is gone, and names it', () => {
    const broken = RUNS[1]!.results.map((result) => ({ ...result, status: 'failed' as const }));
    // r2's folder is gone: only its history lines, marked when it ran, say it could not run at all.
    const history = [
      ...historyEntries({ results: RUNS[0]!.results, runId: 'r1', startedAt: RUNS[0]!.started_at, commit: 'c1' }),
      ...historyEntries({ results: broken, runId: 'r2', startedAt: RUNS[1]!.started_at, commit: 'c1', sameAgentError: true }),
      ...historyEntries({ results: RUNS[2]!.results, runId: 'r3', startedAt: RUNS[2]!.started_at, commit: 'c1' }),
    ];
    expect(history.filter((entry) => entry.same_agent_error === true).map((entry) => entry.run_id)).toEqual(['r2', 'r2', 'r2', 'r2']);
    const weekly = buildWeeklyReview({ runs: [RUNS[0]!, RUNS[2]!], history, gate: {}, now: '2026-03-01T12:00:00.000Z' });
    expect(weekly.agent_error_runs).toEqual(['r2']);
    expect(weekly.flaky.map((f) => `${f.key} ${f.sequence}`)).toEqual(['support/a PF', 'support/b PF', 'support/c FP']);
    // Outside the window it still counts for no flip, and is not named as one of the window's runs.
    expect(buildWeeklyReview({ runs: [RUNS[2]!], history, gate: {}, since: '2026-02-28T00:00:00.000Z', now: '2026-03-01T12:00:00.000Z' }).agent_error_runs).toEqual([]);
    // A history line written before the field existed still reads.
    const older = parseHistory(`${JSON.stringify(HISTORY[0])}\n${JSON.stringify(history[4])}\n`);
    expect(older).toEqual({ entries: [HISTORY[0], history[4]], unreadable: 0 });
  });

  it('starts a changed case\'s history over and leaves harness errors out', () => {
    const history = [
      { ...HISTORY[0]!, status: 'failed' as const, fingerprint: 'old' },
      { ...HISTORY[4]!, status: 'error' as const },
      HISTORY[4]!,
      { ...HISTORY[8]!, status: 'passed' as const },
    ];
    expect(history.map((e) => e.case_id)).toEqual(['a', 'a', 'a', 'a']);
    expect(buildWeeklyReview({ runs: [], history, gate: {}, now: 't' }).flaky).toEqual([]);
  });

  it('groups a long history in time proportional to its lines (each case\'s entries were copied at every line: quadratic)', () => {
    // 160,000 runs of one case: the copy a line took 3-10 s at 40,000, so a minute or more here,
    // past vitest's test timeout (which fails a test that returns late, too); grouped by push, a fraction of a second.
    const history = Array.from({ length: 160_000 }, (_, i) => ({ suite: 's', case_id: 'a', attempt: 1, fingerprint: 'fp', status: i % 2 === 0 ? 'passed' as const : 'failed' as const, run_id: `r${i}`, commit: 'c1', timestamp: '2026-03-01T00:00:00Z' }));
    const flaky = buildWeeklyReview({ runs: [], history, gate: {}, now: 't' }).flaky;
    expect(flaky).toEqual([expect.objectContaining({ key: 's/a', flips: 19 })]);
  });

  it('has nothing to compare with one run, and nothing at all with none', () => {
    const one = buildWeeklyReview({ runs: [RUNS[0]!], history: [], gate: {}, now: '2026-03-01T00:00:00Z' });
    expect(one.changes).toEqual({ latest: 'r1', previous: null, new_failures: [], fixed: [] });
    expect(one.metrics.map((s) => s.metric)).toEqual(['success_rate', 'policy_compliance']);
    expect(buildWeeklyReview({ runs: [], history: [], gate: {}, now: '2026-03-01T00:00:00Z' }).window).toEqual({ since: null, until: '2026-03-01T00:00:00Z', runs: [], attempts: 0 });
  });

  it('says which: one run and nothing to compare, or no run at all (not "one run" with none)', () => {
    const one = buildWeeklyReview({ runs: [RUNS[0]!], history: [], gate: {}, now: '2026-03-01T00:00:00Z' });
    const none = buildWeeklyReview({ runs: [], history: [], gate: {}, now: '2026-03-01T00:00:00Z' });
    expect(formatWeeklyText(PLAIN_SCREEN, one)).toContain('What changed\n  one run in the window: nothing to compare\n');
    expect(formatWeeklyText(PLAIN_SCREEN, none)).toContain('What changed\n  no run in the window\n');
    expect(formatWeeklyMarkdown(none)).toContain('No run in the window.');
    expect(formatWeeklyHtml(none)).toContain('No run in the window.');
    expect(formatWeeklyHtml(none)).not.toContain('One run');
  });
});

describe('weekly review formats', () => {
  it('prints every section for the terminal', () => {
    const text = formatWeeklyText(PLAIN_SCREEN, review());
    expect(text).toContain('Weekly review · 3 runs · 2026-02-22 → 2026-03-01 · 12 attempts');
    expect(text).toContain('What changed (r3 against r2)\n  ✗ new failure  support/a  tools: expected call lookup_order not made  trace r3-a\n  ✓ fixed        support/c\n  ✓ fixed        support/d');
    expect(text).toContain('  success_rate (overall)  0.750 → 0.250 → 0.500  min 0.9');
    expect(text).toContain('     2× policy: issue_refund ran without a granted approval (call #)  1 case, e.g. support/c');
    expect(text).toContain('     2× authority:approval · issue_refund · approval_missing  e.g. support/c');
    expect(text).toContain('  model  big-model  $0.14 · 3 calls · 300 in / 30 out tokens');
    expect(text).toContain('  support/d  1.000  PFP  2 flips in 2 same-code pairs');
    const once = review();
    const oneFlip = formatWeeklyText(PLAIN_SCREEN, { ...once, flaky: [{ ...once.flaky[0]!, flips: 1, attempts: 4, compared: 3, flip_rate: 1 / 3, sequence: 'PFFF' }] });
    expect(oneFlip).toContain('  support/d  0.333  PFFF  1 flip in 3 same-code pairs');
    expect(text).toContain('Quarantined (run and reported, not gated)\n  support/d until 2026-03-31: flaky upstream');
  });

  it('keeps a metric over many runs to one readable line: the newest values, and how many earlier ones it leaves out (300 CI runs a week made a line of 3,000 characters)', () => {
    const many = Array.from({ length: 30 }, (_, i) => run(`m${String(i).padStart(2, '0')}`, '02-25', i === 29 ? [attempt('m29', 'a', TOOLS)] : [attempt(`m${i}`, 'a')]));
    const text = formatWeeklyText(PLAIN_SCREEN, buildWeeklyReview({ runs: many, history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }));
    const line = text.split('\n').find((l) => l.startsWith('  success_rate (overall)'))!;
    expect(line).toBe(`  success_rate (overall)  18 earlier runs … ${Array(11).fill('1.000').join(' → ')} → 0.000  min 0.9`);
    expect(formatWeeklyMarkdown(buildWeeklyReview({ runs: many, history: [], gate: GATE, now: '2026-03-01T12:00:00.000Z' }))).toContain('| success_rate | overall | 18 earlier runs … 1.000 → ');
  });

  it('writes markdown tables', () => {
    const text = formatWeeklyMarkdown(review());
    expect(text.startsWith('## agentready weekly review\n\n3 runs · 2026-02-22 → 2026-03-01 · 12 attempts\n\n### What changed')).toBe(true);
    expect(text).toContain('- ❌ new failure `support/a` — tools: expected call lookup\\_order not made (trace `r3-a`)');
    expect(text).toContain('| success_rate | overall | 0.750 → 0.250 → 0.500 | min 0.9 |');
    expect(text).toContain('| 2 | `authority:approval` | `issue_refund` | approval_missing | `support/c` |');
    expect(text).toContain('| `support/d` | 1.000 | `PFP` | 2 flips in 2 same-code pairs |');
  });

  it('draws a line chart per gated metric in one self-contained page, escaping agent text', () => {
    const withScript = review();
    withScript.failure_reasons[0]!.reason = '<script>alert(1)</script>';
    const html = formatWeeklyHtml(withScript);
    expect(html.match(/<polyline class="line"/g)).toHaveLength(2);
    expect(html).toContain('<figcaption>success_rate (overall) <span class="muted">min 0.9</span></figcaption>');
    expect(html).toContain('<text class="marker-label"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('writes the model as JSON', () => {
    expect(JSON.parse(formatWeeklyJson(review()))).toEqual({ format: 'agentready-weekly', version: 1, ...JSON.parse(JSON.stringify(review())) });
    expect(Object.keys(JSON.parse(formatWeeklyJson(review()))).slice(0, 2)).toEqual(['format', 'version']);
  });

  it('writes what schemas/weekly.json describes (SPEC: every file has a JSON Schema): failures, moves, flaky and quarantined cases', () => {
    const written = JSON.parse(formatWeeklyJson(review())) as WeeklyFile;
    expect(written.flaky.length * written.failure_reasons.length * written.quarantined.length * written.changes.new_failures.length).toBeGreaterThan(0);
    expect(WeeklyFileSchema.safeParse(written).error).toBeUndefined();
    expect(WeeklyFileSchema.safeParse({ ...written, extra: 1 }).success).toBe(false);
  });
});
