import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../src/config/edit-distance.js';

describe('editDistance', () => {
  it('counts two neighbouring letters swapped as one edit', () => {
    expect(editDistance('jnuit', 'junit')).toBe(1);
    expect(editDistance('expcet', 'expect')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});
