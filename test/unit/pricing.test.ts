import { describe, expect, it } from 'vitest';
import { priceFor } from '../../src/config/pricing.js';

const mini = { input_per_mtok: 0.4, output_per_mtok: 1.6 };
const big = { input_per_mtok: 2, output_per_mtok: 8 };
const dated = { input_per_mtok: 0.3, output_per_mtok: 1.2 };

describe('priceFor', () => {
  it('takes the exact key first, else the longest key that is a prefix of the model id', () => {
    const pricing = { 'gpt-x': big, 'gpt-x-mini': mini, 'gpt-x-mini-2026-01-01': dated };
    expect(priceFor(pricing, 'gpt-x-mini-2026-01-01')).toBe(dated);
    expect(priceFor(pricing, 'gpt-x-mini-2026-02-01')).toBe(mini);
    expect(priceFor(pricing, 'gpt-x-2026-01-01')).toBe(big);
    expect(priceFor(pricing, 'gpt-x')).toBe(big);
  });

  it('prices no model that no key starts, nor by a key longer than the id or an inherited name', () => {
    const pricing = { 'gpt-x-mini': mini };
    expect(priceFor(pricing, 'other-model')).toBeUndefined();
    expect(priceFor(pricing, 'gpt-x')).toBeUndefined();
    expect(priceFor(pricing, 'toString')).toBeUndefined();
  });
});
