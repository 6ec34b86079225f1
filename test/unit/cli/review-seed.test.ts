// `review --seed`: what a user sees of a refused seed (exit 2, message and hint) is weekly-review.test.ts's (e2e).
import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../../src/cli/actions/review.js';
import { UsageError } from '../../../src/errors.js';

describe('review --seed', () => {
  it('is digits within 2^53: "" read as 0, "0x10" as 16, and 99999999999999999999 as 1e20, another seed\'s sample', () => {
    expect(parseSeed('7')).toBe(7);
    expect(parseSeed(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const seed of ['', '0x10', '99999999999999999999', String(Number.MAX_SAFE_INTEGER + 1)]) {
      let thrown: unknown;
      try {
        parseSeed(seed);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, seed).toBeInstanceOf(UsageError);
      expect(thrown).toMatchObject({ message: `bad --seed "${seed}"`, hint: 'give a whole number of at most 9007199254740991, e.g. --seed 7' });
    }
  });
});
