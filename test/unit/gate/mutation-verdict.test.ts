/** decideVerdict at the edges mutation testing found unpinned: rule order, no data, boundaries, moves, slices. */
import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult, CheckResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';

const PATH = 'agentready.baseline.json';

function verdict(results: CaseResult[], gate: GateConfig, before?: CaseResult[]) {
  return decideVerdict({
    metrics: computeMetrics(results),
    gate,
    results,
    baselinePath: PATH,
    ...(before ? { baseline: baselineOf(before) } : {}),
  });
}

const toolsCheck = (f1: number): CheckResult => ({ check: 'tools', pass: true, score: { precision: f1, recall: f1, f1 } });
/** n cases c1..cn, the first `down` of them now failing: a paired drop of `down` cases. */
const dropped = (n: number, down: number) => ({ now: many(n, down), before: many(n, 0) });

describe('which rule decides and what it says', () => {
  it('the first rule that fails, else the first that passed, in the order min, max, then relative rules', () => {
    const { now, before } = dropped(10, 1);
    expect(verdict(now, { success_rate: { min: 0.5, max: 1 } }, before).checks[0]).toMatchObject({ rule: 'min', pass: true });
    expect(verdict(now, { success_rate: { min: 0.5, max: 1 } }, before).checks[0]!.explanation).toBe(
      'success_rate (overall): 1.000 → 0.900 (−10.0 pp), min 0.5 met, 95% CI [0.60, 0.98], p=1 (1 down, 0 up of 10 paired; within noise)',
    );
    expect(verdict(now, { success_rate: { max: 1, max_drop_pp: 50 } }, before).checks[0]).toMatchObject({ rule: 'max', pass: true });
    expect(verdict(now, { success_rate: { max: 1, max_drop_pp: 50 } }, before).checks[0]!.explanation).toContain(', max 1 met,');
    expect(verdict(now, { success_rate: { max_drop_pp: 50, max_rise_pp: 50 } }, before).checks[0]).toMatchObject({ rule: 'max_drop_pp', pass: true });
    expect(verdict(now, { success_rate: { max_drop_pp: 50, max_rise_pp: 50 } }, before).checks[0]!.explanation).toContain(', within max_drop_pp 50,');
    const above = verdict(now, { success_rate: { min: 0, max: 0.5 } }, before).checks[0]!;
    expect(above).toMatchObject({ rule: 'max', pass: false });
    expect(above.explanation).toContain(', above max 0.5,');
  });

  it('a passing rule within noise decides before a later passing rule', () => {
    const { now, before } = dropped(10, 2);
    const check = verdict(now, { success_rate: { max_drop_pp: 5, max_rise_pp: 5, significance: 0.05 } }, before).checks[0]!;
    expect(check).toMatchObject({ rule: 'max_drop_pp', pass: true, within_noise: true });
  });

  it('a rule within its limit decides before a later one past it but within noise', () => {
    const now = many(10, 0);
    const before = many(10, 2);
    const check = verdict(now, { success_rate: { max_drop_pp: 5, max_rise_pp: 5, significance: 0.05 } }, before).checks[0]!;
    expect(check).toMatchObject({ rule: 'max_drop_pp', pass: true });
    expect(check).not.toHaveProperty('within_noise');
  });

  it('a threshold with no rule (only a significance) is not applied and passes', () => {
    const { now, before } = dropped(10, 1);
    const check = verdict(now, { success_rate: { significance: 0.05 } }, before).checks[0]!;
    expect(check).toMatchObject({ rule: 'significance', pass: true, not_applied: true });
    expect(check.explanation).toBe('success_rate (overall): 1.000 → 0.900 (−10.0 pp), no rule given, 95% CI [0.60, 0.98], p=1 (1 down, 0 up of 10 paired; within noise)');
    expect(check).not.toHaveProperty('within_noise');
  });

  it('is not applied only when no rule could be applied', () => {
    const applied = verdict(many(10, 1), { success_rate: { min: 0.5, max_drop_pp: 5 } }).checks[0]!;
    expect(applied).toMatchObject({ rule: 'min', pass: true });
    expect(applied).not.toHaveProperty('not_applied');
    const noBaseline = verdict(many(10, 1), { success_rate: { max_drop_pp: 5 } }).checks[0]!;
    expect(noBaseline).toMatchObject({ not_applied: true, pass: true, baseline: null, delta: null });
    expect(noBaseline.explanation).toBe('success_rate (overall): 0.900, max_drop_pp 5 not applied (no baseline value), 95% CI [0.60, 0.98]');
  });

  it('a metric with no data in this run is not applied, with no interval, and no delta against the baseline\'s value', () => {
    const before = [result({ case_id: 'a', checks: [toolsCheck(0.8)] })];
    const check = verdict([result({ case_id: 'a' })], { tool_correctness: { min: 0.9, max_drop_pp: 1 } }, before).checks[0]!;
    expect(check).toMatchObject({ metric: 'tool_correctness', baseline: 0.8, current: null, delta: null, not_applied: true, pass: true });
    expect(check.explanation).toBe('tool_correctness (overall): no data in this run, min 0.9 not applied (no data)');
    const errorsOnly = verdict([result({ case_id: 'a', status: 'error' })], { escalation_rate: { max: 0.5 } }).checks[0]!;
    expect(errorsOnly).toMatchObject({ current: null, not_applied: true });
    expect(errorsOnly).not.toHaveProperty('interval');
  });

  it('a rate carries its interval', () => {
    expect(verdict(many(10, 1), { success_rate: { min: 0.5 } }).checks[0]!.interval).toEqual([expect.closeTo(0.5958, 3), expect.closeTo(0.9821, 3)]);
  });

  it('says so when a significance is asked of a metric that has no paired test', () => {
    const before = [result({ case_id: 'a', cost_usd: 0.01 })];
    const check = verdict([result({ case_id: 'a', cost_usd: 0.02 })], { cost_per_task: { max_rise_pct: 10, significance: 0.05 } }, before).checks[0]!;
    expect(check).toMatchObject({ rule: 'max_rise_pct', pass: false });
    expect(check.explanation).toBe('cost_per_task (overall): $0.01 → $0.02 (+100.0%), past max_rise_pct 10 (no paired test for cost_per_task: significance not applied); 1 case cost more a task than in the baseline: support/a $0.01 → $0.02');
  });
});

