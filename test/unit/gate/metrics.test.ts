import { describe, expect, it } from 'vitest';
import { GATE_METRIC_UNITS, GATE_METRICS } from '../../../src/config/schema/gate.js';
import { computeMetrics, groupBySlice } from '../../../src/gate/metrics.js';
import { failing, result } from './results-builder.js';

describe('computeMetrics', () => {
  const results = [
    result({ case_id: 'a', tags: ['refund'], risk: 'high', duration_ms: 100, cost_usd: 0.02, checks: [{ check: 'tools', pass: true, score: { precision: 1, recall: 1, f1: 1 } }] }),
    result({ case_id: 'b', tags: ['refund', 'adversarial'], status: 'failed', outcome: 'escalated', duration_ms: 300, cost_usd: 0.04, retries: 2, tool_errors: 3, policy_violations: 1,
      checks: [failing('policy', 'denied'), failing('budget', 'over'), { check: 'tools', pass: true, score: { precision: 0.5, recall: 1, f1: 2 / 3 } }] }),
    result({ case_id: 'c', status: 'error', duration_ms: 5, cost_usd: 0.001 }),
    result({ case_id: 'd', status: 'skipped', duration_ms: 0, cost_usd: 0 }),
    result({ case_id: 'e', suite: 'billing', duration_ms: 200, cost_usd: 0 }),
  ];
  const { overall, slices } = computeMetrics(results);

  it('counts attempts by status and rates over the attempts that ran', () => {
    expect(overall).toMatchObject({ cases: 5, attempts: 5, passed: 2, failed: 1, errors: 1, skipped: 1 });
    expect(overall.success_rate).toMatchObject({ value: 2 / 3, successes: 2, n: 3 });
    expect(overall.escalation_rate).toMatchObject({ successes: 1, n: 3 });
    expect(overall.policy_compliance).toMatchObject({ successes: 2, n: 3 });
    expect(overall.budget_compliance).toMatchObject({ successes: 2, n: 3 });
    expect(overall.error_rate).toMatchObject({ successes: 1, n: 4 });
  });

  it('rates escalation over the attempts whose trace says how the run ended: an unknown outcome is neither', () => {
    const scored = [
      result({ case_id: 'p1', outcome: 'unknown' }),
      result({ case_id: 'p2', outcome: 'unknown', status: 'failed' }),
      result({ case_id: 'p3', outcome: 'escalated' }),
      result({ case_id: 'p4' }),
    ];
    expect(computeMetrics(scored).overall.escalation_rate).toMatchObject({ value: 0.5, successes: 1, n: 2 });
    expect(computeMetrics(scored.slice(0, 2)).overall.escalation_rate).toMatchObject({ value: null, successes: 0, n: 0 });
    expect(computeMetrics(scored.slice(0, 2)).overall.success_rate).toMatchObject({ successes: 1, n: 2 });
  });

  it('attaches the Wilson interval to every rate', () => {
    expect(overall.success_rate.low).toBeCloseTo(0.2077, 4);
    expect(overall.success_rate.high).toBeCloseTo(0.9385, 4);
  });

  it('averages tool scores over attempts that have one, and cost over attempts that ran', () => {
    expect(overall.tool_correctness).toBeCloseTo(5 / 6, 12);
    expect(overall.tool_precision).toBeCloseTo(0.75, 12);
    expect(overall.tool_recall).toBe(1);
    expect(overall.cost_per_task).toBeCloseTo(0.02, 12);
    expect(overall.cost_total).toBeCloseTo(0.061, 12);
  });

  it('takes latency percentiles over attempts that ran and sums counters', () => {
    expect(overall.p50_latency_ms).toBe(200);
    expect(overall.p95_latency_ms).toBeCloseTo(290, 10);
    expect(overall).toMatchObject({ retries: 2, tool_errors: 3, policy_denials: 1 });
  });

  it('slices by suite, tag and risk', () => {
    expect(Object.keys(slices)).toEqual(['risk:high', 'suite:billing', 'suite:support', 'tag:adversarial', 'tag:refund']);
    expect(slices['tag:refund']!.success_rate).toMatchObject({ successes: 1, n: 2 });
    expect(slices['suite:billing']!.cases).toBe(1);
  });

  it('gives nulls, not zeros, when nothing ran', () => {
    const empty = computeMetrics([]).overall;
    expect(empty.success_rate).toEqual({ value: null, successes: 0, n: 0, low: null, high: null });
    expect(empty.tool_correctness).toBeNull();
    expect(empty.cost_per_task).toBeNull();
    expect(empty.p50_latency_ms).toBeNull();
    expect(empty.cost_total).toBe(0);
  });

  it('computes every metric of the gate registry, each of the shape its unit says', () => {
    for (const metric of GATE_METRICS) {
      const value = overall[metric];
      if (GATE_METRIC_UNITS[metric] === 'rate') expect(value, metric).toMatchObject({ successes: expect.any(Number), n: expect.any(Number) });
      else expect(typeof value, metric).toBe('number');
    }
  });

  it('counts attempts, not cases, with repeats', () => {
    const repeated = computeMetrics([
      result({ case_id: 'a', attempt: 1 }),
      result({ case_id: 'a', attempt: 2, status: 'failed' }),
      result({ case_id: 'a', attempt: 3 }),
    ]).overall;
    expect(repeated).toMatchObject({ cases: 1, attempts: 3 });
    expect(repeated.success_rate.value).toBeCloseTo(2 / 3, 12);
  });
});

