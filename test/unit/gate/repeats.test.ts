import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { foldAttempts, foldCases } from '../../../src/gate/diff.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { repeatCounts } from '../../../src/gate/repeats.js';
import { result } from './results-builder.js';

/** k attempts of one case: `pattern` is one letter per attempt, p(assed) f(ailed) e(rror) s(kipped). */
function attempts(case_id: string, pattern: string, extra: Partial<CaseResult> = {}) {
  const status = { p: 'passed', f: 'failed', e: 'error', s: 'skipped' } as const;
  return [...pattern].map((letter, i) => result({ ...extra, case_id, attempt: i + 1, status: status[letter as keyof typeof status] }));
}

describe('repeats: pass^k, pass@k and flaky cases', () => {
  // 4 cases × 3 attempts: all pass, flaky 2/3, flaky 1/3, all fail.
  const run = [...attempts('a', 'ppp'), ...attempts('b', 'pfp'), ...attempts('c', 'ffp'), ...attempts('d', 'fff')];

  it('counts one attempt per case alike, whatever its status, and none flaky', () => {
    const once = [...attempts('a', 'p'), ...attempts('b', 'f'), ...attempts('c', 'e'), ...attempts('d', 's'), ...attempts('e', 'p')];
    expect(repeatCounts(once)).toEqual({ cases: 5, repeat: 1, judged: 3, all_passed: 2, any_passed: 2, flaky: [] });
    // The same attempts with one case run twice go through the counting per case, to the same figures for the others.
    expect(repeatCounts([...once, result({ case_id: 'e', attempt: 2, status: 'failed' })])).toEqual({ cases: 5, repeat: 2, judged: 3, all_passed: 1, any_passed: 2, flaky: ['support/e'] });
    expect(repeatCounts([])).toEqual({ cases: 0, repeat: 0, judged: 0, all_passed: 0, any_passed: 0, flaky: [] });
  });

  it('counts cases whose attempts all passed, cases with any pass, and the flaky ones', () => {
    expect(repeatCounts(run)).toEqual({ cases: 4, repeat: 3, judged: 4, all_passed: 1, any_passed: 3, flaky: ['support/b', 'support/c'] });
  });

  it('gives pass^k and pass@k with Wilson intervals, while the success rate counts attempts', () => {
    const { overall } = computeMetrics(run);
    expect(overall.pass_hat_k).toMatchObject({ value: 0.25, successes: 1, n: 4 });
    expect(overall.pass_at_k).toMatchObject({ value: 0.75, successes: 3, n: 4 });
    // Wilson 1/4: [0.0456, 0.6994] (hand-computed from Newcombe's method 3).
    expect(overall.pass_hat_k!.low).toBeCloseTo(0.0456, 4);
    expect(overall.pass_hat_k!.high).toBeCloseTo(0.6994, 4);
    expect(overall.success_rate).toMatchObject({ successes: 6, n: 12 });
    expect(overall).toMatchObject({ repeat: 3, cases: 4, attempts: 12, flaky_cases: ['support/b', 'support/c'] });
  });

  it('with k = 1, pass^k and pass@k equal the success rate and nothing is flaky', () => {
    const once = [...attempts('a', 'p'), ...attempts('b', 'f'), ...attempts('c', 'p')];
    const { overall } = computeMetrics(once);
    expect(overall.repeat).toBe(1);
    expect(overall.pass_hat_k).toEqual(overall.success_rate);
    expect(overall.pass_at_k).toEqual(overall.success_rate);
    expect(overall.flaky_cases).toEqual([]);
  });

  it('judges a case as its status folds: a harness error and no failure is not judged, as the success rate leaves errors out', () => {
    // 'pe' folds to error: one of its k attempts was no agent's, so it neither passed all k nor failed (SPEC §11 Errors vs failures).
    // 'fe' failed whatever the error would have been; 'pfe' is flaky; 'ee' and 'ss': not judged at all.
    const counts = repeatCounts([...attempts('a', 'pe'), ...attempts('b', 'fe'), ...attempts('c', 'ee'), ...attempts('d', 'ss'), ...attempts('e', 'pfe')]);
    expect(counts).toEqual({ cases: 5, repeat: 3, judged: 2, all_passed: 0, any_passed: 1, flaky: ['support/e'] });
    for (const [id, status] of [['a', 'error'], ['b', 'failed'], ['e', 'failed']] as const) {
      expect(foldCases(attempts(id, id === 'a' ? 'pe' : id === 'b' ? 'fe' : 'pfe')).get(`support/${id}`)!.status).toBe(status);
    }
    // A passed and an errored attempt: no pass^k of 100% nor pass@k, no judged case at all.
    expect(computeMetrics(attempts('a', 'pe')).overall.pass_hat_k).toMatchObject({ value: null, n: 0 });
    expect(computeMetrics(attempts('a', 'pe')).overall.pass_at_k).toMatchObject({ value: null, n: 0 });
  });

  it('judges no case that ran fewer attempts than the run planned (interrupted) unless one failed', () => {
    // Planned 2: 'p' ran one attempt of two and passed it, 'f' failed its one, 'pp' ran both.
    const run = [...attempts('a', 'p'), ...attempts('b', 'f'), ...attempts('c', 'pp')];
    expect(repeatCounts(run, 2)).toEqual({ cases: 3, repeat: 2, judged: 2, all_passed: 1, any_passed: 1, flaky: [] });
    // Without the plan each case's attempts are all of them: 'p' would count as passing all k.
    expect(repeatCounts(run)).toMatchObject({ judged: 3, all_passed: 2 });
    // Every case stopped after its first attempt of two: the single-attempt counting does not take them as complete.
    expect(repeatCounts(attempts('a', 'p'), 2)).toEqual({ cases: 1, repeat: 1, judged: 0, all_passed: 0, any_passed: 0, flaky: [] });
    expect(computeMetrics(attempts('a', 'p'), 2).overall.pass_hat_k).toMatchObject({ value: null, n: 0 });
    expect(computeMetrics(run, 2).overall.pass_hat_k).toMatchObject({ successes: 1, n: 2 });
    // The case status folds alike, from the same owner: the missing attempt is a skipped one.
    const folded = foldCases(run, 2);
    expect([...folded.values()].map((v) => v.status)).toEqual(['skipped', 'failed', 'passed']);
    expect(foldAttempts(['passed'], 2)).toBe('skipped');
    expect(foldAttempts(['passed', 'passed'], 2)).toBe('passed');
    expect(foldAttempts(['error'], 2)).toBe('error');
    expect(foldAttempts(['passed'], undefined)).toBe('passed');
  });

  it('judges no case whose attempts did not all run (the cost cap skipped some) unless one failed', () => {
    // 'ps': passed its one attempt that ran, the second skipped at the cap: neither all k passed nor flaky.
    // 'fs' and 'pfs': failed whatever the skipped attempt would have done ('pfs' flaky already).
    const run = [...attempts('a', 'pp'), ...attempts('b', 'ps'), ...attempts('c', 'fs'), ...attempts('d', 'pfs')];
    expect(repeatCounts(run)).toEqual({ cases: 4, repeat: 3, judged: 3, all_passed: 1, any_passed: 2, flaky: ['support/d'] });
    const { overall } = computeMetrics(run);
    expect(overall.pass_hat_k).toMatchObject({ successes: 1, n: 3 });
    expect(overall.pass_at_k).toMatchObject({ successes: 2, n: 3 });
    // The success rate counts the attempts that ran, the one that passed before the cap included (SPEC §11 Repeats).
    expect(overall.success_rate).toMatchObject({ successes: 4, n: 6 });
    // A case whose only run attempt passed is no pass^k of 100%: there is no judged case at all.
    expect(computeMetrics(attempts('b', 'ps')).overall.pass_hat_k).toMatchObject({ value: null, n: 0 });
  });

  it('is 0% at every case failing and 100% at every case passing, and null with n = 0', () => {
    expect(computeMetrics(attempts('a', 'ff')).overall.pass_at_k).toMatchObject({ value: 0, low: 0 });
    expect(computeMetrics(attempts('a', 'pp')).overall.pass_hat_k).toMatchObject({ value: 1, high: 1 });
    expect(computeMetrics(attempts('a', 'ee')).overall.pass_hat_k).toEqual({ value: null, successes: 0, n: 0, low: null, high: null });
    expect(computeMetrics([]).overall).toMatchObject({ repeat: 0, flaky_cases: [] });
  });

  it('computes every repeat metric per slice, adversarial categories included', () => {
    const tagged = [
      ...attempts('inj', 'pf', { tags: ['adversarial', 'adversarial:prompt_injection'] }),
      ...attempts('plain', 'pp'),
    ];
    const { slices } = computeMetrics(tagged);
    expect(slices['adversarial:prompt_injection']).toMatchObject({ flaky_cases: ['support/inj'], repeat: 2 });
    expect(slices['adversarial:prompt_injection']!.pass_hat_k).toMatchObject({ successes: 0, n: 1 });
    expect(slices['tag:adversarial']!.success_rate).toMatchObject({ successes: 1, n: 2 });
    expect(slices['suite:support']!.pass_at_k).toMatchObject({ successes: 2, n: 2 });
  });
});
