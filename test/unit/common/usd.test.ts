import { describe, expect, it } from 'vitest';
import { formatCapUsd, formatSpend, significantUsd } from '../../../src/common/usd.js';
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
