import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { buildBaseline, parseBaseline, serializeBaseline } from '../../../src/gate/baseline.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { keepSteadyFigures } from '../../../src/gate/steady.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { result } from './results-builder.js';

/** A baseline as `baseline update` writes it and the next one reads it back (rounded figures). */
function baseline(results: CaseResult[], commit: string, uncommitted?: true) {
  const built = buildBaseline({ results, metrics: computeMetrics(results), agent: { name: 'a', version: '1' }, adapter: 'stdio', checkout: { commit, ...(uncommitted ? { uncommitted } : {}) }, fingerprint: 'f' });
  return parseBaseline(serializeBaseline(built), 'agentready.baseline.json');
}

const run = (durations: [number, number], costs: [number, number] = [0.01, 0.02], status: CaseResult['status'] = 'passed') => [
  result({ case_id: 'a', duration_ms: durations[0], cost_usd: costs[0] }),
  result({ case_id: 'b', duration_ms: durations[1], cost_usd: costs[1], status }),
];

describe('keepSteadyFigures', () => {
  it('an unchanged agent re-baselined leaves the file byte for byte, commit included', () => {
    const committed = baseline(run([1000, 2000]), 'old-commit');
    const next = baseline(run([1100, 1850], [0.0102, 0.0199]), 'new-commit');
    const { baseline: written, kept } = keepSteadyFigures({ next, previous: committed });
    expect(serializeBaseline(written)).toBe(serializeBaseline(committed));
    expect(kept).toBeGreaterThan(4);
  });

  it('an unchanged agent re-baselined from a checkout with changes not committed (or without) leaves the file as it was, version included', () => {
    const committed = baseline(run([1000, 2000]), 'old-commit');
    const dirty = baseline(run([1100, 1850]), 'new-commit', true);
    expect(serializeBaseline(keepSteadyFigures({ next: dirty, previous: committed }).baseline)).toBe(serializeBaseline(committed));
    expect(serializeBaseline(keepSteadyFigures({ next: committed, previous: dirty }).baseline)).toBe(serializeBaseline(dirty));
  });

  it('keeps no cost within noise when the prices moved: the costs are written as measured, at the prices the file now records', () => {
    const priced = (costs: [number, number], input_per_mtok: number) => ({ ...baseline(run([1000, 2000], costs), 'c'), version: 4 as const, pricing: { m: { input_per_mtok, output_per_mtok: 1 } } });
    const committed = priced([0.01, 0.02], 1);
    const cheaper = keepSteadyFigures({ next: priced([0.0098, 0.0196], 0.98), previous: committed }).baseline;
    expect(cheaper.cases['support/a']).toMatchObject({ cost_usd: 0.0098 });
    expect(cheaper.metrics.overall.cost_total).toBeCloseTo(0.0294);
    // At the same prices the same move is noise, kept as committed.
    expect(keepSteadyFigures({ next: priced([0.0098, 0.0196], 1), previous: committed }).baseline.cases['support/a']).toMatchObject({ cost_usd: 0.01 });
  });

  it('a figure past the tolerance is written as measured, and then the commit is the new one', () => {
    const committed = baseline(run([1000, 2000]), 'old-commit');
    const next = baseline(run([1600, 2000], [0.01, 0.03]), 'new-commit');
    const { baseline: written } = keepSteadyFigures({ next, previous: committed });
    expect(written.cases['support/a']).toMatchObject({ duration_ms: 1600 });
    expect(written.cases['support/b']).toMatchObject({ duration_ms: 2000, cost_usd: 0.03 });
    expect(written.provenance.commit).toBe('new-commit');
  });

  it('a case\'s duration, one attempt of an agent whose model answers slower or faster from run to run, keeps its committed value within half of it; the slices\' percentiles within 20%', () => {
    const committed = baseline(run([1000, 2000]), 'old');
    // a 40% slower and b 30% faster: one sample each, as re-running the same agent gives.
    const next = baseline(run([1400, 1400]), 'new');
    const { baseline: written } = keepSteadyFigures({ next, previous: committed });
    expect(written.cases['support/a']).toMatchObject({ duration_ms: 1000 });
    expect(written.cases['support/b']).toMatchObject({ duration_ms: 2000 });
    // p95 fell from 1950 to 1400 (28%): a move of the whole run, written as measured.
    expect(written.metrics.overall.p95_latency_ms).toBe(next.metrics.overall.p95_latency_ms);
    expect(written.metrics.overall.p95_latency_ms).not.toBe(committed.metrics.overall.p95_latency_ms);
  });

  it('a case whose verdict changed takes all its new figures; small timings move within 10 ms', () => {
    const committed = baseline(run([20, 2000]), 'old');
    const next = baseline(run([28, 2010], [0.01, 0.02], 'failed'), 'new');
    const { baseline: written } = keepSteadyFigures({ next, previous: committed });
    expect(written.cases['support/a']).toMatchObject({ duration_ms: 20 });
    expect(written.cases['support/b']).toMatchObject({ status: 'failed', duration_ms: 2010 });
  });

  it('never keeps a figure the gate would reject: a max_rise_pct below the noise allowed narrows it, and the same agent then passes', () => {
    const committed = baseline(run([1000, 2000], [0.01, 0.02]), 'old');
    // 4% dearer and 8% slower: within the 5% and 20% of noise, past a gate of 3% and 5%.
    const measured = run([1080, 2160], [0.0104, 0.0208]);
    const next = baseline(measured, 'new');
    expect(keepSteadyFigures({ next, previous: committed }).baseline.metrics.overall.cost_per_task).toBe(committed.metrics.overall.cost_per_task);
    const gate = { cost_per_task: { max_rise_pct: 3 }, slices: { 'suite:support': { p95_latency_ms: { max_rise_pct: 5 } } } };
    const { baseline: written } = keepSteadyFigures({ next, previous: committed, gate });
    expect(written.metrics.overall.cost_per_task).toBe(next.metrics.overall.cost_per_task);
    expect(written.metrics.slices['suite:support']!.p95_latency_ms).toBe(next.metrics.slices['suite:support']!.p95_latency_ms);
    expect(written.cases['support/a']).toMatchObject({ duration_ms: 1080, cost_usd: 0.0104 });
    const verdict = decideVerdict({ metrics: computeMetrics(measured), results: measured, gate, baseline: written, baselinePath: 'b.json' });
    expect(verdict.checks.filter((check) => !check.pass)).toEqual([]);
    // A move within half the gate's limit is still noise.
    const close = baseline(run([1000, 2000], [0.01014, 0.02028]), 'newer');
    expect(keepSteadyFigures({ next: close, previous: committed, gate }).baseline.cases['support/a']!.cost_usd).toBe(0.01);
  });

  it('judges a figure as the file will print it: baseline update measures unrounded means and percentiles, and one that prints within the tolerance is kept', () => {
    const committed = baseline(run([20, 2000], [0.01, 0.02]), 'old');
    // Not read back from a file, as baseline update builds it: a mean of attempts, 9.6 ms, prints as 10, exactly 10 ms from 20.
    const results = run([9.6, 2000], [0.01, 0.02]);
    const next = buildBaseline({ results, metrics: computeMetrics(results), agent: { name: 'a', version: '1' }, adapter: 'stdio', checkout: { commit: 'new' }, fingerprint: 'f' });
    const { baseline: written } = keepSteadyFigures({ next, previous: committed });
    expect(written.cases['support/a']).toMatchObject({ duration_ms: 20 });
    expect(serializeBaseline(written)).toBe(serializeBaseline(committed));
  });

  it('never writes a slice\'s p50 above its p95: when keeping one but not the other would cross them, both are written as measured', () => {
    // p50 28, p95 34; then every case at 20 ms: p50 within 10 ms (kept alone it would stay 28), p95 14 ms lower.
    const committed = baseline(run([20, 35]), 'old');
    const next = baseline(run([20, 20]), 'new');
    const { baseline: written } = keepSteadyFigures({ next, previous: committed });
    expect(committed.metrics.overall).toMatchObject({ p50_latency_ms: 28, p95_latency_ms: 34 });
    expect(written.metrics.overall).toMatchObject({ p50_latency_ms: 20, p95_latency_ms: 20 });
    expect(written.metrics.slices['suite:support']).toMatchObject({ p50_latency_ms: 20, p95_latency_ms: 20 });
  });

  it('with no committed baseline, the measured one is written', () => {
    const next = baseline(run([1000, 2000]), 'c');
    expect(keepSteadyFigures({ next, previous: undefined })).toEqual({ baseline: next, kept: 0 });
  });
});
