import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { foldCases, sharedKeys } from '../../../src/gate/diff.js';
import { mcnemarExact } from '../../../src/gate/intervals.js';
import { minDiscordantFor, pairedTest } from '../../../src/gate/paired.js';
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
