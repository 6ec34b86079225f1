import { describe, expect, it } from 'vitest';
import { jsonPathOffset } from '../../../src/config/json-path-offset.js';

describe('jsonPathOffset: where the value at a path is in JSON text', () => {
  const text = '{"a": "x\\"]}", "b": [1, {"c": [true, null, "here"]}], "a": {"d": 2}}';

  it('finds a value past strings holding quotes and brackets, in nested arrays', () => {
    expect(jsonPathOffset(text, { path: ['b', 1, 'c', 2] })).toBe(text.indexOf('"here"'));
  });

  it('reads a repeated key as JSON.parse does, the last one', () => {
    expect(jsonPathOffset(text, { path: ['a', 'd'] })).toBe(text.indexOf('2}}'));
  });

  it('stops at the deepest value the text holds when part of the path is missing', () => {
    expect(jsonPathOffset(text, { path: ['b', 1, 'missing'] })).toBe(text.indexOf('{"c"'));
    expect(jsonPathOffset(text, { path: ['b', 5] })).toBe(text.indexOf('[1'));
  });

  it('compares keys by the reader\'s own names', () => {
    const snake = ' {"span_id": 1, "start_time": "t"}';
    expect(jsonPathOffset(snake, { path: ['startTime'], keyName: (raw) => raw.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) })).toBe(snake.indexOf('"t"'));
  });
});
