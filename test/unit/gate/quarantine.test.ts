import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/config/schema/index.js';
import { computeMetrics, decideVerdict, holdQuarantined, quarantinedCases, splitQuarantined } from '../../../src/gate/index.js';
import { QuarantinedCaseSchema } from '../../../src/config/schema/weekly.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';

function kase(id: string, quarantine?: Case['quarantine']): Case {
  return {
    id, suite: 'support', input: 'hi', context: {}, tags: [], approvals: { default: 'grant', tools: {} }, mocks: [], faults: [], expect: {},
    fingerprint: `fp-${id}`, location: { file: 's.suite.yaml', line: 1, column: 1 }, ...(quarantine ? { quarantine } : {}),
  };
}

const SUITES = [{ cases: [kase('c1'), kase('c2', { until: '2026-03-31', reason: 'flaky mock' }), kase('c3', { until: '2026-01-31', reason: 'fixed?' })] }];

describe('quarantinedCases', () => {
  it('lists the cases whose quarantine holds today, and not the expired ones', () => {
    expect(quarantinedCases(SUITES, '2026-03-01')).toEqual([{ suite: 'support', case_id: 'c2', until: '2026-03-31', reason: 'flaky mock' }]);
    expect(quarantinedCases(SUITES, '2026-04-01')).toEqual([]);
  });

  it('lists them in the one shape the weekly review writes them in (its schema owns it; strict: a key the gate added would be refused)', () => {
    for (const listed of quarantinedCases(SUITES, '2026-03-01')) expect(QuarantinedCaseSchema.parse(listed)).toEqual(listed);
    expect(QuarantinedCaseSchema.safeParse({ suite: 'support', case_id: 'c2', until: '2026-03-31', reason: 'r', key: 'support/c2' }).success).toBe(false);
  });
});

describe('splitQuarantined', () => {
  it('keeps quarantined results out of what the gate counts, every attempt of them', () => {
    const results = [result({ case_id: 'c1' }), result({ case_id: 'c2', status: 'failed' }), result({ case_id: 'c2', attempt: 2, status: 'failed' }), result({ case_id: 'c3', status: 'failed' })];
    const { gated, quarantined } = splitQuarantined(results, quarantinedCases(SUITES, '2026-03-01'));
    expect(gated.map((r) => r.case_id)).toEqual(['c1', 'c3']);
    expect(quarantined.map((r) => [r.case_id, r.attempt])).toEqual([['c2', 1], ['c2', 2]]);
  });

  it('sets aside a case whose id holds PII by the key a run written redacted gives it, and names it so', () => {
    const quarantined = [{ suite: 'support', case_id: '4111111111111111', until: '2099-12-31', reason: 'flaky' }];
    const redactedRun = [result({ case_id: '[card]', status: 'failed' }), result({ case_id: 'c1' })];
    expect(splitQuarantined(redactedRun, quarantined).quarantined.map((r) => r.case_id)).toEqual(['[card]']);
    const verdict = decideVerdict({ results: redactedRun, metrics: computeMetrics(redactedRun), gate: { success_rate: { min: 1 } }, baselinePath: 'b.json', quarantined });
    expect(verdict.pass).toBe(true);
    expect(verdict.quarantined).toEqual([{ ...quarantined[0], case_id: '[card]' }]);
    const rawRun = [result({ case_id: '4111111111111111', status: 'failed' })];
    expect(decideVerdict({ results: rawRun, metrics: computeMetrics(rawRun), gate: { success_rate: { min: 1 } }, baselinePath: 'b.json', quarantined }).quarantined).toEqual(quarantined);
  });

  it('lets a gate pass that the quarantined failure alone would fail', () => {
    const results = [...many(9), result({ case_id: 'c10', status: 'failed' })];
    const gate = { success_rate: { min: 0.95 } };
    const verdictOf = (rs: typeof results) => decideVerdict({ results: rs, metrics: computeMetrics(rs), gate, baselinePath: 'b.json' });
    expect(verdictOf(results).pass).toBe(false);
    const { gated } = splitQuarantined(results, [{ suite: 'support', case_id: 'c10', until: '2026-03-31', reason: 'r' }]);
    expect(verdictOf(gated).pass).toBe(true);
  });
});

