// The budget check and the hard stop: refused calls are free, ignoring the refusal is not.
import { describe, expect, it } from 'vitest';
import { scoreBudget } from '../../../src/score/budget.js';
import { trace } from './trace-builder.js';

const exhausted = { answer: 'budget_exhausted' as const, error: { kind: 'budget_exhausted', message: 'budget_exhausted: max_tool_calls 3 reached' } };

describe('scoreBudget and budget_exhausted', () => {
  it('passes an agent that stops at its first budget_exhausted (the refused call does not count)', () => {
    const t = trace().call('a').call('a').call('a').call('a', {}, exhausted).outcome('escalated').build();
    expect(scoreBudget(t, { run: { max_tool_calls: 3 } })).toEqual({ check: 'budget', pass: true });
  });

  it('fails an agent that keeps calling after budget_exhausted', () => {
    const t = trace().call('a').call('a').call('a').call('a', {}, exhausted).call('a', {}, exhausted).call('b', {}, exhausted).build();
    expect(scoreBudget(t, { run: { max_tool_calls: 3 } })).toEqual({
      check: 'budget',
      pass: false,
      reason: '2 tool calls after budget_exhausted (max_tool_calls 3 reached): the agent did not stop',
      expected: { max_tool_calls: 3, calls_after_budget_exhausted: 0 },
      found: { max_tool_calls: 3, max_model_calls: 0, max_cost_usd: 0, calls_after_budget_exhausted: 2 },
    });
  });

  it('passes calls made at once with the refusal (before its answer could reach the agent): they ignored no stop', () => {
    const atOnce = { ...exhausted, before_stop_seen: true as const };
    const t = trace().call('a').call('a').call('a').call('a', {}, exhausted).call('a', {}, atOnce).call('b', {}, atOnce).outcome('escalated').build();
    expect(scoreBudget(t, { run: { max_tool_calls: 3 } })).toEqual({ check: 'budget', pass: true });
    // A call made once the refusal could be seen still fails, naming the cap the refusal gave.
    t.tool_calls.push({ ...t.tool_calls[4]!, seq: 6, before_stop_seen: undefined });
    expect(scoreBudget(t, { run: { max_tool_calls: 3 } }).reason).toBe('1 tool call after budget_exhausted (max_tool_calls 3 reached): the agent did not stop');
  });

  it('fails model calls or cost past a cap even when the agent then stopped', () => {
    const t = trace().usage(0.01).usage(0.01).call('a', {}, exhausted).outcome('escalated').build();
    const result = scoreBudget(t, { run: { max_model_calls: 1 }, kase: { max_cost_usd: 0.015 } });
    expect(result.pass || result.reason).toBe('2 model calls > max_model_calls 1; $0.02 > max_cost_usd 0.015');
  });

  it('records the spend in `found` as its reason writes it, without the float noise of its sum', () => {
    const t = trace().usage(0.0138).usage(0.0138).usage(0.0138).usage(0.0138).usage(0.0138).usage(0.0138).build();
    const result = scoreBudget(t, { run: { max_cost_usd: 0.05 } });
    // Summed in order, six calls of $0.0138 are 0.08280000000000001.
    expect(result).toMatchObject({ reason: '$0.0828 > max_cost_usd 0.05', found: { max_cost_usd: 0.0828 } });
  });

  it('writes a spend just past its cap with the digits that show it past, in the reason and in `found` (not "$0.01 > max_cost_usd 0.01")', () => {
    const t = trace().usage(0.0025).usage(0.0025).usage(0.0025).usage(0.0025).usage(0.0000004).build();
    const result = scoreBudget(t, { run: { max_cost_usd: 0.01 } });
    expect(result).toMatchObject({ pass: false, reason: '$0.0100004 > max_cost_usd 0.01', found: { max_cost_usd: 0.0100004 } });
  });

  it('does not count model calls the gateway refused or faulted: no model answered them', () => {
    const t = trace().usage(0.01).outcome('escalated').build();
    const refused = { model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway' as const };
    t.usage.push({ ...refused, answer: 'budget_exhausted' }, { ...refused, answer: 'rate_limit' });
    expect(scoreBudget(t, { run: { max_model_calls: 1 } })).toEqual({ check: 'budget', pass: true });
    t.usage.push({ ...refused, answer: 'truncated_stream' });
    expect(scoreBudget(t, { run: { max_model_calls: 1 } }).pass).toBe(false);
  });

  it('counts served calls past the cap when nothing enforced it (a trace the agent reported)', () => {
    const t = trace().call('a').call('a').call('a').build();
    expect(scoreBudget(t, { run: {}, kase: { max_tool_calls: 2 } }).pass || 'failed').toBe('failed');
  });

  describe('model calls through the gateway', () => {
    const call = (at_ms: number, latency_ms: number, cost_usd: number, answer: 'model' | 'budget_exhausted' = 'model') =>
      ({ model: 'm', input_tokens: 1, output_tokens: 1, cost_usd, priced: true, via: 'gateway' as const, answer, at_ms, latency_ms });

    it('passes an agent that stopped at the cost refusal, though the call that crossed the cap overshot it', () => {
      const t = trace().outcome('escalated').build();
      t.usage.push(call(0, 10, 0.01), call(10, 10, 0.01), call(20, 0, 0, 'budget_exhausted'));
      expect(scoreBudget(t, { run: { max_cost_usd: 0.015 } })).toEqual({ check: 'budget', pass: true });
    });

    it('fails a call that started with the spend already past the cap (calls in flight at once)', () => {
      const t = trace().build();
      t.usage.push(call(0, 10, 0.02), call(5, 20, 0.01), call(15, 5, 0.01));
      expect(scoreBudget(t, { run: { max_cost_usd: 0.015 } }).reason).toBe('$0.04 > max_cost_usd 0.015');
      // The same spend in calls that all started under the cap: the gateway's stop held.
      t.usage.splice(2, 1);
      expect(scoreBudget(t, { run: { max_cost_usd: 0.015 } }).pass).toBe(true);
    });

    it('fails an agent that calls the model again after the gateway refused it for budget', () => {
      const t = trace().outcome('escalated').build();
      t.usage.push(call(0, 10, 0.01), call(10, 0, 0, 'budget_exhausted'), call(12, 0, 0, 'budget_exhausted'));
      expect(scoreBudget(t, { run: { max_model_calls: 1 } })).toMatchObject({
        pass: false,
        reason: '1 model call after budget_exhausted: the agent did not stop',
        found: { max_model_calls: 1, calls_after_budget_exhausted: 1 },
      });
    });

    it('counts only model calls that arrived once the refusal was answered, and names the cap it gave', () => {
      const t = trace().outcome('escalated').build();
      const refusal = { ...call(10, 4, 0, 'budget_exhausted'), message: 'max_model_calls 1 reached: stop calling the model and escalate or return a partial result' };
      // Arrived while the refusal was being answered: made at once with it.
      t.usage.push(call(0, 10, 0.01), refusal, call(12, 0, 0, 'budget_exhausted'));
      expect(scoreBudget(t, { run: { max_model_calls: 1 } })).toEqual({ check: 'budget', pass: true });
      t.usage.push(call(20, 0, 0, 'budget_exhausted'));
      expect(scoreBudget(t, { run: { max_model_calls: 1 } }).reason).toBe('1 model call after budget_exhausted (max_model_calls 1 reached): the agent did not stop');
    });
  });
});

describe('scoreBudget and unpriced models', () => {
  const unpriced = { model: 'mystery-1', input_tokens: 2_700_000, output_tokens: 1000, cost_usd: 0, priced: false };

  it('fails a cost cap it cannot verify: a model call with no price, named with how to price it', () => {
    const t = trace().usage(0.0001).build();
    t.usage.push({ ...unpriced }, { ...unpriced });
    const result = scoreBudget(t, { run: {}, kase: { max_cost_usd: 0.001 } });
    expect(result.pass).toBe(false);
    expect(result.pass || result.reason).toBe(
      'max_cost_usd 0.001 cannot be checked: model "mystery-1" (2 calls) has no price under `pricing:` and reported no cost_usd, so its calls counted as $0 (add it to `pricing:` or report cost_usd)',
    );
    expect(result.pass || result.found).toMatchObject({ unpriced_models: ['mystery-1'] });
    // First, so a diff cut at its start still names them beside the $0 their calls counted as.
    expect(Object.keys(result.pass ? {} : (result.found as object))[0]).toBe('unpriced_models');
  });

  it('keeps the warning-only behaviour when no cost cap applies, and ignores unpriced calls the gateway refused', () => {
    const t = trace().build();
    t.usage.push({ ...unpriced });
    expect(scoreBudget(t, { run: { max_model_calls: 5 } })).toEqual({ check: 'budget', pass: true });
    const refused = trace().build();
    refused.usage.push({ ...unpriced, input_tokens: 0, output_tokens: 0, answer: 'budget_exhausted', via: 'gateway' });
    expect(scoreBudget(refused, { run: { max_cost_usd: 0.001 } })).toEqual({ check: 'budget', pass: true });
  });
});
