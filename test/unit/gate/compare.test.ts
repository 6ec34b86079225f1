import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/gate/compare.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';

describe('compareRuns', () => {
  const a = many(12, 0);
  const b = [...many(12, 7), result({ case_id: 'only-b' })];

  it('judges B with run A as the baseline, exactly as eval judges a run against its baseline', () => {
    const gate = { success_rate: { max_drop_pp: 2, significance: 0.05 } };
    const { verdict } = compareRuns({ before: { results: a, fingerprint: 'suites-fp' }, after: b, gate, label: 'run A' });
    const viaEval = decideVerdict({ metrics: computeMetrics(b), baseline: baselineOf(a), gate, results: b, baselinePath: 'run A' });
    expect(verdict).toEqual(viaEval);
    expect(verdict.pass).toBe(false);
    expect(verdict.checks[0]).toMatchObject({ paired: { n: 12, down: 7, up: 0 }, significant: true });
    expect(verdict.diff.added.map((c) => c.key)).toEqual(['support/only-b']);
  });

  it('sets aside the config\'s quarantined cases, as eval\'s gate does: one that passed in A and fails in B is not newly failing', () => {
    const before = [result({ case_id: 'q' }), result({ case_id: 'x' })];
    const after = [result({ case_id: 'q', status: 'failed' }), result({ case_id: 'x' })];
    const quarantined = [{ suite: 'support', case_id: 'q', until: '2999-01-01', reason: 'upstream bug' }];
    expect(compareRuns({ before: { results: before, fingerprint: 'f' }, after, gate: {}, label: 'run A' }).verdict.pass).toBe(false);
    const { verdict } = compareRuns({ before: { results: before, fingerprint: 'f' }, after, gate: {}, label: 'run A', quarantined });
    expect(verdict.pass).toBe(true);
    expect(verdict.quarantined.map((q) => q.case_id)).toEqual(['q']);
    const viaEval = decideVerdict({ metrics: computeMetrics(after), baseline: baselineOf(before), gate: {}, results: after, baselinePath: 'run A', baselineIsRun: true, quarantined });
    expect(verdict).toEqual(viaEval);
  });

  it('leaves the production traces of run A (score --unlabeled) out of the case diff, as those of run B: two shadow runs of one traces file remove nothing', () => {
    const production = (case_id: string, status: 'passed' | 'failed') => result({ case_id, suite: 'production', fingerprint: 'production', tags: ['production'], status });
    const shadowA = [result({ case_id: 'labeled' }), production('t1', 'failed'), production('t2', 'passed')];
    const shadowB = [result({ case_id: 'labeled' }), production('t1', 'failed'), production('t2', 'passed')];
    const { verdict, rows } = compareRuns({ before: { results: shadowA, fingerprint: 'f' }, after: shadowB, gate: {}, label: 'run A' });
    expect(verdict.diff.removed).toEqual([]);
    expect(verdict.diff.added).toEqual([]);
    // The figures side by side still count them, as each run did.
    expect(rows.find((r) => r.metric === 'success_rate' && r.slice === 'overall')!.before).toMatchObject({ successes: 2, n: 3 });
    // An eval run B, with no production traces, has not removed run A's.
    expect(compareRuns({ before: { results: shadowA, fingerprint: 'f' }, after: [result({ case_id: 'labeled' })], gate: {}, label: 'run A' }).verdict.diff.removed).toEqual([]);
  });

  it('says a case changed since run A without advising `baseline update`, which would not change run A', () => {
    const before = [result({ case_id: 'x' })];
    const after = [result({ case_id: 'x', fingerprint: 'edited' })];
    const { verdict } = compareRuns({ before: { results: before, fingerprint: 'f' }, after, gate: {}, label: 'run A' });
    const changed = verdict.notes.find((note) => note.startsWith('1 case changed since the baseline'));
    expect(changed).toMatch(/left out of the comparison of rates \(one that fails counts against newly_failing max 0\)\.$/);
    const viaEval = decideVerdict({ metrics: computeMetrics(after), baseline: baselineOf(before), gate: {}, results: after, baselinePath: 'agentready.baseline.json' });
    expect(viaEval.notes.find((note) => note.startsWith('1 case changed'))).toContain('run `agentready baseline update` once the change is intended');
  });

  it('lays the figures side by side, with the paired test on rates, and success per slice', () => {
    const { rows } = compareRuns({ before: { results: a, fingerprint: 'x' }, after: b, gate: {}, label: 'A' });
    const success = rows.find((r) => r.metric === 'success_rate' && r.slice === 'overall')!;
    expect(success.before).toMatchObject({ successes: 12, n: 12 });
    expect(success.after).toMatchObject({ successes: 6, n: 13 });
    expect(success.paired).toMatchObject({ n: 12, down: 7, up: 0 });
    expect(rows.find((r) => r.metric === 'cost_total')!.paired).toBeUndefined();
    expect(rows.some((r) => r.metric === 'pass_hat_k')).toBe(false); // no repeats in either run
    expect(rows.filter((r) => r.slice !== 'overall').map((r) => r.slice)).toEqual(['suite:support']);
  });
});
