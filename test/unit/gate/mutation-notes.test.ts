/** The verdict's notes, the one-line wordings, compare's rows, and the per-case counts behind the metrics. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE, DEFAULT_GATE_UNDER_REPEATS, DEFAULT_GATE_WITHOUT_BASELINE } from '../../../src/config/defaults.js';
import type { GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { compareRuns } from '../../../src/gate/compare.js';
import { diffCases, foldCases, sharedKeys } from '../../../src/gate/diff.js';
import { formatDelta, formatP, formatPaired, formatValue, gateFailure } from '../../../src/gate/explain.js';
import { mcnemarExact } from '../../../src/gate/intervals.js';
import { computeMetrics, computeRunMetrics } from '../../../src/gate/metrics.js';
import { appliedThresholds } from '../../../src/gate/notes.js';
import { minDiscordantFor, pairedTest } from '../../../src/gate/paired.js';
import { repeatCounts } from '../../../src/gate/repeats.js';
import { keepSteadyFigures } from '../../../src/gate/steady.js';
import type { Verdict } from '../../../src/gate/types.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { failing, many, result } from './results-builder.js';

function notes(results: CaseResult[], gate: GateConfig, before?: CaseResult[]): string[] {
  return decideVerdict({ metrics: computeMetrics(results), gate, results, baselinePath: 'b.json', ...(before ? { baseline: baselineOf(before) } : {}) }).notes;
}

/** n cases in one attempt each, `tags` on all of them, ids prefixed so sets do not collide. */
const cases = (n: number, prefix: string, over: Partial<CaseResult> = {}) => many(n, 0, over).map((r) => ({ ...r, case_id: `${prefix}${r.case_id}` }));

describe('the one-case note', () => {
  it('is exact: nothing else is noted for a small suite without significance', () => {
    expect(notes(many(20), { success_rate: { max_drop_pp: 2 } }, many(20))).toEqual([
      'with 20 cases, one case is 5.0 pp: a max_drop_pp of 2 fails on any single newly failing case',
    ]);
  });

  it('counts one case in the singular', () => {
    expect(notes(many(1), { success_rate: { max_drop_pp: 2 } }, many(1))).toEqual([
      'with 1 case, one case is 100.0 pp: a max_drop_pp of 2 fails on any single newly failing case',
    ]);
  });

  it('is not given when one case is exactly the limit, or when the limit is 0 (the default gate)', () => {
    expect(notes(many(50), { success_rate: { max_drop_pp: 2 } }, many(50))).toEqual([]);
    expect(notes(many(20), { success_rate: { max_drop_pp: 0 } }, many(20))).toEqual([]);
  });

  it('is not given for a threshold without a relative rule, or with significance', () => {
    expect(notes(many(20), { success_rate: { min: 0.9 } }, many(20))).toEqual([]);
    expect(notes(many(20), { success_rate: { max_drop_pp: 2, significance: 0.05 } })).toEqual([expect.stringContaining('No baseline at b.json') as string]);
  });

  it('counts attempts with repeats, cases for pass^k and pass@k', () => {
    const repeated = [...many(10, 0, { attempt: 1 }), ...many(10, 0, { attempt: 2 })];
    expect(notes(repeated, { success_rate: { max_drop_pp: 2 } })).toEqual([
      expect.stringContaining('No baseline at b.json') as string,
      'with 20 attempts, one attempt is 5.0 pp: a max_drop_pp of 2 fails on any single newly failing attempt',
    ]);
    expect(notes(repeated, { pass_at_k: { max_drop_pp: 2 } })).toContain('with 10 cases, one case is 10.0 pp: a max_drop_pp of 2 fails on a change in a single case (pass_at_k)');
    expect(notes(repeated, { pass_hat_k: { max_drop_pp: 2 } })).toContain('with 10 cases, one case is 10.0 pp: a max_drop_pp of 2 fails on a change in a single case (pass_hat_k)');
  });

  it('words a rise limit on the success rate as a change in a single case', () => {
    expect(notes(many(20), { success_rate: { max_rise_pp: 2 } }, many(20))).toEqual([
      'with 20 cases, one case is 5.0 pp: a max_rise_pp of 2 fails on a change in a single case (success_rate)',
    ]);
  });

  it('uses the slice\'s own count and names the slice', () => {
    const run = [...cases(5, 'x', { tags: ['x'] }), ...cases(200, 'y')];
    expect(notes(run, { slices: { 'tag:x': { success_rate: { max_drop_pp: 2 } } } }, run)).toEqual([
      'tag:x: with 5 cases, one case is 20.0 pp: a max_drop_pp of 2 fails on any single newly failing case',
    ]);
  });

  it('says nothing for a rate with no data, or for a metric that is not a rate', () => {
    const errors = [result({ case_id: 'a', status: 'error' })];
    expect(notes(errors, { success_rate: { max_drop_pp: 2 } }, errors)).toEqual([]);
    const withScore = [result({ case_id: 'a', checks: [{ check: 'tools', pass: true, score: { precision: 1, recall: 1, f1: 1 } }] })];
    expect(notes(withScore, { tool_correctness: { max_drop_pp: 2 } }, withScore)).toEqual([]);
    expect(notes(many(3), { tool_correctness: { max_drop_pp: 2 } }, many(3))).toEqual([]);
  });
});

