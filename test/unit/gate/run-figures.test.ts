// A run's metrics and model usage added up as its attempts end (RunFiguresTally, fed by the
// run's FigureStore in plan order) are computeMetrics's and computeModelUsage's, to the last bit.
import { describe, expect, it, vi } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { computeModelUsage } from '../../../src/gate/models.js';
import { RunFiguresTally } from '../../../src/gate/run-figures.js';
import { FigureStore, type CaseFigures, type FigureFold } from '../../../src/score/index.js';
import { result } from './results-builder.js';

// Spied on, to tell the end-of-run pass from the figures added up during the run.
vi.mock('../../../src/gate/metrics.js', async (original) => {
  const actual = await original<typeof import('../../../src/gate/metrics.js')>();
  return { ...actual, computeMetrics: vi.fn(actual.computeMetrics) };
});

/** A small deterministic random source. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** n attempts of several suites, tags, risks, statuses and models, with costs whose sum depends on the order added. */
function attempts(n: number, seed: number, over: (i: number) => Partial<CaseResult> = () => ({})): CaseResult[] {
  const next = random(seed);
  const statuses = ['passed', 'passed', 'failed', 'error', 'skipped'] as const;
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[Math.floor(next() * statuses.length)]!;
    const cost = Math.round(next() * 1e6) / 1e7;
    const models: CaseResult['models'] = next() < 0.2 ? undefined
      : next() < 0.8 ? { small: { calls: 1, input_tokens: 10, output_tokens: 2, cost_usd: cost } }
        : { small: { calls: 2, input_tokens: 5, output_tokens: 1, cost_usd: cost / 3 }, large: { calls: 1, input_tokens: 100, output_tokens: 9, cost_usd: cost * 0.7 } };
    return result({
      case_id: `c${i}`,
      suite: next() < 0.5 ? 'orders' : 'refunds',
      status,
      tags: next() < 0.3 ? ['slow', 'adversarial:prompt_injection'] : next() < 0.5 ? ['slow'] : [],
      ...(next() < 0.4 ? { risk: 'high' as const } : {}),
      duration_ms: Math.round(next() * 5000) / 7,
      cost_usd: cost,
      retries: Math.floor(next() * 3),
      ...(models ? { models } : {}),
      ...over(i),
    });
  });
}

/** Records the results into a run's FigureStore in `order` (indexes), feeding `fold`; returns the store's list. */
function run(results: readonly CaseResult[], order: readonly number[], fold: FigureFold): readonly CaseFigures[] {
  const store = new FigureStore(results.length, fold);
  for (const index of order) store.record(index, results[index]!);
  return store.list();
}

function shuffled(n: number, seed: number): number[] {
  const next = random(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The tally's figures are the end-of-run pass's; `added`: whether the tally computed them itself, or took that pass. */
function expectBatchFigures(tally: RunFiguresTally, figures: readonly CaseFigures[], added: boolean): void {
  vi.mocked(computeMetrics).mockClear();
  const { metrics, models } = tally.finish(figures);
  expect(vi.mocked(computeMetrics).mock.calls.length).toBe(added ? 0 : 1);
  expect(metrics).toStrictEqual(computeMetrics(figures));
  expect(models).toStrictEqual(computeModelUsage(figures));
}

describe('RunFiguresTally', () => {
  it('adds up attempts ending in any order as computeMetrics and computeModelUsage compute them at the end', () => {
    for (const seed of [1, 2, 3]) {
      const results = attempts(300, seed);
      const tally = new RunFiguresTally();
      expectBatchFigures(tally, run(results, shuffled(results.length, seed), tally), true);
    }
  });

  it('goes on from the attempts added when some never ended (an interrupted run)', () => {
    const results = attempts(200, 7);
    const order = shuffled(results.length, 7).filter((index) => index % 17 !== 5);
    const tally = new RunFiguresTally();
    expectBatchFigures(tally, run(results, order, tally), true);
  });

  it('gives a slice holding every attempt the overall figures themselves', () => {
    const results = attempts(50, 4, () => ({ suite: 'one', tags: [], risk: undefined, models: { small: { calls: 1, input_tokens: 1, output_tokens: 1, cost_usd: 0.1 } } }));
    const tally = new RunFiguresTally();
    const { metrics, models } = tally.finish(run(results, shuffled(results.length, 4), tally));
    expect(metrics.slices['suite:one']).toBe(metrics.overall);
    expect(models.slices['suite:one']).toBe(models.overall);
  });

  it('adds up a slice that held every attempt until late in the run as computeMetrics does (its figures went on from the overall ones)', () => {
    for (const seed of [11, 12]) {
      // The first 150 attempts are all of suite `orders`, tagged `slow`, high risk: each of those slices holds every attempt until the 151st.
      const results = attempts(300, seed, (i) => (i < 150 ? { suite: 'orders', tags: ['slow'], risk: 'high' } : {}));
      const tally = new RunFiguresTally();
      const figures = run(results, shuffled(results.length, seed), tally);
      expectBatchFigures(tally, figures, true);
      const { metrics } = tally.finish(figures);
      expect(metrics.slices['suite:orders']).not.toBe(metrics.overall);
      expect(metrics.slices['suite:orders']!.attempts).toBeGreaterThan(150);
    }
  });

  it('takes the end-of-run pass for a run with repeats', () => {
    const results = attempts(120, 5, (i) => ({ case_id: `c${i % 40}`, attempt: Math.floor(i / 40) + 1, suite: 'orders' }));
    const tally = new RunFiguresTally();
    const figures = run(results, shuffled(results.length, 5), tally);
    expectBatchFigures(tally, figures, false);
    expect(tally.finish(figures).metrics.overall.repeat).toBe(3);
  });

  it('takes the end-of-run pass when an attempt already added is recorded again', () => {
    const results = attempts(60, 6);
    const again = result({ ...results[3]!, status: 'failed', cost_usd: 9 });
    const tally = new RunFiguresTally();
    const store = new FigureStore(results.length, tally);
    results.forEach((kept, index) => store.record(index, kept));
    store.record(3, again);
    const figures = store.list();
    expect(figures[3]!.cost_usd).toBe(9);
    expectBatchFigures(tally, figures, false);
  });

  it('computes from scratch figures it did not see added (another source)', () => {
    const results = attempts(80, 8);
    const tally = new RunFiguresTally();
    run(results.slice(0, 10), shuffled(10, 8), tally);
    expectBatchFigures(tally, run(results, shuffled(results.length, 9), { add: () => undefined, stale: () => undefined }), false);
  });
});

describe('FigureStore with a fold', () => {
  it('tells each attempt once, in plan order, once every attempt before it was recorded', () => {
    const results = attempts(6, 3);
    const told: string[] = [];
    const store = new FigureStore(results.length, { add: (figures) => told.push(figures.case_id), stale: () => told.push('stale') });
    for (const index of [2, 0, 1, 5, 3]) store.record(index, results[index]!);
    expect(told).toEqual(['c0', 'c1', 'c2', 'c3']);
    store.record(4, results[4]!);
    store.record(1, results[1]!);
    expect(told).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'stale']);
  });
});
