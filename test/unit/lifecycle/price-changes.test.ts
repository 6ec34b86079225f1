import { describe, expect, it } from 'vitest';
import { modelsPriced, priceChangeNote } from '../../../src/lifecycle/price-changes.js';
import { buildBaseline, parseBaseline, serializeBaseline } from '../../../src/gate/baseline.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { pricesUsed } from '../../../src/config/price-keys.js';
import { result } from '../gate/results-builder.js';
import { pricedUsage } from '../../../src/environment/pricing.js';
import { measureModels } from '../../../src/score/measures.js';

const called = (model: string) => ({ [model]: { calls: 1, input_tokens: 100, output_tokens: 10, cost_usd: 0.001 } });
const results = [result({ case_id: 'a', models: called('gpt-x-2026-01-01') }), result({ case_id: 'b', models: called('small') })];
const PRICES = { 'gpt-x': { input_per_mtok: 2.5, output_per_mtok: 10 }, small: { input_per_mtok: 0.1, output_per_mtok: 0.4 }, unused: { input_per_mtok: 1, output_per_mtok: 1 } };
const baselineAt = (pricing: Record<string, { input_per_mtok: number; output_per_mtok: number }>) =>
  buildBaseline({ results, metrics: computeMetrics(results), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp', pricing: pricesUsed(pricing, modelsPriced(results)) });

describe('the prices a baseline records and the note on prices changed since', () => {
  it('records the keys that priced a call (a dated id by its model\'s key), version 4; none, and the version it had, when none did', () => {
    const baseline = baselineAt(PRICES);
    expect(baseline.version).toBe(4);
    expect(baseline.pricing).toEqual({ 'gpt-x': PRICES['gpt-x'], small: PRICES.small });
    const unpriced = baselineAt({});
    expect(unpriced.version).toBe(1);
    expect(unpriced).not.toHaveProperty('pricing');
  });

  it('names each price that moved under the same key, only its sides that moved; nothing for a price added, removed, or a baseline that records none', () => {
    const baseline = baselineAt(PRICES);
    expect(priceChangeNote({ baseline, pricing: PRICES, results })).toEqual([]);
    const dearer = { ...PRICES, 'gpt-x': { input_per_mtok: 3, output_per_mtok: 12 }, small: { input_per_mtok: 0.1, output_per_mtok: 0.6 } };
    expect(priceChangeNote({ baseline, pricing: dearer, results })).toEqual([
      expect.stringMatching(/^Prices changed since the baseline was made \("gpt-x" input \$2\.5 → \$3, output \$10 → \$12 per million tokens; "small" output \$0\.4 → \$0\.6 per million tokens\): /),
    ]);
    // small's price removed (its calls now unpriced: the run warns of that), unused's changed: no call priced by both.
    expect(priceChangeNote({ baseline, pricing: { 'gpt-x': PRICES['gpt-x'], unused: { input_per_mtok: 9, output_per_mtok: 9 } }, results })).toEqual([]);
    expect(priceChangeNote({ baseline: baselineAt({}), pricing: dearer, results })).toEqual([]);
  });

  it('notes no change of a price the file keeps rounded to 4 decimals (written, read back, compared with the config as written)', () => {
    // 0.00035 is kept as 0.0003 and 0.00295 as 0.0029: in floating point each lies a hair over half a unit away.
    const pricing = { ...PRICES, 'gpt-x': { input_per_mtok: 0.00035, output_per_mtok: 0.00295 } };
    const baseline = parseBaseline(serializeBaseline(baselineAt(pricing)), 'agentready.baseline.json');
    expect(baseline.pricing?.['gpt-x']).toEqual({ input_per_mtok: 0.0003, output_per_mtok: 0.0029 });
    expect(priceChangeNote({ baseline, pricing, results })).toEqual([]);
    // A move the file can hold is still named.
    expect(priceChangeNote({ baseline, pricing: { ...pricing, 'gpt-x': { input_per_mtok: 0.0004, output_per_mtok: 0.00295 } }, results })).toEqual([expect.stringContaining('"gpt-x" input $0.0003 → $0.0004 per million tokens')]);
  });

  it('counts only the prices that priced a call: a model whose agent reported each call\'s cost_usd records none, and a change of its price is no note', () => {
    const usage = (model: string, cost_usd?: number) => pricedUsage(PRICES, { model, input_tokens: 100, output_tokens: 10, cost_usd });
    // `small`'s calls all came with their cost; `gpt-x` reported one call's cost, and pricing priced the other.
    const reported = [
      result({ case_id: 'a', models: measureModels({ usage: [usage('small', 0.5), usage('gpt-x', 0.5), usage('gpt-x')] }) }),
      result({ case_id: 'b', models: measureModels({ usage: [usage('small', 0.25)] }) }),
    ];
    expect(reported[0]!.models).toEqual({
      small: { calls: 1, input_tokens: 100, output_tokens: 10, cost_usd: 0.5, reported_calls: 1 },
      'gpt-x': { calls: 2, input_tokens: 200, output_tokens: 20, cost_usd: 0.5 + 0.00035, reported_calls: 1 },
    });
    expect([...modelsPriced(reported)]).toEqual(['gpt-x']);
    const baseline = buildBaseline({ results: reported, metrics: computeMetrics(reported), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp', pricing: pricesUsed(PRICES, modelsPriced(reported)) });
    expect(baseline.pricing).toEqual({ 'gpt-x': PRICES['gpt-x'] });
    expect(priceChangeNote({ baseline, pricing: { ...PRICES, small: { input_per_mtok: 9, output_per_mtok: 9 } }, results: reported })).toEqual([]);
  });
});