describe('the significance notes', () => {
  it('are given only against a baseline, and only for metrics with a paired test', () => {
    expect(notes(many(10), { success_rate: { max_drop_pp: 2, significance: 0.05 } })).toEqual([expect.stringContaining('No baseline at b.json') as string]);
    expect(notes(many(10), { cost_per_task: { max_rise_pct: 2, significance: 0.05 } }, many(10))).toEqual([]);
  });

  it('say a threshold cannot fail when no more cases are paired than it needs, "is" for one', () => {
    expect(notes(many(6), { success_rate: { max_drop_pp: 20, significance: 0.05 } }, many(6))).toEqual([
      'success_rate (overall): with 6 paired cases, a move is significant at 0.05 only when at least 6 cases move the same way',
    ]);
    expect(notes(many(5), { success_rate: { max_drop_pp: 20, significance: 0.05 } }, many(5))).toEqual([
      'success_rate (overall): significance 0.05 needs at least 6 cases moving the same way, and only 5 are paired with the baseline: this threshold cannot fail on its relative rule',
    ]);
    expect(notes(many(1), { success_rate: { max_drop_pp: 20, significance: 0.05 } }, many(1))).toEqual([
      'success_rate (overall): significance 0.05 needs at least 6 cases moving the same way, and only 1 is paired with the baseline: this threshold cannot fail on its relative rule',
    ]);
  });

  // A significance with a `min` or `max` alone is refused by the config's schema (locate.test.ts): a threshold here has a relative rule to fail.
  it('are given beside a min too: the relative rule is the one that cannot fail', () => {
    expect(notes(many(3), { success_rate: { min: 0.9, max_drop_pp: 5, significance: 0.05 } }, many(3))).toEqual([
      'success_rate (overall): significance 0.05 needs at least 6 cases moving the same way, and only 3 are paired with the baseline: this threshold cannot fail on its relative rule',
    ]);
  });

  it('stop at 50 paired cases', () => {
    expect(notes(many(49), { success_rate: { max_drop_pp: 20, significance: 0.05 } }, many(49))).toHaveLength(1);
    expect(notes(many(50), { success_rate: { max_drop_pp: 20, significance: 0.05 } }, many(50))).toEqual([]);
  });
});

describe('the changed-cases note', () => {
  it('counts in the plural', () => {
    const before = [result({ case_id: 'a' }), result({ case_id: 'b' })];
    const now = [result({ case_id: 'a', fingerprint: 'v2' }), result({ case_id: 'b', fingerprint: 'v2' })];
    expect(notes(now, { success_rate: { min: 0 } }, before)[0]).toMatch(/^2 cases changed since the baseline/);
  });
});

