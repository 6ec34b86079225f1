import { describe, expect, it } from 'vitest';
import { count } from '../../../src/config/schema/count.js';

describe('count, the one owner of the card\'s and the weekly review\'s counts', () => {
  it('is a whole number, never negative', () => {
    expect([0, 3].map((n) => count().safeParse(n).success)).toEqual([true, true]);
    expect([-1, 1.5, '2'].map((n) => count().safeParse(n).success)).toEqual([false, false, false]);
  });
});