describe('adversarial slices', () => {
  it('puts a variant in tag:adversarial and adversarial:<category>, not tag:adversarial:<category>', () => {
    const { slices } = computeMetrics([
      result({ case_id: 'a~prompt_injection-1', tags: ['refund', 'adversarial', 'adversarial:prompt_injection'], status: 'failed' }),
      result({ case_id: 'a~rate_limit-1', tags: ['refund', 'adversarial', 'adversarial:rate_limit'] }),
      result({ case_id: 'a', tags: ['refund'] }),
    ]);
    expect(Object.keys(slices)).toEqual(['adversarial:prompt_injection', 'adversarial:rate_limit', 'suite:support', 'tag:adversarial', 'tag:refund']);
    expect(slices['adversarial:prompt_injection']!.success_rate.value).toBe(0);
    expect(slices['tag:adversarial']!.success_rate.value).toBe(0.5);
    expect(slices['tag:refund']!.attempts).toBe(3);
  });
});

describe('groupBySlice', () => {
  const ids = (members: readonly { case_id: string }[] | undefined) => members?.map((r) => r.case_id);

  it('keeps each slice its attempts in order, whether it holds all of them, the first ones or others', () => {
    const results = [
      result({ case_id: 'a', tags: ['x', 'y'] }),
      result({ case_id: 'b', tags: ['x'] }),
      result({ case_id: 'c', tags: ['y', 'x'] }),
      result({ case_id: 'd', suite: 'other', tags: ['y'] }),
    ];
    const groups = groupBySlice(results);
    expect([...groups.keys()]).toEqual(['suite:other', 'suite:support', 'tag:x', 'tag:y']);
    expect(ids(groups.get('suite:support'))).toEqual(['a', 'b', 'c']);
    expect(ids(groups.get('tag:x'))).toEqual(['a', 'b', 'c']);
    expect(ids(groups.get('tag:y'))).toEqual(['a', 'c', 'd']);
    expect(ids(groups.get('suite:other'))).toEqual(['d']);
  });

  it('gives a slice holding every attempt the results themselves, and leaves out what `include` refuses', () => {
    const results = [result({ case_id: 'a' }), result({ case_id: 'b', status: 'failed' }), result({ case_id: 'c' })];
    expect(groupBySlice(results).get('suite:support')).toBe(results);
    expect(ids(groupBySlice(results, (r) => r.status === 'passed').get('suite:support'))).toEqual(['a', 'c']);
    expect(ids(groupBySlice(results, (r) => r.case_id !== 'a').get('suite:support'))).toEqual(['b', 'c']);
  });
});
