/**
 * Errors are not failures (pairing and the diff), and a re-baselined case keeps old figures
 * only when it is the same case judged the same way.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult, CheckResult } from '../../../src/config/schema/results.js';
import { diffCases, foldCases, sharedKeys } from '../../../src/gate/diff.js';
import { pairedTest } from '../../../src/gate/paired.js';
import { keepSteadyFigures } from '../../../src/gate/steady.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

function paired(metric: Parameters<typeof pairedTest>[0]['metric'], now: CaseResult[], before: CaseResult[]) {
  const baseline = baselineOf(before);
  const current = foldCases(now);
  return pairedTest({ metric, slice: 'overall', current, baseline, shared: sharedKeys(current, baseline) });
}

const METRICS = ['success_rate', 'pass_hat_k', 'pass_at_k', 'escalation_rate', 'policy_compliance', 'budget_compliance'] as const;

describe('pairing: a case erroring in the current run is left out, never "down"', () => {
  it.each(METRICS)('%s', (metric) => {
    const before = [result({ case_id: 'a', outcome: 'escalated' }), result({ case_id: 'b' })];
    const now = [result({ case_id: 'a', status: 'error' }), result({ case_id: 'b' })];
    expect(paired(metric, now, before)).toEqual({ n: 1, down: 0, up: 0, p: 1 });
  });

  it.each(METRICS)('%s, with repeats: passed then error folds to error and is left out', (metric) => {
    const before = [result({ case_id: 'a', attempt: 1, status: 'failed', checks: [failing('policy', 'x'), failing('budget', 'y')] }), result({ case_id: 'b' })];
    const now = [
      result({ case_id: 'a', attempt: 1, outcome: 'escalated' }),
      result({ case_id: 'a', attempt: 2, status: 'error' }),
      result({ case_id: 'b' }),
    ];
    expect(foldCases(now).get('support/a')?.status).toBe('error');
    expect(paired(metric, now, before)).toEqual({ n: 1, down: 0, up: 0, p: 1 });
  });

  it('a case that failed one attempt and errored another is a failure', () => {
    const now = [result({ case_id: 'a', attempt: 1, status: 'failed' }), result({ case_id: 'a', attempt: 2, status: 'error' })];
    expect(paired('success_rate', now, [result({ case_id: 'a' })])).toMatchObject({ n: 1, down: 1 });
  });

  it('pass@k and compliance judge only the attempts that ran', () => {
    const before = [result({ case_id: 'a', status: 'failed', checks: [failing('policy', 'denied')] })];
    const now = [
      result({ case_id: 'a', attempt: 1, status: 'failed', checks: [failing('outcome', 'x')] }),
      result({ case_id: 'a', attempt: 2, status: 'error', checks: [failing('policy', 'never judged')] }),
      result({ case_id: 'a', attempt: 3, status: 'skipped', outcome: 'escalated' }),
    ];
    expect(paired('pass_at_k', now, before)).toMatchObject({ n: 1, down: 0, up: 0 });
    expect(paired('policy_compliance', now, before)).toMatchObject({ n: 1, down: 0, up: 1 });
    expect(paired('escalation_rate', now, before)).toMatchObject({ n: 1, down: 0, up: 0 });
  });

  it('reads a baseline case\'s escalation from its count, or from its outcome when it has none', () => {
    const before = baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' })]);
    before.cases['support/a'] = { ...before.cases['support/a']!, escalations: 2 };
    before.cases['support/b'] = { ...before.cases['support/b']!, outcome: 'escalated' };
    const current = foldCases([result({ case_id: 'a' }), result({ case_id: 'b' })]);
    expect(pairedTest({ metric: 'escalation_rate', slice: 'overall', current, baseline: before, shared: sharedKeys(current, before) })).toMatchObject({
      n: 2,
      down: 2,
      up: 0,
    });
  });

  it('skips a shared key the baseline or the run does not hold', () => {
    const baseline = baselineOf([result({ case_id: 'a' })]);
    const current = foldCases([result({ case_id: 'a', status: 'failed' })]);
    expect(pairedTest({ metric: 'success_rate', slice: 'overall', current, baseline, shared: new Set(['support/a', 'support/ghost']) })).toMatchObject({
      n: 1,
      down: 1,
    });
  });
});

describe('diffCases: errors and changes', () => {
  it('lists an erroring case neither as newly failing nor as newly passing', () => {
    const diff = diffCases(foldCases([result({ case_id: 'a', status: 'error' }), result({ case_id: 'b', status: 'passed' })]), baselineOf([
      result({ case_id: 'a' }),
      result({ case_id: 'b', status: 'error' }),
    ]));
    expect(diff).toEqual({ newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] });
  });

  it('describes a newly failing case with repeats: attempts that ran, passes, first failure', () => {
    const now = [
      result({ case_id: 'a', attempt: 2, status: 'failed', checks: [{ check: 'custom', name: 'tone.js', pass: false, reason: 'curt', expected: 'pass', found: null }] }),
      result({ case_id: 'a', attempt: 1 }),
      result({ case_id: 'a', attempt: 3, status: 'error' }),
    ];
    expect(diffCases(foldCases(now), baselineOf([result({ case_id: 'a' })])).newly_failing).toEqual([
      { key: 'support/a', suite: 'support', case_id: 'a', status: 'failed', attempts: 2, passes: 1, first_failure: 'custom tone.js: curt' },
    ]);
  });

  it('names a built-in check\'s failure by its name alone, which says its kind: `turn 2: outcome`, not `outcome turn 2: outcome`', () => {
    const firstFailureOf = (check: CheckResult) => diffCases(foldCases([result({ case_id: 'a', status: 'failed', checks: [check] })]), baselineOf([result({ case_id: 'a' })])).newly_failing[0]!.first_failure;
    expect(firstFailureOf({ check: 'outcome', name: 'turn 2: outcome', pass: false, reason: 'expected outcome completed, got clarified', expected: 'completed', found: 'clarified' }))
      .toBe('turn 2: outcome: expected outcome completed, got clarified');
    expect(firstFailureOf({ check: 'state', name: 'state unchanged', pass: false, reason: 'the state changed at orders.1.status', expected: true, found: [] }))
      .toBe('state unchanged: the state changed at orders.1.status');
    expect(firstFailureOf({ check: 'policy', name: 'kill switch: no write ran', pass: false, reason: 'cancel_order ran', expected: 'no write', found: 'cancel_order' }))
      .toBe('kill switch: no write ran: cancel_order ran');
  });

  it('sorts each list by key and splits a removed key at its first slash', () => {
    const diff = diffCases(foldCases([result({ case_id: 'b' }), result({ case_id: 'a' })]), baselineOf([result({ case_id: 'x/y' }), result({ case_id: 'c' })]));
    expect(diff.added.map((c) => c.key)).toEqual(['support/a', 'support/b']);
    expect(diff.removed).toEqual([
      { key: 'support/c', suite: 'support', case_id: 'c' },
      { key: 'support/x/y', suite: 'support', case_id: 'x/y' },
    ]);
  });
});

describe('keepSteadyFigures: only the same case judged the same way keeps its old figures', () => {
  const before = baselineOf([result({ case_id: 'a', duration_ms: 1000, cost_usd: 0.01 })]);
  const rerun = (over: Partial<CaseResult>) => baselineOf([result({ case_id: 'a', duration_ms: 1050, cost_usd: 0.0101, ...over })]);

  it('keeps them when fingerprint, status and outcome are unchanged', () => {
    expect(keepSteadyFigures({ next: rerun({}), previous: before }).baseline.cases['support/a']).toMatchObject({ duration_ms: 1000, cost_usd: 0.01 });
  });

  it.each([
    ['the fingerprint changed', { fingerprint: 'fp-a-v2' }],
    ['the status changed', { status: 'failed' as const }],
    ['the outcome changed', { outcome: 'escalated' as const }],
  ])('writes the new ones when %s', (_why, over) => {
    const { baseline, kept } = keepSteadyFigures({ next: rerun(over), previous: before });
    expect(baseline.cases['support/a']).toMatchObject({ duration_ms: 1050, cost_usd: 0.0101 });
    // The run's timing and cost metrics may still be kept; the case's two figures are not.
    expect(kept).toBe(keepSteadyFigures({ next: rerun({}), previous: before }).kept - 2);
  });

  it('writes a new case\'s figures as measured', () => {
    const next = baselineOf([result({ case_id: 'b', duration_ms: 1050 })]);
    expect(keepSteadyFigures({ next: next, previous: before }).baseline.cases['support/b']).toMatchObject({ duration_ms: 1050 });
  });
});
