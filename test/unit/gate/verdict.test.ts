import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { failing, many, result } from './results-builder.js';

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

describe('max_drop_pp', () => {
  it('fails a drop past the limit, with the figures in the explanation', () => {
    const v = verdict(many(20, 2), { success_rate: { max_drop_pp: 2 } }, many(20, 1));
    const [check] = v.checks;
    expect(v.pass).toBe(false);
    expect(check).toMatchObject({ metric: 'success_rate', slice: 'overall', baseline: 0.95, current: 0.9, rule: 'max_drop_pp', pass: false, p_value: 1, significant: false });
    expect(check!.delta).toBeCloseTo(-0.05, 12);
    expect(check).toMatchObject({ paired: { n: 20, down: 1, up: 0 } });
    expect(check!.explanation).toBe(
      'success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2, 95% CI [0.70, 0.97], p=1 (1 down, 0 up of 20 paired; within noise; the threshold sets no significance, so its limit alone decides)',
    );
  });

  it('passes a drop within the limit, exactly at the edge included', () => {
    expect(verdict(many(20, 1), { success_rate: { max_drop_pp: 5 } }, many(20, 0)).pass).toBe(true);
    expect(verdict(many(20, 2), { success_rate: { max_drop_pp: 5 } }, many(20, 0)).pass).toBe(false);
  });

  it('with significance, fails only when the paired test agrees', () => {
    const gate = { success_rate: { max_drop_pp: 2, significance: 0.05 } };
    const small = verdict(many(20, 2), gate, many(20, 0));
    expect(small.pass).toBe(true);
    expect(small.checks[0]!.explanation).toContain('past max_drop_pp 2 but not significant at 0.05');
    expect(small.checks[0]!.p_value).toBeCloseTo(0.5, 12);
    const large = verdict(many(40, 8), gate, many(40, 0));
    expect(large.checks[0]).toMatchObject({ pass: false, significant: true });
    expect(large.checks[0]!.p_value).toBeCloseTo(0.0078125, 12);
  });

  it('pairs only cases both runs judged', () => {
    const before = [...many(10, 0), result({ case_id: 'x', status: 'error' })];
    const now = [...many(10, 3), result({ case_id: 'x', status: 'failed' }), result({ case_id: 'new', status: 'failed' })];
    expect(verdict(now, { success_rate: { max_drop_pp: 0 } }, before).checks[0]!.p_value).toBeCloseTo(0.25, 12);
  });

  it('notes that one case is worth more than the limit in a small suite', () => {
    const v = verdict(many(20, 0), { success_rate: { max_drop_pp: 2 } }, many(20, 0));
    expect(v.notes).toContain('with 20 cases, one case is 5.0 pp: a max_drop_pp of 2 fails on any single newly failing case');
    expect(verdict(many(100, 0), { success_rate: { max_drop_pp: 2 } }, many(100, 0)).notes).toEqual([]);
  });
});

