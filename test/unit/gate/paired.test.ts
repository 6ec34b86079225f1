import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { foldCases, sharedKeys } from '../../../src/gate/diff.js';
import { mcnemarExact } from '../../../src/gate/intervals.js';
import { minDiscordantFor, pairedTest } from '../../../src/gate/paired.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { failing, many, result } from './results-builder.js';

function test(metric: Parameters<typeof pairedTest>[0]['metric'], now: CaseResult[], before: CaseResult[], slice = 'overall') {
  const baseline = baselineOf(before);
  const current = foldCases(now);
  return pairedTest({ metric, slice, current, baseline, shared: sharedKeys(current, baseline) });
}

describe('pairedTest', () => {
  it('counts cases whose verdict went down and up, and tests them with exact McNemar', () => {
    // 20 cases: c1–c6 newly fail, c7 heals, the rest stay green → b = 6, c = 1.
    const before = many(20, 0).map((r) => (r.case_id === 'c7' ? { ...r, status: 'failed' as const } : r));
    const t = test('success_rate', many(6, 6).concat(many(20, 0).slice(6)), before);
    expect(t).toMatchObject({ n: 20, down: 6, up: 1 });
    expect(t!.p).toBeCloseTo(0.125, 12); // scipy binomtest(1, 7, 0.5).pvalue
  });

  it('with repeats, a flaky case counts as failing for success_rate and pass^k, as passing for pass@k', () => {
    const before = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2 })];
    const now = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2, status: 'failed' })];
    expect(test('success_rate', now, before)).toMatchObject({ n: 1, down: 1, up: 0 });
    expect(test('pass_hat_k', now, before)).toMatchObject({ n: 1, down: 1, up: 0 });
    expect(test('pass_at_k', now, before)).toMatchObject({ n: 1, down: 0, up: 0 });
  });

  it('pairs no case whose attempts did not all run and none failed (the cost cap skipped one), as pass^k and pass@k leave it out', () => {
    const before = [result({ case_id: 'a', attempt: 1, status: 'failed' }), result({ case_id: 'a', attempt: 2, status: 'failed' })];
    const now = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2, status: 'skipped' })];
    for (const metric of ['success_rate', 'pass_hat_k', 'pass_at_k'] as const) expect(test(metric, now, before)).toBeUndefined();
  });

  it('pairs escalation per case: escalated in any judged attempt', () => {
    const before = [result({ case_id: 'a' }), result({ case_id: 'b', outcome: 'escalated' })];
    const now = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2, outcome: 'escalated' }), result({ case_id: 'b' })];
    expect(test('escalation_rate', now, before)).toMatchObject({ n: 2, down: 1, up: 1, p: 1 });
  });

  it('pairs policy and budget compliance on the check, in every attempt', () => {
    const before = many(3, 0);
    const now = [result({ case_id: 'c1', status: 'failed', checks: [failing('policy', 'denied')] }), ...many(3, 0).slice(1)];
    expect(test('policy_compliance', now, before)).toMatchObject({ n: 3, down: 1, up: 0 });
    expect(test('budget_compliance', now, before)).toMatchObject({ n: 3, down: 0, up: 0 });
  });

  it('leaves out changed, added and error cases, and other slices', () => {
    const before = [result({ case_id: 'same' }), result({ case_id: 'edited' }), result({ case_id: 'err', status: 'error' }), result({ case_id: 'other', tags: ['x'] })];
    const now = [
      result({ case_id: 'same', status: 'failed', tags: ['x'] }),
      result({ case_id: 'edited', fingerprint: 'fp-edited-v2', status: 'failed', tags: ['x'] }),
      result({ case_id: 'err', status: 'failed', tags: ['x'] }),
      result({ case_id: 'new', status: 'failed', tags: ['x'] }),
      result({ case_id: 'other' }),
    ];
    expect(test('success_rate', now, before, 'tag:x')).toMatchObject({ n: 1, down: 1 });
    expect(test('success_rate', now, before)).toMatchObject({ n: 2, down: 1 });
  });

  it('is undefined for metrics without a per-case verdict and when nothing is shared', () => {
    expect(test('cost_per_task', many(3), many(3))).toBeUndefined();
    expect(test('error_rate', many(3), many(3))).toBeUndefined();
    expect(test('success_rate', many(3), [result({ case_id: 'elsewhere' })])).toBeUndefined();
  });

  it('gives p = 1 when nothing moved (ties)', () => {
    expect(test('success_rate', many(10, 2), many(10, 2))).toEqual({ n: 10, down: 0, up: 0, p: 1 });
  });
});

describe('minDiscordantFor', () => {
  // 2 · 0.5^k < level: 2 · 0.5^6 = 0.03125 < 0.05 ≤ 2 · 0.5^5 = 0.0625.
  it.each([
    [0.05, 6],
    [0.01, 8],
    [0.1, 5],
    [0.5, 3],
  ])('at %f needs %i cases moving one way', (level, k) => {
    expect(minDiscordantFor(level)).toBe(k);
    expect(mcnemarExact(k, 0)).toBeLessThan(level);
    expect(mcnemarExact(k - 1, 0)).toBeGreaterThanOrEqual(level);
  });
});

describe('a significance asked of a drop, under --repeat', () => {
  // The success rate counts attempts, the paired test cases: the rate can fall while the cases that moved went up.
  const attempts = (caseId: string, passes: number) =>
    [1, 2, 3].map((attempt) => result({ case_id: caseId, attempt, status: attempt <= passes ? 'passed' : 'failed', ...(attempt <= passes ? {} : { checks: [failing('outcome', 'expected completed, got refused')] }) }));
  const ids = Array.from({ length: 12 }, (_, i) => `c${i + 1}`);
  // Every case flaky in the baseline (2 of 3 attempts); now c1–c6 pass all three and c7–c12 none: 24/36 → 18/36 attempts.
  const before = ids.flatMap((id) => attempts(id, 2));
  const now = ids.flatMap((id, i) => attempts(id, i < 6 ? 3 : 0));
  const gate = { success_rate: { max_drop_pp: 0, significance: 0.05 } };
  const verdict = decideVerdict({ metrics: computeMetrics(now, 3), gate, results: now, baselinePath: 'agentready.baseline.json', baseline: baselineOf(before), planned: 3 });

  it('does not fail it on a test significant the other way: 6 cases up and none down is no significant drop', () => {
    const [check] = verdict.checks;
    expect(check).toMatchObject({ metric: 'success_rate', pass: true, within_noise: true, significant: false, paired: { down: 0, up: 6, n: 12 } });
    expect(check!.current! - check!.baseline!).toBeCloseTo(-1 / 6, 6);
    expect(check!.explanation).toContain('past max_drop_pp 0 but not significant at 0.05 as a drop');
    expect(check!.explanation).toContain('(0 down, 6 up of 12 paired; significant at 0.05 the other way: the cases that moved went up)');
    expect(verdict.pass).toBe(true);
  });

  it('still fails a drop whose cases moved down significantly', () => {
    const worse = ids.flatMap((id, i) => attempts(id, i < 6 ? 0 : 3));
    const base = ids.flatMap((id) => attempts(id, 3));
    const failed = decideVerdict({ metrics: computeMetrics(worse, 3), gate, results: worse, baselinePath: 'agentready.baseline.json', baseline: baselineOf(base), planned: 3 });
    expect(failed.checks[0]).toMatchObject({ pass: false, significant: true, paired: { down: 6, up: 0 } });
    expect(failed.checks[0]!.explanation).toContain('(6 down, 0 up of 12 paired; significant at 0.05)');
  });
});