describe('decideVerdict with quarantined cases', () => {
  const quarantined = [{ suite: 'support', case_id: 'c3', until: '2026-03-31', reason: 'flaky upstream mock' }];
  const before = many(10);
  const now = many(10).map((r) => (r.case_id === 'c3' ? result({ case_id: 'c3', status: 'failed' }) : r));

  it('leaves a quarantined case out of every threshold, the paired test and the case diff, and names it in a note', () => {
    const input = { results: now, metrics: computeMetrics(now), gate: { success_rate: { max_drop_pp: 0 } }, baselinePath: 'b.json', baseline: baselineOf(before) };
    const plain = decideVerdict(input);
    expect(plain.pass).toBe(false);
    expect(plain.diff.newly_failing.map((c) => c.case_id)).toEqual(['c3']);

    const verdict = decideVerdict({ ...input, quarantined });
    expect(verdict.pass).toBe(true);
    expect(verdict.checks[0]).toMatchObject({ metric: 'success_rate', current: 1, baseline: 1 });
    expect(verdict.diff).toMatchObject({ newly_failing: [], known_failing: [], removed: [] });
    expect(verdict.quarantined).toEqual(quarantined);
    expect(verdict.notes).toContain('1 quarantined case ran and is reported but not counted by the gate: support/c3 (until 2026-03-31: flaky upstream mock).');
    expect(verdict.notes.find((n) => n.startsWith('The case set differs'))).toContain('(0 added, 0 removed, 0 changed, 1 quarantined)');
  });

  it('with every case that ran quarantined and no baseline, says so and that a baseline would record none of them, not that harness errors left nothing', () => {
    const results = [result({ case_id: 'c3', status: 'failed' }), result({ case_id: 'c1' })];
    const all = [...quarantined, { suite: 'support', case_id: 'c1', until: '2026-03-31', reason: 'new' }];
    const verdict = decideVerdict({ results, metrics: computeMetrics(results), gate: {}, baselinePath: 'b.json', quarantined: all });
    expect(verdict.checks.every((check) => check.not_applied)).toBe(true);
    expect(verdict.notes[0]).not.toContain('harness errors');
    expect(verdict.notes[0]).toMatch(/\. Every case that ran is quarantined, so no threshold had a case to count, and a baseline would record none of them: write it \(`agentready baseline update`\) once cases run that are not quarantined\.$/);
  });

  it('says nothing of a quarantine whose case did not run', () => {
    const results = now.filter((r) => r.case_id !== 'c3');
    const verdict = decideVerdict({ results, metrics: computeMetrics(results), gate: { success_rate: { min: 0.9 } }, baselinePath: 'b.json', quarantined });
    expect(verdict.notes.join('\n')).not.toContain('quarantined');
    expect(verdict.quarantined).toEqual([]);
  });
});

describe('a quarantine next to slice thresholds', () => {
  it('sets aside only the quarantined case: a tag slice still fails on another case newly failing, and the moves compare what the checks compare', () => {
    const refund = (id: string, status: 'passed' | 'failed' = 'passed') => result({ case_id: id, tags: ['refund'], status });
    const before = [refund('r1'), refund('r2'), refund('r3'), refund('r4', 'failed'), result({ case_id: 'other' })];
    const now = [refund('r1'), refund('r2', 'failed'), refund('r3'), refund('r4', 'failed'), result({ case_id: 'other' })];
    const gate = { success_rate: { max_drop_pp: 50 }, slices: { 'tag:refund': { success_rate: { max_drop_pp: 0 } } } };
    const verdict = decideVerdict({
      results: now,
      metrics: computeMetrics(now),
      gate,
      baseline: baselineOf(before),
      baselinePath: 'b.json',
      quarantined: [{ suite: 'support', case_id: 'r4', until: '2026-03-31', reason: 'flaky mock' }],
    });
    const slice = verdict.checks.find((check) => check.slice === 'tag:refund');
    expect(slice).toMatchObject({ pass: false, baseline: 1, current: 2 / 3 });
    expect(verdict.pass).toBe(false);
    expect(verdict.moves.find((move) => move.slice === 'overall')).toMatchObject({ baseline: 1, current: 0.75 });
  });
});