describe('max_rise_pp and max_rise_pct', () => {
  const escalated = (n: number, k: number) => many(n, 0).map((r, i) => (i < k ? { ...r, outcome: 'escalated' as const } : r));

  it('max_rise_pp fails a rise in percentage points', () => {
    expect(verdict(escalated(20, 2), { escalation_rate: { max_rise_pp: 3 } }, escalated(20, 1)).pass).toBe(false);
    expect(verdict(escalated(50, 2), { escalation_rate: { max_rise_pp: 3 } }, escalated(50, 1)).pass).toBe(true);
  });

  it('max_rise_pct is relative to the baseline', () => {
    const cost = (usd: number) => many(4, 0, { cost_usd: usd });
    const v = verdict(cost(0.0111), { cost_per_task: { max_rise_pct: 10 } }, cost(0.01));
    expect(v.checks[0]).toMatchObject({ pass: false, rule: 'max_rise_pct' });
    expect(v.checks[0]!.p_value).toBeUndefined();
    expect(v.checks[0]!.explanation).toBe('cost_per_task (overall): $0.01 → $0.0111 (+11.0%), past max_rise_pct 10; 4 cases cost more a task than in the baseline, most: support/c1 $0.01 → $0.0111, support/c2 $0.01 → $0.0111, support/c3 $0.01 → $0.0111 and 1 more');
    expect(verdict(cost(0.0109), { cost_per_task: { max_rise_pct: 10 } }, cost(0.01)).pass).toBe(true);
    expect(verdict(cost(0.005), { cost_per_task: { max_rise_pct: 0 } }, cost(0.01)).pass).toBe(true);
  });

  it('fails any rise from a baseline of 0', () => {
    expect(verdict(many(4, 0, { cost_usd: 0.0001 }), { cost_per_task: { max_rise_pct: 50 } }, many(4, 0, { cost_usd: 0 })).pass).toBe(false);
    expect(verdict(many(4, 0, { cost_usd: 0 }), { cost_per_task: { max_rise_pct: 50 } }, many(4, 0, { cost_usd: 0 })).pass).toBe(true);
  });

  it('latency thresholds compare percentiles', () => {
    const v = verdict(many(4, 0, { duration_ms: 1300 }), { p50_latency_ms: { max_rise_pct: 20 } }, many(4, 0, { duration_ms: 1000 }));
    expect(v.checks[0]!.explanation).toBe('p50_latency_ms (overall): 1000 ms → 1300 ms (+30.0%), past max_rise_pct 20; 4 cases ran slower (mean duration) than in the baseline, most: support/c1 1000 ms → 1300 ms, support/c2 1000 ms → 1300 ms, support/c3 1000 ms → 1300 ms and 1 more');
  });
});

describe('min and max', () => {
  const denied = [...many(9, 0), result({ case_id: 'c10', status: 'failed', checks: [failing('policy', 'denied')] })];

  it('apply without a baseline, and the verdict says how to create one', () => {
    const v = verdict(denied, { policy_compliance: { min: 1 }, success_rate: { max_drop_pp: 0 } });
    expect(v.has_baseline).toBe(false);
    expect(v.pass).toBe(false);
    expect(v.checks[0]).toMatchObject({ metric: 'success_rate', pass: true, rule: 'max_drop_pp', baseline: null, delta: null });
    expect(v.checks[0]!.explanation).toContain('max_drop_pp 0 not applied (no baseline value)');
    expect(v.checks[1]).toMatchObject({ metric: 'policy_compliance', pass: false, rule: 'min', current: 0.9 });
    expect(v.checks[1]!.explanation).toBe('policy_compliance (overall): 0.900, below min 1, 95% CI [0.60, 0.98]');
    expect(v.notes).toContain(
      'No baseline at agentready.baseline.json: only absolute thresholds (min, max) were applied. Create one with `agentready baseline update`.',
    );
    expect(v.diff).toEqual({ newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] });
  });

  it('max caps a metric; the first failing rule decides', () => {
    const v = verdict(many(4, 0, { duration_ms: 2000 }), { p95_latency_ms: { min: 100, max: 1500 } });
    expect(v.checks[0]).toMatchObject({ pass: false, rule: 'max' });
    expect(verdict(many(4, 0, { duration_ms: 1500 }), { p95_latency_ms: { max: 1500 } }).pass).toBe(true);
  });

  it('a failed min within noise says the rule judges the value, not that a significance it cannot take is unset', () => {
    const v = verdict(denied, { policy_compliance: { min: 1 } }, many(10, 0));
    expect(v.checks[0]).toMatchObject({ pass: false, rule: 'min', p_value: 1 });
    expect(v.checks[0]!.explanation).toBe(
      'policy_compliance (overall): 1.000 → 0.900 (−10.0 pp), below min 1, 95% CI [0.60, 0.98], p=1 (1 down, 0 up of 10 paired; within noise; min judges the value, not its move)',
    );
  });

  it('pairs policy compliance with the baseline per case', () => {
    const v = verdict(denied, { policy_compliance: { min: 0.5 } }, many(10, 0));
    expect(v.checks[0]).toMatchObject({ pass: true, p_value: 1, significant: false });
  });
});

