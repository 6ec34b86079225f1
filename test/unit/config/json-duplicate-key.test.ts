import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDuplicateKey } from '../../../src/config/json-duplicate-key.js';

/** A JSON value whose objects are lists of entries, so a key may be given twice; each key says how it is written. */
type Value = number | string | Value[] | { entries: Array<{ key: string; escaped: boolean; value: Value }> };

const keyChars = fc.constantFrom('a', 'b', '"', '\\', '{', '}', ',', ':', 'é', '\n');
const keyText = fc.array(keyChars, { maxLength: 2 }).map((chars) => chars.join(''));
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    keyText,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.record({ entries: fc.array(fc.record({ key: keyText, escaped: fc.boolean(), value: tie('value') }), { maxLength: 4 }) }),
  ),
}));

/** `key` as a JSON string, each character a \u escape when `escaped`. */
function writeKey(key: string, escaped: boolean): string {
  if (!escaped) return JSON.stringify(key);
  return `"${[...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

/** The text of `value`, and where each key starts (in text order) with whether an earlier key of its object is the same. */
function write(value: Value, keys: Array<{ at: number; repeated: boolean }>, offset: number): string {
  if (typeof value !== 'object') return JSON.stringify(value);
  const parts: string[] = [];
  let at = offset + 1;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = write(item, keys, at);
      parts.push(text);
      at += text.length + 2;
    }
    return `[${parts.join(', ')}]`;
  }
  const seen = new Set<string>();
  for (const entry of value.entries) {
    keys.push({ at, repeated: seen.has(entry.key) });
    seen.add(entry.key);
    const key = writeKey(entry.key, entry.escaped);
    const text = write(entry.value, keys, at + key.length + 2);
    parts.push(`${key}: ${text}`);
    at += key.length + 2 + text.length + 2;
  }
  return `{${parts.join(', ')}}`;
}

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

  it('reads a key written with escapes as the key it spells, as JSON.parse does', () => {
    expect(jsonDuplicateKey('{"a": 1, "\\u0061": 2}')).toEqual({ at: 9, key: '\\u0061' });
    expect(jsonDuplicateKey('{"\\/": 1, "/": 2}')).toMatchObject({ key: '/' });
    expect(jsonDuplicateKey('{"\\u0061b": 1, "\\u0062": 2}')).toBeUndefined();
  });

  it('finds the first repeated key in text order, or none, on any JSON text', () => {
    fc.assert(
      fc.property(value, (generated) => {
        const keys: Array<{ at: number; repeated: boolean }> = [];
        const text = write(generated, keys, 0);
        JSON.parse(text);
        const first = keys.filter((key) => key.repeated).sort((left, right) => left.at - right.at)[0];
        expect(jsonDuplicateKey(text)?.at).toBe(first?.at);
      }),
      { numRuns: 300 },
    );
  });
});
