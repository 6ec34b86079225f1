import { describe, expect, it } from 'vitest';
import { jsonNestedPast } from '../../../src/common/json-depth.js';

describe('jsonNestedPast', () => {
  it('finds the bracket that opens the level past the limit', () => {
    expect(jsonNestedPast('[[1]]', 2)).toBeUndefined();
    expect(jsonNestedPast('[[[1]]]', 2)).toBe(2);
    expect(jsonNestedPast('{"a": [{"b": 1}]}', 2)).toBe(7);
  });

  it('counts siblings once, and skips brackets inside strings, escaped quotes included', () => {
    expect(jsonNestedPast('[[1], [2], {"a": [3]}]', 3)).toBeUndefined();
    expect(jsonNestedPast('["[[[[", "\\\\", "\\"[[[["]', 1)).toBeUndefined();
    expect(jsonNestedPast('["\\"", [[1]]]', 2)).toBe(8);
  });
});