describe('slices and missing data', () => {
  it('checks configured slices against the slice metrics', () => {
    const before = [...many(8, 0), result({ case_id: 'inj', tags: ['adversarial'] })];
    const now = [...many(8, 0), result({ case_id: 'inj', tags: ['adversarial'], status: 'failed' })];
    const v = verdict(now, { slices: { 'tag:adversarial': { success_rate: { max_drop_pp: 0 } } } }, before);
    expect(v.pass).toBe(false);
    expect(v.checks).toHaveLength(1);
    expect(v.checks[0]).toMatchObject({ slice: 'tag:adversarial', baseline: 1, current: 0, p_value: 1 });
    expect(v.diff.newly_failing.map((c) => c.key)).toEqual(['support/inj']);
  });

  it('passes a metric with no data, saying so', () => {
    const v = verdict(many(3, 0), { slices: { 'tag:none': { success_rate: { min: 0.9 } } } }, many(3, 0));
    expect(v.checks[0]).toMatchObject({ pass: true, current: null });
    expect(v.checks[0]!.explanation).toBe('success_rate (tag:none): no data in this run, min 0.9 not applied (no data)');
  });

  it('uses the default gate when none is configured', () => {
    const v = verdict(many(5, 1), {}, many(5, 0));
    expect(v.checks.map((c) => [c.metric, c.rule, c.pass])).toEqual([
      ['success_rate', 'max_drop_pp', false],
      ['policy_compliance', 'min', true],
    ]);
    expect(v.notes[0]).toMatch(/^No gate thresholds configured/);
  });

  it('with no baseline either, the default gate asks every case to pass and says how to accept failures', () => {
    const v = verdict(many(1, 1), {});
    expect(v.pass).toBe(false);
    expect(v.checks.map((c) => [c.metric, c.rule, c.pass])).toEqual([
      ['success_rate', 'min', false],
      ['policy_compliance', 'min', true],
    ]);
    expect(v.notes).toEqual([
      'No gate thresholds configured and no baseline at agentready.baseline.json: with nothing to compare with every failing case is new, so the default gate asked every case to pass (success_rate min 1.0, policy_compliance min 1.0). To accept the current failures, write the baseline: `agentready baseline update`.',
    ]);
    // Nothing judged (harness errors only): no baseline to write from, whatever the unapplied thresholds "passed".
    const errored = verdict(many(3, 0, { status: 'error' }), {});
    expect(errored.checks.every((check) => check.not_applied)).toBe(true);
    expect(errored.notes[0]).toMatch(/\. No case ended with a verdict \(harness errors or skipped cases only\): there is nothing to write a baseline from yet\.$/);
    const passing = verdict(many(3, 0), {});
    expect(passing.pass).toBe(true);
    // Nothing to accept: the baseline is for comparing later runs.
    expect(passing.notes[0]).toMatch(/\. To compare later runs with this one, write the baseline: `agentready baseline update`\.$/);
  });

  it('notes cases that changed since the baseline', () => {
    const v = verdict([result({ case_id: 'a', fingerprint: 'new' })], { success_rate: { min: 0 } }, [result({ case_id: 'a' })]);
    expect(v.notes).toContain(
      '1 case changed since the baseline (input or expectation differs): listed as changed, not as newly failing or passing, and left out of the comparison; run `agentready baseline update` once the change is intended.',
    );
    expect(v.diff.changed).toHaveLength(1);
  });
});

