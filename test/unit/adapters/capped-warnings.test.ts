import { describe, expect, it } from 'vitest';
import { CappedWarnings } from '../../../src/adapters/capped-warnings.js';

describe('CappedWarnings', () => {
  it('keeps the first max word for word and counts the rest in one more line', () => {
    const warnings = new CappedWarnings({ max: 2, more: (count) => `and ${count} more` });
    warnings.add('a');
    warnings.add('b');
    expect(warnings.list()).toEqual(['a', 'b']);
    warnings.add('c');
    warnings.add('d');
    expect(warnings.list()).toEqual(['a', 'b', 'and 2 more']);
  });

  it('lists nothing when nothing was added, and its list is a copy', () => {
    const warnings = new CappedWarnings({ max: 1, more: () => 'more' });
    const list = warnings.list();
    list.push('x');
    expect(warnings.list()).toEqual([]);
  });
});