describe('wordings', () => {
  it('formats values by metric', () => {
    expect(formatValue('success_rate', null)).toBe('no data');
    expect(formatValue('tool_correctness', 0.5)).toBe('0.500');
    expect(formatValue('cost_total', 0.123456)).toBe('$0.123');
    expect(formatValue('p95_latency_ms', 12.6)).toBe('13 ms');
    expect(formatValue('policy_denials', 3.4)).toBe('3');
  });

  it('formats deltas with a sign, "+" for no change, absolute from a zero baseline', () => {
    expect(formatDelta('success_rate', { baseline: 0.5, current: 0.5 })).toBe('+0.0 pp');
    // A real move below a tenth of a point shows its digits, not "−0.0".
    expect(formatDelta('escalation_rate', { baseline: 0.0006, current: 0.0002 })).toBe('−0.04 pp');
    expect(formatDelta('success_rate', { baseline: 0.5, current: 0.500002 })).toBe('+0.0002 pp');
    expect(formatDelta('success_rate', { baseline: 0.5, current: 0.5000000001 })).toBe('+0.0000 pp');
    expect(formatDelta('cost_total', { baseline: 1000, current: 1000.3 })).toBe('+0.03%');
    expect(formatDelta('cost_total', { baseline: 0, current: 0.5 })).toBe('+$0.5');
    expect(formatDelta('cost_total', { baseline: 2, current: 1 })).toBe('−50.0%');
    expect(formatDelta('p50_latency_ms', { baseline: 0, current: 12 })).toBe('+12 ms');
  });

  it('writes tiny p-values in exponent form', () => {
    expect(formatP(0.00001)).toBe('1.0e-5');
    expect(formatP(0.0001)).toBe('0.0001');
    expect(formatP(0.031249)).toBe('0.031');
  });

  it('calls a p-value equal to the level within noise', () => {
    expect(formatPaired({ p: 0.0625, n: 10, down: 5, up: 0 }, { level: 0.0625 })).toBe('p=0.063 (5 down, 0 up of 10 paired; within noise)');
    expect(formatPaired({ p: 0.03, n: 10, down: 6, up: 0 }, { level: 0.05 })).toBe('p=0.03 (6 down, 0 up of 10 paired; significant at 0.05)');
  });

  it('gateFailure names the first failing threshold, how many more, and the newly failing cases', () => {
    const check = (explanation: string, pass: boolean) => ({ explanation, pass }) as Verdict['checks'][number];
    const verdictOf = (checks: Verdict['checks'], newly: number) =>
      ({ checks, diff: { newly_failing: Array.from({ length: newly }, () => ({})), newly_passing: [], known_failing: [], added: [], removed: [], changed: [] } }) as unknown as Verdict;
    expect(gateFailure(verdictOf([check('ok', true), check('first', false)], 0))).toBe('the gate failed: first');
    expect(gateFailure(verdictOf([check('first', false), check('second', false)], 1))).toBe('the gate failed: first (and 1 more threshold); 1 case newly failing');
    expect(gateFailure(verdictOf([check('a', false), check('b', false), check('c', false)], 2))).toBe('the gate failed: a (and 2 more thresholds); 2 cases newly failing');
    expect(gateFailure(verdictOf([check('ok', true)], 0))).toBe('the gate failed: a threshold was not met');
  });
});

describe('compareRuns rows', () => {
  const metricsOf = (rows: ReturnType<typeof compareRuns>['rows']) => rows.filter((r) => r.slice === 'overall').map((r) => r.metric);

  it('shows pass^k and pass@k only when either run repeated', () => {
    const once = many(3);
    const twice = [...many(3, 0, { attempt: 1 }), ...many(3, 0, { attempt: 2 })];
    const compare = (before: CaseResult[], after: CaseResult[]) => metricsOf(compareRuns({ before: { results: before, fingerprint: 'f' }, after, gate: {}, label: 'A' }).rows);
    expect(compare(once, once)).not.toContain('pass_at_k');
    expect(compare(once, once)).not.toContain('pass_hat_k');
    expect(compare(twice, once)).toEqual(expect.arrayContaining(['pass_hat_k', 'pass_at_k']));
    expect(compare(once, twice)).toEqual(expect.arrayContaining(['pass_hat_k', 'pass_at_k']));
  });

  it('adds success_rate per slice, sorted, a slice only one run has included', () => {
    const before = [result({ case_id: 'a', tags: ['z'] }), result({ case_id: 'b', tags: ['a'] })];
    const after = [result({ case_id: 'a', tags: ['z'], status: 'failed' }), result({ case_id: 'b', tags: ['m'] })];
    const rows = compareRuns({ before: { results: before, fingerprint: 'f' }, after, gate: {}, label: 'A' }).rows.filter((r) => r.slice !== 'overall');
    expect(rows.map((r) => [r.metric, r.slice])).toEqual([
      ['success_rate', 'suite:support'],
      ['success_rate', 'tag:a'],
      ['success_rate', 'tag:m'],
      ['success_rate', 'tag:z'],
    ]);
    expect(rows[1]!.after).toBeUndefined();
    expect(rows[2]!.before).toBeUndefined();
    expect(rows[3]!.paired).toEqual({ n: 1, down: 1, up: 0, p: 1 });
  });
});