describe('significance and moves', () => {
  const gate = { success_rate: { max_drop_pp: 2, significance: 0.05 } };

  it('fails a significant move past the threshold and says both', () => {
    const v = verdict(many(40, 8), gate, many(40, 0));
    expect(v.checks[0]).toMatchObject({ pass: false, significant: true, paired: { n: 40, down: 8, up: 0 } });
    expect(v.checks[0]!.within_noise).toBeUndefined();
    expect(v.checks[0]!.explanation).toBe(
      'success_rate (overall): 1.000 → 0.800 (−20.0 pp), past max_drop_pp 2 and significant at 0.05, 95% CI [0.65, 0.90], p=0.0078 (8 down, 0 up of 40 paired; significant at 0.05)',
    );
  });

  it('passes a move past the threshold that is within noise, and marks it so', () => {
    const v = verdict(many(20, 2), gate, many(20, 0));
    expect(v.checks[0]).toMatchObject({ pass: true, within_noise: true, significant: false });
  });

  it('lists every rate that moved, with its paired test, threshold or not', () => {
    const escalated = many(10, 0).map((r, i) => (i < 3 ? { ...r, outcome: 'escalated' as const } : r));
    const v = verdict(escalated, { cost_per_task: { max_rise_pct: 10 } }, many(10, 0));
    expect(v.moves.map((m) => m.metric)).toEqual(['escalation_rate']);
    expect(v.moves[0]).toMatchObject({ slice: 'overall', baseline: 0, current: 0.3, paired: { n: 10, down: 0, up: 3 }, significant: false });
    expect(v.moves[0]!.p_value).toBeCloseTo(0.25, 12);
    expect(v.moves[0]!.explanation).toBe('escalation_rate (overall): 0.000 → 0.300 (+30.0 pp), 95% CI [0.11, 0.60], p=0.25 (0 down, 3 up of 10 paired; within noise)');
    expect(verdict(many(10, 0), {}, many(10, 0)).moves).toEqual([]);
    expect(verdict(many(10, 1), {}).moves).toEqual([]);
  });

  it('warns when too few cases are paired for the significance asked to ever be reached', () => {
    const v = verdict(many(5, 5), gate, many(5, 0));
    expect(v.pass).toBe(true);
    expect(v.notes).toContain(
      'success_rate (overall): significance 0.05 needs at least 6 cases moving the same way, and only 5 are paired with the baseline: this threshold cannot fail on its relative rule',
    );
    expect(verdict(many(30, 0), gate, many(30, 0)).notes).toContain(
      'success_rate (overall): with 30 paired cases, a move is significant at 0.05 only when at least 6 cases move the same way',
    );
  });

  it('notes the one-case arithmetic for other percentage-point thresholds too', () => {
    const v = verdict(many(10, 0), { escalation_rate: { max_rise_pp: 5 } }, many(10, 0));
    expect(v.notes).toContain('with 10 cases, one case is 10.0 pp: a max_rise_pp of 5 fails on a change in a single case (escalation_rate)');
  });

  it('uses attempts as the unit with repeats, cases for pass^k', () => {
    const twice = (n: number) => many(n, 0).flatMap((r) => [r, { ...r, attempt: 2 }]);
    const notes = verdict(twice(20), { success_rate: { max_drop_pp: 3 }, pass_hat_k: { max_drop_pp: 3 } }, twice(20)).notes;
    // 40 attempts: one attempt is 2.5 pp, within 3 pp, so no note for success_rate.
    expect(notes.filter((n) => n.includes('attempt'))).toEqual([]);
    expect(notes).toContain('with 20 cases, one case is 5.0 pp: a max_drop_pp of 3 fails on a change in a single case (pass_hat_k)');
  });
});

