import { describe, expect, it } from 'vitest';
import { jsonDuplicateKey } from '../../../src/config/json-duplicate-key.js';

describe('jsonDuplicateKey', () => {
  it('finds the second of two keys of one object, at its opening quote', () => {
    const text = '{"a": 1, "b": {"c": 2}, "a": 3}';
    expect(jsonDuplicateKey(text)).toEqual({ at: text.lastIndexOf('"a"'), key: 'a' });
  });

  it('tells keys from values, nested objects and arrays apart, and reads escaped quotes inside strings', () => {
    expect(jsonDuplicateKey('{"a": "a", "b": {"a": 1}, "c": [{"a": 1}, {"a": 2}], "d": "x\\\\"}')).toBeUndefined();
    expect(jsonDuplicateKey('{"k\\"": 1, "k": 2}')).toBeUndefined();
    expect(jsonDuplicateKey('{"k\\"": 1, "k\\"": 2}')).toMatchObject({ key: 'k\\"' });
    expect(jsonDuplicateKey('[{"a": 1, "b": [1, {"b": 2, "b": 3}]}]')).toMatchObject({ key: 'b' });
  });
});
