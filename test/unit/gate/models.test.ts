// Calls, tokens and cost per model, over the run and per slice, with each model's share.
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { computeModelUsage } from '../../../src/gate/models.js';
import { measureModels } from '../../../src/score/measures.js';

function result(over: Partial<CaseResult>): CaseResult {
  return {
    suite: 's', case_id: 'c', attempt: 1, trace_id: 't', fingerprint: 'f', tags: [], status: 'passed', duration_ms: 1,
    cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [], ...over,
  };
}

describe('measureModels', () => {
  it('sums the calls a model answered by model id, leaving out calls the gateway answered itself', () => {
    const usage = [
      { model: 'small', input_tokens: 10, output_tokens: 2, cost_usd: 0.1, priced: true },
      { model: 'small', input_tokens: 5, output_tokens: 1, cost_usd: 0.05, priced: true, via: 'gateway' as const, answer: 'model' as const },
      { model: 'small', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway' as const, answer: 'rate_limit' as const },
      { model: 'large', input_tokens: 100, output_tokens: 20, cost_usd: 1, priced: true, via: 'gateway' as const, answer: 'truncated_stream' as const },
    ];
    expect(measureModels({ usage })).toEqual({
      small: { calls: 2, input_tokens: 15, output_tokens: 3, cost_usd: 0.15000000000000002 },
      large: { calls: 1, input_tokens: 100, output_tokens: 20, cost_usd: 1 },
    });
    expect(measureModels({ usage: [] })).toBeUndefined();
  });
});

describe('computeModelUsage', () => {
  it('gives each model its calls, tokens, cost and shares, overall and per slice, most calls first', () => {
    const results = [
      result({ case_id: 'a', tags: ['easy'], models: { small: { calls: 3, input_tokens: 30, output_tokens: 3, cost_usd: 0.01 } } }),
      result({ case_id: 'b', tags: ['hard'], risk: 'high', models: { small: { calls: 1, input_tokens: 10, output_tokens: 1, cost_usd: 0.01 }, large: { calls: 1, input_tokens: 50, output_tokens: 10, cost_usd: 0.08 } } }),
      result({ case_id: 'c', tags: ['easy'] }),
    ];
    const usage = computeModelUsage(results);
    expect(usage.overall).toEqual([
      { model: 'small', calls: 4, input_tokens: 40, output_tokens: 4, cost_usd: 0.02, call_share: 0.8, cost_share: expect.closeTo(0.2, 12) },
      { model: 'large', calls: 1, input_tokens: 50, output_tokens: 10, cost_usd: 0.08, call_share: 0.2, cost_share: expect.closeTo(0.8, 12) },
    ]);
    expect(Object.keys(usage.slices)).toEqual(['risk:high', 'suite:s', 'tag:easy', 'tag:hard']);
    expect(usage.slices['tag:easy']).toEqual([{ model: 'small', calls: 3, input_tokens: 30, output_tokens: 3, cost_usd: 0.01, call_share: 1, cost_share: 1 }]);
    expect(usage.slices['tag:hard']!.map((m) => [m.model, m.call_share])).toEqual([['large', 0.5], ['small', 0.5]]);
  });

  it('has no model and no slice for a run without model calls, and no cost share when nothing cost anything', () => {
    expect(computeModelUsage([result({})])).toEqual({ overall: [], slices: {} });
    expect(computeModelUsage([result({ models: { m: { calls: 1, input_tokens: 1, output_tokens: 1, cost_usd: 0 } } })]).overall[0]!.cost_share).toBeNull();
  });
});