describe('repeats in the gate', () => {
  const flaky = (id: string) => [result({ case_id: id, attempt: 1 }), result({ case_id: id, attempt: 2, status: 'failed' })];
  const steady = (id: string) => [result({ case_id: id, attempt: 1 }), result({ case_id: id, attempt: 2 })];

  it('gates pass^k, and a newly flaky case is newly failing with its tally', () => {
    const v = verdict([...flaky('a'), ...steady('b')], { pass_hat_k: { max_drop_pp: 0 } }, [...steady('a'), ...steady('b')]);
    expect(v.checks[0]).toMatchObject({ metric: 'pass_hat_k', baseline: 1, current: 0.5, pass: false });
    expect(v.diff.newly_failing).toEqual([
      { key: 'support/a', suite: 'support', case_id: 'a', status: 'failed', attempts: 2, passes: 1, first_failure: 'outcome: expected outcome completed, got partial' },
    ]);
  });

  it('does not apply a relative rule against a baseline written before pass^k was measured', () => {
    const before = baselineOf(many(4));
    delete before.metrics.overall.pass_hat_k;
    const now = many(4, 1);
    const v = decideVerdict({ metrics: computeMetrics(now), gate: { pass_hat_k: { max_drop_pp: 0 } }, results: now, baselinePath: PATH, baseline: before });
    expect(v.checks[0]).toMatchObject({ pass: true, baseline: null });
    expect(v.checks[0]!.explanation).toContain('not applied (no baseline value)');
  });
});

describe('a baseline older than the suite (SPEC §7: compared only where both have them)', () => {
  it('relative thresholds compare the shared cases; min and max judge the whole run', () => {
    const before = [result({ case_id: 'a' }), result({ case_id: 'b' })];
    const now = [result({ case_id: 'a' }), result({ case_id: 'b' }), result({ case_id: 'c-new', status: 'failed' })];
    const v = verdict(now, { success_rate: { max_drop_pp: 0 } }, before);
    expect(v.diff.added.map((c) => c.case_id)).toEqual(['c-new']);
    expect(v.pass).toBe(true);
    expect(v.checks[0]).toMatchObject({ baseline: 1, current: 1, rule: 'max_drop_pp', pass: true });
    expect(v.notes.join('\n')).toContain('relative thresholds compare the 2 cases both have');
    const one = verdict([result({ case_id: 'a' }), result({ case_id: 'c-new' })], { success_rate: { max_drop_pp: 0 } }, before);
    expect(one.notes.join('\n')).toContain('relative thresholds compare the 1 case both have');
    const strict = verdict(now, { success_rate: { max_drop_pp: 0, min: 0.9 } }, before);
    expect(strict.checks[0]).toMatchObject({ rule: 'min', pass: false });
    expect(strict.checks[0]!.current).toBeCloseTo(2 / 3, 12);
  });

  it("a relative check's 95% interval is that of the shared cases it judged, as the move's is, not the whole run's", () => {
    const before = many(10, 0);
    const now = [...many(10, 1), result({ case_id: 'new-1', status: 'failed' }), result({ case_id: 'new-2', status: 'failed' })];
    const v = verdict(now, { success_rate: { max_drop_pp: 50 } }, before);
    const [check] = v.checks;
    const move = v.moves.find((m) => m.metric === 'success_rate' && m.slice === 'overall')!;
    expect(check!.current).toBeCloseTo(0.9, 12);
    expect(check!.interval).toEqual(move.interval);
    const rate = (results: CaseResult[]) => computeMetrics(results).overall.success_rate;
    expect(check!.interval).toEqual([rate(now.slice(0, 10)).low, rate(now.slice(0, 10)).high]);
    // An absolute rule judges the whole run, and shows the whole run's interval.
    const absolute = verdict(now, { success_rate: { min: 0.95 } }, before);
    expect(absolute.checks[0]!.interval).toEqual([rate(now).low, rate(now).high]);
  });
});

describe('tool_precision and tool_recall', () => {
  it('are gate metrics: a min applies to each, worded as a fraction', () => {
    const scored = (case_id: string, precision: number, recall: number) =>
      result({ case_id, checks: [{ check: 'tools', pass: true, score: { precision, recall, f1: (2 * precision * recall) / (precision + recall) } }] });
    const v = verdict([scored('a', 1, 0.5), scored('b', 1, 0.7)], { tool_recall: { min: 0.9 }, tool_precision: { min: 0.9 } });
    expect(v.checks.map((k) => [k.metric, k.pass])).toEqual([['tool_precision', true], ['tool_recall', false]]);
    expect(v.checks[1]!.explanation).toBe('tool_recall (overall): 0.600, below min 0.9');
  });
});