describe('significance', () => {
  it('is judged at 0.05 when the threshold names none', () => {
    const { now, before } = dropped(40, 8);
    expect(verdict(now, { success_rate: { max_drop_pp: 2 } }, before).checks[0]).toMatchObject({ significant: true, pass: false });
  });

  it('a p-value equal to the level is not significant', () => {
    // 5 cases down, none up: p = 2 · 0.5^5 = 0.0625.
    const { now, before } = dropped(20, 5);
    const check = verdict(now, { success_rate: { max_drop_pp: 2, significance: 0.0625 } }, before).checks[0]!;
    expect(check.p_value).toBe(0.0625);
    expect(check).toMatchObject({ significant: false, pass: true, within_noise: true });
    expect(check.explanation).toContain('past max_drop_pp 2 but not significant at 0.0625');
    const move = verdict(now, { success_rate: { significance: 0.0625 } }, before).moves.find((m) => m.metric === 'success_rate')!;
    expect(move.significant).toBe(false);
  });
});

describe('relative limits at their edges', () => {
  it('a rise of exactly max_rise_pp passes', () => {
    const before = [...many(9, 0), result({ case_id: 'c10', outcome: 'escalated' })];
    const now = [...many(8, 0), result({ case_id: 'c9', outcome: 'escalated' }), result({ case_id: 'c10', outcome: 'escalated' })];
    expect(verdict(now, { escalation_rate: { max_rise_pp: 10 } }, before).checks[0]).toMatchObject({ baseline: 0.1, current: 0.2, pass: true });
    expect(verdict(now, { escalation_rate: { max_rise_pp: 9 } }, before).checks[0]).toMatchObject({ pass: false });
  });

  it('max_rise_pct allows float slack in proportion to the baseline', () => {
    const before = [result({ case_id: 'a', duration_ms: 1_000_000 })];
    const edge = verdict([result({ case_id: 'a', duration_ms: 1_100_000.0001 })], { p50_latency_ms: { max_rise_pct: 10 } }, before);
    expect(edge.checks[0]).toMatchObject({ pass: true });
    const past = verdict([result({ case_id: 'a', duration_ms: 1_100_001 })], { p50_latency_ms: { max_rise_pct: 10 } }, before);
    expect(past.checks[0]).toMatchObject({ pass: false });
  });
});

