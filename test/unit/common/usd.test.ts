import { describe, expect, it } from 'vitest';
import { formatCapUsd, formatSpend, overCap, reachedCap, significantUsd } from '../../../src/common/usd.js';
import { runCostCap } from '../../../src/gate/run-end.js';
import { exhaustedCap } from '../../../src/environment/budgets.js';
import { formatValue } from '../../../src/gate/explain.js';

describe('formatSpend', () => {
  it('writes a spend to four significant digits, so it never reads as the cap it passed', () => {
    expect(formatSpend(0.0104)).toBe('$0.0104');
    expect(formatSpend(0.012345)).toBe('$0.01235');
    expect(formatSpend(2.5)).toBe('$2.5');
    expect(formatSpend(123456)).toBe('$123500');
    expect(formatSpend(0)).toBe('$0');
  });

  it('writes amounts below a millionth of a dollar as digits, never as an exponent', () => {
    expect(formatSpend(1e-7)).toBe('$0.0000001');
    expect(formatSpend(1.23456e-7)).toBe('$0.0000001235');
    expect(formatSpend(5e-9)).toBe('$0.000000005');
    expect(formatSpend(2e-300)).toBe('<$0.000000000001');
  });
});

describe('significantUsd', () => {
  it('is what the gate writes a dollar metric with (three digits), small ones included', () => {
    expect(significantUsd(0.0012345, 3)).toBe('$0.00123');
    expect(formatValue('cost_per_task', 2e-7)).toBe('$0.0000002');
    expect(formatValue('cost_per_task', 0.0012345)).toBe('$0.00123');
  });
});

describe('formatCapUsd', () => {
  it('names a cap as the config wrote it, in plain digits, never as an exponent', () => {
    expect(formatCapUsd(0.01)).toBe('0.01');
    expect(formatCapUsd(2)).toBe('2');
    expect(formatCapUsd(1e-7)).toBe('0.0000001');
    expect(formatCapUsd(1.23e-7)).toBe('0.000000123');
  });

  it('is how a tiny per-case cap reads in the message the agent gets', () => {
    const passed = exhaustedCap({ max_cost_usd: 1e-7 }, { toolCalls: 0, modelCalls: 0, costUsd: 2e-7 });
    expect(passed?.message).toBe('max_cost_usd 0.0000001 exceeded ($0.0000002 spent)');
  });
});

describe('reachedCap and overCap: a run cap against a floating-point sum of dollars', () => {
  const sum = (costs: number[]) => costs.reduce((a, b) => a + b, 0);

  it('six cases of $0.005 reach a $0.03 cap and are not past it (they sum to 0.030000000000000002: "<$0.000000000001 above" was said)', () => {
    const spent = sum(Array(6).fill(0.005));
    expect(spent).toBeGreaterThan(0.03);
    expect(reachedCap(spent, 0.03)).toBe(true);
    expect(overCap(spent, 0.03)).toBe(0);
    expect(runCostCap({ max_run_cost_usd: 0.03, spentUsd: spent })?.over_usd).toBe(0);
  });

  it('$0.70 and three of $0.10 reach a $1 cap though they sum to 0.9999999999999999 (one more case started)', () => {
    const spent = sum([0.7, 0.1, 0.1, 0.1]);
    expect(spent).toBeLessThan(1);
    expect(reachedCap(spent, 1)).toBe(true);
  });

  it('a real shortfall or overshoot, however small in cents, still counts', () => {
    expect(reachedCap(0.0299, 0.03)).toBe(false);
    expect(reachedCap(0.0000009, 0.000001)).toBe(false);
    expect(overCap(0.0301, 0.03)).toBeCloseTo(0.0001, 12);
    expect(overCap(0.5, 0)).toBe(0.5);
    expect(reachedCap(0, 0)).toBe(true);
  });
});