describe('a --no-redact run against a baseline read redacted', () => {
  const redactedKey = (r: CaseResult, id: string) => ({ ...r, case_id: id });
  it('compares a case id that holds PII in the baseline\'s redacted form: the same case, not added and removed', () => {
    const now = [result({ case_id: '4111111111111111', fingerprint: 'fp-card', status: 'failed' }), result({ case_id: 'plain' })];
    const before = baselineOf([redactedKey(result({ case_id: '4111111111111111', fingerprint: 'fp-card' }), '[card]'), result({ case_id: 'plain' })]);
    const v = decideVerdict({ metrics: computeMetrics(now), gate: { newly_failing: { max: 0 } }, results: now, baselinePath: PATH, baseline: before });
    expect(v.diff.added).toEqual([]);
    expect(v.diff.removed).toEqual([]);
    expect(v.diff.newly_failing.map((c) => c.key)).toEqual(['support/4111111111111111']);
  });

  it('leaves a redacted record two run cases share to neither (a redacted baseline cannot tell them apart)', () => {
    const now = [result({ case_id: '4111111111111111', fingerprint: 'fp-card' }), result({ case_id: '5555555555554444', fingerprint: 'fp-card' })];
    const before = baselineOf([redactedKey(result({ case_id: 'x', fingerprint: 'fp-card' }), '[card]')]);
    const v = decideVerdict({ metrics: computeMetrics(now), gate: {}, results: now, baselinePath: PATH, baseline: before });
    expect(v.diff.added.map((c) => c.key)).toEqual(['support/4111111111111111', 'support/5555555555554444']);
    expect(v.diff.removed.map((c) => c.key)).toEqual(['support/[card]']);
  });
});

describe('retries and tool_errors (SPEC §11: min and max apply to any metric)', () => {
  it('are gate metrics: a max applies to each, worded as a count', () => {
    const v = verdict([result({ case_id: 'a', retries: 2, tool_errors: 1 }), result({ case_id: 'b', retries: 1, tool_errors: 0 })], {
      retries: { max: 3 },
      tool_errors: { max: 0 },
    });
    expect(v.checks.map((k) => [k.metric, k.pass])).toEqual([['retries', true], ['tool_errors', false]]);
    expect(v.checks[1]!.explanation).toBe('tool_errors (overall): 1, above max 0');
  });
});

describe('retries, tool_errors and approval_missing against a baseline recomputed from its case records', () => {
  it('are not compared when a case was added (the records keep no such counts: no baseline value), and are when the case set is the same', () => {
    const before = [result({ case_id: 'a', retries: 2, tool_errors: 1 }), result({ case_id: 'b' })];
    const gate = { retries: { max_rise_pct: 50 }, tool_errors: { max_rise_pct: 10 }, approval_missing: { max_rise_pct: 10 } };
    // The same agent, the same figures of a and b; c is new.
    const added = verdict([...before, result({ case_id: 'c' })], gate, before);
    expect(added.pass).toBe(true);
    expect(added.checks.map((k) => [k.metric, k.explanation])).toEqual([
      ['retries', 'retries (overall): 2, max_rise_pct 50 not applied (no baseline value)'],
      ['tool_errors', 'tool_errors (overall): 1, max_rise_pct 10 not applied (no baseline value)'],
      ['approval_missing', 'approval_missing (overall): 0, max_rise_pct 10 not applied (no baseline value)'],
    ]);
    // The whole baseline's own figures are compared as before.
    const same = verdict([result({ case_id: 'a', retries: 4, tool_errors: 1 }), result({ case_id: 'b' })], gate, before);
    expect(same.checks.map((k) => [k.metric, k.pass])).toEqual([['retries', false], ['tool_errors', true], ['approval_missing', true]]);
  });
});