describe('the case set against the baseline', () => {
  const note = /^The case set differs from the baseline's/;

  it('compares only shared cases when one case was added and one removed', () => {
    const v = verdict([...many(3), result({ case_id: 'new' })], { success_rate: { max_drop_pp: 0 } }, [...many(3), result({ case_id: 'gone' })]);
    expect(v.notes.filter((n) => note.test(n))).toEqual([
      "The case set differs from the baseline's (1 added, 1 removed, 0 changed): relative thresholds compare the 3 cases both have, recomputed from the baseline's case records and this run's folded alike (their tags and risk those of the same cases in this run; the records keep no retries, tool_errors or approval_missing counts, so those are not compared); min and max judge the whole run.",
    ]);
  });

  it('compares only shared cases when one case changed, or one was added and one changed', () => {
    const changedOnly = verdict([result({ case_id: 'a', fingerprint: 'v2' }), result({ case_id: 'b' })], { success_rate: { max_drop_pp: 0 } }, [
      result({ case_id: 'a' }),
      result({ case_id: 'b' }),
    ]);
    expect(changedOnly.notes.some((n) => note.test(n))).toBe(true);
    const addedAndChanged = verdict(
      [result({ case_id: 'a', fingerprint: 'v2' }), result({ case_id: 'b' }), result({ case_id: 'c' })],
      { success_rate: { max_drop_pp: 0 } },
      [result({ case_id: 'a' }), result({ case_id: 'b' })],
    );
    expect(addedAndChanged.notes.some((n) => note.test(n))).toBe(true);
    expect(verdict(many(3), { success_rate: { max_drop_pp: 0 } }, many(3)).notes.some((n) => note.test(n))).toBe(false);
  });

  it('notes a baseline of another --repeat: attempt totals are not like for like', () => {
    const twice = [...many(2), ...many(2).map((r) => ({ ...r, attempt: 2 }))];
    const note = /^The baseline ran each case once and this run 2 times \(--repeat\): figures that add up attempts \(cost_total, policy_denials\) are not like for like/;
    expect(verdict(twice, {}, many(2)).notes.filter((n) => note.test(n))).toHaveLength(1);
    expect(verdict(twice, {}, twice).notes.some((n) => /--repeat\)/.test(n))).toBe(false);
    expect(verdict(many(2), {}, many(2)).notes.some((n) => /--repeat\)/.test(n))).toBe(false);
  });

  it('says a baseline whose cases ran unequal numbers of attempts (an interrupted --repeat run, forced) ran them so, not each case its most', () => {
    // The lead: c1 finished 2 attempts, c2 1, when the run was interrupted; its baseline's repeat is 2.
    const interrupted = [...many(2), result({ case_id: 'c1', attempt: 2 })];
    const thrice = [1, 2, 3].flatMap((attempt) => many(2).map((r) => ({ ...r, attempt })));
    const notes = verdict(thrice, {}, interrupted).notes.filter((n) => /--repeat\)/.test(n));
    expect(notes).toEqual([
      'The baseline ran its cases 1 to 2 times each and this run 3 times (--repeat): figures that add up attempts (cost_total, policy_denials) are not like for like; nor, with cases run unequal numbers of times (a run interrupted before every case ran all its attempts), are pass_hat_k, pass_at_k and flaky_cases, which judge a case over its attempts; success_rate and per-task figures are.',
    ]);
    // Its most attempts equal to the run's: the totals still differ (3 attempts, not 4).
    const twice = [...many(2), ...many(2).map((r) => ({ ...r, attempt: 2 }))];
    expect(verdict(twice, {}, interrupted).notes.some((n) => n.startsWith('The baseline ran its cases 1 to 2 times each and this run 2 times (--repeat)'))).toBe(true);
    // The run interrupted alike: the same range, no note; skipped attempts are no attempts that ran.
    expect(verdict(interrupted, {}, interrupted).notes.some((n) => /--repeat\)/.test(n))).toBe(false);
    const skipped = [...twice.slice(0, 3), { ...twice[3]!, status: 'skipped' as const }];
    expect(verdict(skipped, {}, interrupted).notes.some((n) => /--repeat\)/.test(n))).toBe(false);
  });

  it('says whether there was a baseline', () => {
    expect(verdict(many(3), {}, many(3)).has_baseline).toBe(true);
    expect(verdict(many(3), {}).has_baseline).toBe(false);
  });
});