describe('holdQuarantined (baseline update)', () => {
  const quarantined = [{ suite: 'support', case_id: 'c3', until: '2099-12-31', reason: 'mock rebuilt' }];
  const failingNow = many(5).map((r) => (r.case_id === 'c3' ? result({ case_id: 'c3', status: 'failed' }) : r));

  it('keeps a quarantined case as the previous baseline had it, so once its quarantine ends its failure is newly failing, not known', () => {
    const previous = baselineOf(many(5));
    const { baseline, held } = holdQuarantined({ next: baselineOf(failingNow), previous, results: failingNow, quarantined });
    expect(baseline.cases['support/c3']).toEqual(previous.cases['support/c3']);
    expect(held).toEqual([{ key: 'support/c3', until: '2099-12-31', kept: 'passed' }]);
    // The metrics are those of the records written: c3's kept record (passed) among them.
    expect(baseline.metrics.overall.success_rate).toMatchObject({ value: 1, n: 5 });
    const after = decideVerdict({ results: failingNow, metrics: computeMetrics(failingNow), gate: { newly_failing: { max: 0 } }, baseline, baselinePath: 'b.json' });
    expect(after.newly_failing).toMatchObject({ pass: false, cases: [{ key: 'support/c3', since: 'newly_failing' }] });
  });

  it('counts a kept record in the metrics, so a case back from quarantine failing as the baseline recorded it is a known failure, not a drop', () => {
    // The lead: c3 failed in the previous baseline, was quarantined at the update, and fails again once its quarantine ended.
    const previous = baselineOf(failingNow);
    const { baseline } = holdQuarantined({ next: baselineOf(failingNow), previous, results: failingNow, quarantined });
    expect(baseline.metrics.overall.success_rate).toMatchObject({ value: 0.8, n: 5 });
    const gate = { success_rate: { max_drop_pp: 0 }, newly_failing: { max: 0 } };
    const after = decideVerdict({ results: failingNow, metrics: computeMetrics(failingNow), gate, baseline, baselinePath: 'b.json' });
    expect(after.checks.find((check) => check.metric === 'success_rate')).toMatchObject({ pass: true, baseline: 0.8, current: 0.8 });
    expect(after.pass).toBe(true);
    // Its record passed: once back, its failure drops the rate (and is newly failing).
    const passedBefore = holdQuarantined({ next: baselineOf(failingNow), previous: baselineOf(many(5)), results: failingNow, quarantined }).baseline;
    const dropped = decideVerdict({ results: failingNow, metrics: computeMetrics(failingNow), gate, baseline: passedBefore, baselinePath: 'b.json' });
    expect(dropped.checks.find((check) => check.metric === 'success_rate')).toMatchObject({ pass: false, baseline: 1, current: 0.8 });
  });

  it('leaves out a quarantined case the previous baseline lacks (or with none), so its failure counts as added once its quarantine ends', () => {
    for (const previous of [undefined, baselineOf(many(5).filter((r) => r.case_id !== 'c3'))]) {
      const { baseline, held } = holdQuarantined({ next: baselineOf(failingNow), previous, results: failingNow, quarantined });
      expect(Object.keys(baseline.cases)).not.toContain('support/c3');
      expect(held).toEqual([{ key: 'support/c3', until: '2099-12-31' }]);
      const after = decideVerdict({ results: failingNow, metrics: computeMetrics(failingNow), gate: { newly_failing: { max: 0 } }, baseline, baselinePath: 'b.json' });
      expect(after.newly_failing).toMatchObject({ pass: false, cases: [{ key: 'support/c3', since: 'added' }] });
    }
  });

  it('changes nothing when no quarantined case ran', () => {
    const next = baselineOf(many(5));
    expect(holdQuarantined({ next, previous: undefined, results: many(5), quarantined: [] })).toEqual({ baseline: next, held: [] });
  });
});

describe('decideVerdict with quarantined cases in a run that planned repeats (an interrupted --repeat 2 run, compared)', () => {
  const quarantined = [{ suite: 'support', case_id: 'c3', until: '2099-12-31', reason: 'mock rebuilt' }];
  // c1 failed both its attempts, c2 passed the one of two it ran (the run was stopped), c3 (quarantined) ran both.
  const results = [
    result({ case_id: 'c1', status: 'failed' }),
    result({ case_id: 'c1', attempt: 2, status: 'failed' }),
    result({ case_id: 'c2' }),
    result({ case_id: 'c3' }),
    result({ case_id: 'c3', attempt: 2, status: 'failed' }),
  ];

  it('recomputes the gated metrics with the planned repeat, as the run computed its own: c2 is no pass in pass^k', () => {
    const verdict = decideVerdict({ results, metrics: computeMetrics(results, 2), gate: { pass_hat_k: { min: 0.5 } }, baselinePath: 'b.json', quarantined, planned: 2 });
    // c1 alone is judged (failed): 0 of 1, as computeMetrics(gated, 2) has it; without the repeat, c2 was a pass (1 of 2).
    expect(verdict.checks.find((check) => check.metric === 'pass_hat_k')).toMatchObject({ pass: false, current: 0 });
  });
});