describe('pairing, the remaining edges', () => {
  const paired = (metric: Parameters<typeof pairedTest>[0]['metric'], now: CaseResult[], before: CaseResult[]) => {
    const baseline = baselineOf(before);
    const current = foldCases(now);
    return pairedTest({ metric, slice: 'overall', current, baseline, shared: sharedKeys(current, baseline) });
  };

  it('leaves out a case the baseline recorded as an error, for every paired metric', () => {
    const before = [result({ case_id: 'a', status: 'error' }), result({ case_id: 'b' })];
    const now = [result({ case_id: 'a', status: 'failed', outcome: 'escalated', checks: [failing('policy', 'x'), failing('budget', 'y')] }), result({ case_id: 'b' })];
    for (const metric of ['pass_at_k', 'escalation_rate', 'policy_compliance', 'budget_compliance'] as const) {
      expect(paired(metric, now, before), metric).toEqual({ n: 1, down: 0, up: 0, p: 1 });
    }
  });

  it('pass@k: up from a case that never passed, down to one that never passes', () => {
    expect(paired('pass_at_k', [result({ case_id: 'a' })], [result({ case_id: 'a', status: 'failed' })])).toMatchObject({ up: 1, down: 0 });
    expect(paired('pass_at_k', [result({ case_id: 'a', status: 'failed' })], [result({ case_id: 'a' })])).toMatchObject({ up: 0, down: 1 });
  });

  it('compliance needs the check to pass in every attempt; budget pairs on the budget check', () => {
    const now = [
      result({ case_id: 'a', attempt: 1, status: 'failed', checks: [failing('budget', 'over')] }),
      result({ case_id: 'a', attempt: 2 }),
    ];
    expect(paired('budget_compliance', now, [result({ case_id: 'a' })])).toMatchObject({ n: 1, down: 1 });
    expect(paired('policy_compliance', now, [result({ case_id: 'a' })])).toMatchObject({ n: 1, down: 0 });
  });

  it('skips a shared key either side lacks', () => {
    const baseline = baselineOf([result({ case_id: 'a' }), result({ case_id: 'only-before' })]);
    const current = foldCases([result({ case_id: 'a', status: 'failed' }), result({ case_id: 'only-now' })]);
    const shared = new Set(['support/a', 'support/only-before', 'support/only-now']);
    expect(pairedTest({ metric: 'success_rate', slice: 'overall', current, baseline, shared })).toMatchObject({ n: 1, down: 1 });
  });

  it('minDiscordantFor stops at 64 cases for a level no count can reach', () => {
    expect(minDiscordantFor(1e-30)).toBe(64);
  });

  it('mcnemarExact is 1 with no discordant pair', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
  });
});