describe('moves', () => {
  it('lists a moved rate with its delta, interval and paired test, significant at 0.05 by default', () => {
    const { now, before } = dropped(40, 8);
    const move = verdict(now, { success_rate: { max_drop_pp: 50 } }, before).moves.find((m) => m.metric === 'success_rate')!;
    expect(move).toMatchObject({ slice: 'overall', baseline: 1, current: 0.8, significant: true, paired: { n: 40, down: 8, up: 0 } });
    expect(move.delta).toBeCloseTo(-0.2, 12);
    expect(move.interval).toEqual([expect.closeTo(0.6524, 3), expect.closeTo(0.8951, 3)]);
  });

  it('leaves out a rate with no data on either side', () => {
    const before = many(3);
    const allErrors = [result({ case_id: 'c1', status: 'error' }), result({ case_id: 'c2', status: 'error' }), result({ case_id: 'c3', status: 'error' })];
    const now = verdict(allErrors, { success_rate: { max_drop_pp: 0 } }, before).moves.map((m) => m.metric);
    expect(now).toEqual(['error_rate']);
    const then = verdict(many(3), { success_rate: { max_drop_pp: 0 } }, allErrors).moves.map((m) => m.metric);
    expect(then).toEqual(['error_rate']);
  });
});

describe('notes per slice', () => {
  it('counts the paired cases of the slice a significance threshold names', () => {
    const before = [...many(7, 0, { tags: ['x'] }).map((r) => ({ ...r, case_id: `x${r.case_id}` })), ...many(10)];
    const now = [...before];
    const v = verdict(now, { slices: { 'tag:x': { success_rate: { max_drop_pp: 2, significance: 0.05 } } } }, before);
    expect(v.notes).toContain('success_rate (tag:x): with 7 paired cases, a move is significant at 0.05 only when at least 6 cases move the same way');
    const few = verdict(now, { slices: { 'tag:x': { success_rate: { max_drop_pp: 2, significance: 0.01 } } } }, before);
    expect(few.notes).toContain(
      'success_rate (tag:x): significance 0.01 needs at least 8 cases moving the same way, and only 7 are paired with the baseline: this threshold cannot fail on its relative rule',
    );
  });
});

describe('a success rate that fell with no case newly failing (repeats count attempts)', () => {
  /** Case `a` failing in both runs, with `passesBefore`/`passesNow` of 5 attempts passed; case `b` passing 5/5. */
  const flaky = (passes: number): CaseResult[] => [
    ...Array.from({ length: 5 }, (_, i) => result({ case_id: 'a', attempt: i + 1, ...(i < passes ? {} : { status: 'failed' as const }) })),
    ...Array.from({ length: 5 }, (_, i) => result({ case_id: 'b', attempt: i + 1 })),
  ];
  const attemptNote = (notes: string[]) => notes.filter((n) => n.includes('with no case newly failing'));

  it('names the known failure that passed fewer attempts, and what judges cases instead', () => {
    const v = verdict(flaky(3), { success_rate: { max_drop_pp: 0 } }, flaky(4));
    expect(v.pass).toBe(false);
    expect(v.checks[0]).toMatchObject({ paired: { down: 0, up: 0 } });
    expect(attemptNote(v.notes)).toEqual([
      'success_rate (overall) dropped with no case newly failing: with repeats it counts attempts, and cases that failed in the baseline too passed fewer of theirs: support/a (3/5 attempts passed, 4/5 in the baseline). A flaky case moves it from run to run; to judge cases rather than attempts, gate newly_failing and pass_hat_k, or give success_rate a significance.',
    ]);
  });

  it('says nothing when the threshold passed, or when a case newly failed', () => {
    expect(attemptNote(verdict(flaky(3), { success_rate: { max_drop_pp: 50 } }, flaky(4)).notes)).toEqual([]);
    expect(attemptNote(verdict(flaky(3), { success_rate: { max_drop_pp: 0 } }, flaky(5)).notes)).toEqual([]);
  });
});
