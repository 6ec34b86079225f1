import { describe, expect, it } from 'vitest';
import { copyJson, hasOwnKey, setOwn } from '../../../src/config/own-key.js';

describe('copyJson', () => {
  it('copies every level: changing the copy leaves the original as it was', () => {
    const original = { a: [1, { b: 'x' }], c: { d: null, e: true }, f: undefined };
    const copy = copyJson(original);
    expect(copy).toEqual(original);
    expect(Object.keys(copy)).toEqual(['a', 'c', 'f']);
    (copy.a[1] as { b: string }).b = 'changed';
    copy.c.e = false;
    expect(original).toEqual({ a: [1, { b: 'x' }], c: { d: null, e: true }, f: undefined });
  });

  it('keeps a __proto__ key as an own key, not as the prototype', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as Record<string, unknown>;
    const copy = copyJson(original);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'k']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('gives primitives back as they are', () => {
    expect(copyJson('s')).toBe('s');
    expect(copyJson(0)).toBe(0);
    expect(copyJson(null)).toBe(null);
  });
});

describe('setOwn', () => {
  it('writes __proto__ as data', () => {
    const into: Record<string, unknown> = {};
    setOwn(into, '__proto__', 1);
    expect(Object.getPrototypeOf(into)).toBe(Object.prototype);
    expect(Object.keys(into)).toEqual(['__proto__']);
  });
});

describe('hasOwnKey', () => {
  it('answers as Object.hasOwn for the keys a for-in loop gives: an inherited enumerable key is not own, an own `__proto__` is', () => {
    class Base {
      own = 1;
    }
    (Base.prototype as unknown as Record<string, unknown>)['inherited'] = 'x';
    const instance = new Base();
    const parsed = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as Record<string, unknown>;
    const made = Object.create({ fromProto: true }) as Record<string, unknown>;
    made['mine'] = true;
    for (const value of [instance, parsed, made, { a: 1, 2: 'element' }]) {
      const seen: [string, boolean][] = [];
      for (const key in value) seen.push([key, hasOwnKey(value, key)]);
      expect(seen).toEqual(Object.keys(value).map((key) => [key, true]).concat(seen.filter(([key]) => !Object.hasOwn(value, key)).map(([key]) => [key, false])));
      expect(seen.map(([key, own]) => own === Object.hasOwn(value, key))).not.toContain(false);
    }
    expect(hasOwnKey(instance, 'inherited')).toBe(false);
    expect(hasOwnKey(parsed, '__proto__')).toBe(true);
    expect(hasOwnKey(made, 'fromProto')).toBe(false);
  });
});
