import { describe, expect, it } from 'vitest';
import { mcnemarExact, wilson } from '../../../src/gate/intervals.js';
import { percentile } from '../../../src/gate/percentile.js';

describe('wilson', () => {
  // Newcombe (1998), Stat Med 17:857–872, Table II, method 3 (score interval, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    // statsmodels proportion_confint(count, nobs, method='wilson')
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
  ])('%i/%i → [%f, %f]', (successes, n, low, high) => {
    const interval = wilson({ successes, n })!;
    expect(interval[0]).toBeCloseTo(low, 4);
    expect(interval[1]).toBeCloseTo(high, 4);
  });

  it('stays within [0, 1] at 0% and 100%', () => {
    expect(wilson({ successes: 0, n: 3 })![0]).toBe(0);
    expect(wilson({ successes: 3, n: 3 })![1]).toBeLessThanOrEqual(1);
  });

  // summary.json wrote `"high": 0.9999999999999999` for 4 of 4 passed: the bound is exactly 1 (and 0 at 0%), not a rounding of it.
  it('bounds 100% by exactly 1 and 0% by exactly 0, for every n', () => {
    for (let n = 1; n <= 2000; n++) {
      expect(wilson({ successes: n, n })![1]).toBe(1);
      expect(wilson({ successes: 0, n })![0]).toBe(0);
    }
  });

  it('is null for n = 0', () => {
    expect(wilson({ successes: 0, n: 0 })).toBeNull();
  });

  it('narrows with a smaller z', () => {
    const [low, high] = wilson({ successes: 8, n: 10, z: 1 })!;
    expect(high - low).toBeLessThan(0.9433 - 0.4902);
  });
});

describe('mcnemarExact', () => {
  it.each([
    [1, 6, 0.125],
    [6, 1, 0.125],
    [0, 5, 0.0625],
    [2, 10, 0.03857421875], // scipy binomtest(2, 12, 0.5).pvalue
    [100, 150, 0.001883300935076157],
    [0, 1, 1],
    [3, 3, 1],
    [0, 0, 1],
  ])('b=%i c=%i → p=%f', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 10);
  });

  it('does not underflow for large discordant counts', () => {
    expect(mcnemarExact(600, 600)).toBe(1);
    const p = mcnemarExact(500, 700);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-6);
  });
});

describe('percentile (linear, numpy default)', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 95, 3.85],
    [[50, 15, 40, 20, 35], 40, 29],
    [[7], 95, 7],
    [[3, 1, 2], 0, 1],
    [[3, 1, 2], 100, 3],
  ])('%j p%i = %f', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('is null with no values', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('edge cases of the statistics', () => {
  // Hand-computed from Wilson's formula; n = 1 is the smallest suite there is.
  it.each([
    [1, 1, 0.2065, 1],
    [0, 1, 0, 0.7935],
    [1, 10, 0.0179, 0.4042], // statsmodels proportion_confint(1, 10, method='wilson')
    [19, 20, 0.7639, 0.9911],
  ])('wilson(%i, %i) → [%f, %f]', (successes, n, low, high) => {
    const [lo, hi] = wilson({ successes, n })!;
    expect(lo).toBeCloseTo(low, 4);
    expect(hi).toBeCloseTo(high, 4);
  });

  it('McNemar: a tie of discordant pairs is p = 1, and one-sided runs halve each step', () => {
    expect(mcnemarExact(4, 4)).toBe(1);
    expect(mcnemarExact(5, 0)).toBeCloseTo(0.0625, 12);
    expect(mcnemarExact(6, 0)).toBeCloseTo(0.03125, 12); // scipy binomtest(0, 6, 0.5).pvalue
    expect(mcnemarExact(3, 1)).toBeCloseTo(0.625, 12);
  });
});