describe('sorted lists', () => {
  it('diff lists, slices and flaky cases come out sorted whatever the input order', () => {
    const ids = ['d', 'b', 'e', 'a', 'c'];
    const diff = diffCases(foldCases(ids.map((id) => result({ case_id: id }))), baselineOf([]));
    expect(diff.added.map((c) => c.case_id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const removed = diffCases(foldCases([]), baselineOf(ids.map((id) => result({ case_id: id }))));
    expect(removed.removed.map((c) => c.case_id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const sliced = computeMetrics(ids.map((id) => result({ case_id: id, tags: [id] })));
    expect(Object.keys(sliced.slices)).toEqual(['suite:support', 'tag:a', 'tag:b', 'tag:c', 'tag:d', 'tag:e']);
    const flaky = ids.flatMap((id) => [result({ case_id: id, attempt: 1 }), result({ case_id: id, attempt: 2, status: 'failed' })]);
    expect(repeatCounts(flaky).flaky).toEqual(['support/a', 'support/b', 'support/c', 'support/d', 'support/e']);
  });

  it('a change has no first_failure unless the case failed, taken from a failed attempt only', () => {
    const before = baselineOf([result({ case_id: 'a', status: 'failed' }), result({ case_id: 'b' })]);
    const now = [
      result({ case_id: 'a' }),
      result({ case_id: 'b', attempt: 1, status: 'error', checks: [failing('outcome', 'not judged')] }),
      result({ case_id: 'b', attempt: 2, status: 'failed', checks: [failing('tools', 'missing')] }),
    ];
    const diff = diffCases(foldCases(now), before);
    expect(diff.newly_passing[0]).toStrictEqual({ key: 'support/a', suite: 'support', case_id: 'a', status: 'passed' });
    expect(diff.newly_failing[0]).toMatchObject({ first_failure: 'tools: missing' });
  });
});

describe('metrics edges', () => {
  it('averages tool scores only over tools checks that carry one', () => {
    const metrics = computeRunMetrics([
      result({ case_id: 'a', checks: [{ check: 'tools', pass: true, score: { precision: 1, recall: 0.5, f1: 0.6 } }] }),
      result({ case_id: 'b', checks: [{ check: 'tools', pass: true }] }),
    ]);
    expect(metrics).toMatchObject({ tool_correctness: 0.6, tool_precision: 1, tool_recall: 0.5 });
  });

  it('counts a policy violation as non-compliance when the attempt has no policy check', () => {
    const metrics = computeRunMetrics([result({ case_id: 'a', policy_violations: 1, checks: [] }), result({ case_id: 'b' })]);
    expect(metrics.policy_compliance).toMatchObject({ successes: 1, n: 2 });
  });
});

describe('keepSteadyFigures edges', () => {
  const run = (duration_ms: number, cost_usd = 20) => baselineOf([result({ case_id: 'a', duration_ms, cost_usd })]);

  it('keeps a figure that moved exactly the tolerance: 20% of a timing, 5% of a cost', () => {
    expect(keepSteadyFigures({ next: run(1200, 21), previous: run(1000, 20) }).baseline.cases['support/a']).toMatchObject({ duration_ms: 1000, cost_usd: 20 });
  });

  it('counts nothing kept when nothing moved', () => {
    expect(keepSteadyFigures({ next: run(1000), previous: run(1000) }).kept).toBe(0);
  });

  it('never puts a figure where the run has none, nor keeps none where it now has one', () => {
    const errored = baselineOf([result({ case_id: 'a', status: 'error', duration_ms: 5 })]);
    const small = baselineOf([result({ case_id: 'a', duration_ms: 5 })]);
    expect(keepSteadyFigures({ next: errored, previous: small }).baseline.metrics.overall.p50_latency_ms).toBeNull();
    expect(keepSteadyFigures({ next: small, previous: errored }).baseline.metrics.overall.p50_latency_ms).toBe(5);
  });
});

describe("the default gate's note", () => {
  it('names the thresholds of the gate it applied, from config/defaults.ts, so it cannot drift from them', () => {
    expect(appliedThresholds(DEFAULT_GATE, true)).toBe('newly_failing max 0, success_rate max_drop_pp 0, policy_compliance min 1.0');
    expect(appliedThresholds(DEFAULT_GATE_UNDER_REPEATS, true)).toBe('newly_failing max 0, success_rate max_drop_pp 0 at significance 0.05, policy_compliance min 1.0');
    expect(appliedThresholds(DEFAULT_GATE_WITHOUT_BASELINE, false)).toBe('success_rate min 1.0, policy_compliance min 1.0');
    // Another gate reads as itself: every limit, a fraction's bound as written, a count's and a move's as numbers.
    expect(appliedThresholds({ newly_failing: { max: 2 }, success_rate: { min: 0.9, max_drop_pp: 3 }, cost_per_task: { max: 1, max_rise_pct: 10 } }, true))
      .toBe('newly_failing max 2, success_rate min 0.9, success_rate max_drop_pp 3, cost_per_task max 1, cost_per_task max_rise_pct 10');
    expect(appliedThresholds({ newly_failing: { max: 2 }, success_rate: { min: 0.9, max_drop_pp: 3 } }, false)).toBe('success_rate min 0.9');
  });

  it('is the note a run under the default gate gets, with and without a baseline', () => {
    const run = notes(many(60), DEFAULT_GATE, many(60));
    expect(run).toContain('No gate thresholds configured: the default gate applied (newly_failing max 0, success_rate max_drop_pp 0, policy_compliance min 1.0).');
    expect(notes(many(60), DEFAULT_GATE)[0]).toMatch(/^No gate thresholds configured and no baseline at b\.json: .* the default gate asked every case to pass \(success_rate min 1\.0, policy_compliance min 1\.0\)\. /);
  });
});
