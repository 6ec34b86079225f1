/** Matchers at the edges mutation testing found unpinned: array equality, undefined keys, numeric and domain operators. */
import { describe, expect, it } from 'vitest';
import { matchArgs, matchValue } from '../../../src/common/match.js';
import { deepEqual, isPlainObject } from '../../../src/config/json-value.js';

describe('deepEqual on arrays', () => {
  it('needs every item equal, not some', () => {
    expect(deepEqual([1, 2], [1, 3])).toBe(false);
    expect(deepEqual([{ a: 1 }, { b: 2 }], [{ a: 1 }, { b: 3 }])).toBe(false);
    expect(deepEqual([1, 2], [1, 2])).toBe(true);
  });

  it('needs the same length, either way round', () => {
    expect(deepEqual([1], [1, 2])).toBe(false);
    expect(deepEqual([1, 2], [1])).toBe(false);
    expect(deepEqual([], [undefined])).toBe(false);
  });

  it('never equals an array to a non-array or an object with index keys', () => {
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual({ 0: 1 }, [1])).toBe(false);
    expect(deepEqual([], '')).toBe(false);
  });
});

describe('deepEqual on objects', () => {
  it('ignores keys whose value is undefined, on either side', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });

  it('needs the same key set, not just as many keys', () => {
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: { x: 1 } }, { a: { x: 2 } })).toBe(false);
  });

  it('never equals an object to null or a primitive', () => {
    expect(deepEqual({}, null)).toBe(false);
    expect(deepEqual({}, 'x')).toBe(false);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(false);
  });

  it('isPlainObject is true only for non-null, non-array objects', () => {
    expect([{}, [], null, 'x', 1].map(isPlainObject)).toEqual([true, false, false, false, false]);
  });
});

describe('matchValue on literals', () => {
  it('matches arrays item by item, at the same length', () => {
    expect(matchValue({ matcher: [1, { gt: 1 }], actual: [1, 5] })).toBe(true);
    expect(matchValue({ matcher: [1, { gt: 1 }], actual: [1, 0] })).toBe(false);
    expect(matchValue({ matcher: [1, 2], actual: [1, 2, 3] })).toBe(false);
    expect(matchValue({ matcher: [1, 2, 3], actual: [1, 2] })).toBe(false);
    expect(matchValue({ matcher: [1], actual: { 0: 1 } })).toBe(false);
  });

  it('matches objects on their defined keys only, and never a non-object', () => {
    expect(matchValue({ matcher: { a: 1, b: undefined }, actual: { a: 1 } })).toBe(true);
    expect(matchValue({ matcher: { a: 1 }, actual: { a: 1, b: undefined } })).toBe(true);
    expect(matchValue({ matcher: { a: 1, b: 2 }, actual: { a: 1, c: 2 } })).toBe(false);
    expect(matchValue({ matcher: { a: 1 }, actual: null })).toBe(false);
    expect(matchValue({ matcher: { a: 1 }, actual: [1] })).toBe(false);
  });
});

describe('matchValue: numeric operators take finite numbers only', () => {
  it.each([
    [{ lt: 20 }, Number.NEGATIVE_INFINITY],
    [{ gt: 0 }, Number.POSITIVE_INFINITY],
    [{ gte: 0 }, Number.NaN],
    [{ lte: 5 }, null],
    [{ lt: '20' }, 10],
    [{ lte: '20' }, 10],
    [{ gt: '1' }, 10],
    [{ gte: '1' }, 10],
    [{ gt: 5 }, '10'],
    [{ gte: 5 }, '10'],
    [{ lt: 5 }, '1'],
  ])('%j never matches %j', (matcher, actual) => {
    expect(matchValue({ matcher, actual })).toBe(false);
  });

  it('compares at the boundaries', () => {
    expect(matchValue({ matcher: { gt: 0 }, actual: 0.001 })).toBe(true);
    expect(matchValue({ matcher: { gte: 0 }, actual: -0.001 })).toBe(false);
    expect(matchValue({ matcher: { lte: 20 }, actual: 20.001 })).toBe(false);
    expect(matchValue({ matcher: { lt: 20 }, actual: 19.999 })).toBe(true);
  });
});

describe('matchValue: other operators', () => {
  it('in needs a list', () => {
    expect(matchValue({ matcher: { in: 'abc' }, actual: 'a' })).toBe(false);
  });

  it('regex uses Unicode semantics, caches a pattern and its failure', () => {
    expect(matchValue({ matcher: { regex: '^\\p{Lu}' }, actual: 'Émile' })).toBe(true);
    expect(matchValue({ matcher: { regex: '^\\p{Lu}' }, actual: 'émile' })).toBe(false);
    expect(matchValue({ matcher: { regex: '[' }, actual: '[' })).toBe(false);
    expect(matchValue({ matcher: { regex: '[' }, actual: '[' })).toBe(false);
    expect(matchValue({ matcher: { regex: 5 }, actual: '5' })).toBe(false);
    expect(matchValue({ matcher: { regex: '^42$' }, actual: 42 })).toBe(false);
  });

  it('contains on a string needs a string operand', () => {
    expect(matchValue({ matcher: { contains: 1 }, actual: 'a1' })).toBe(false);
    expect(matchValue({ matcher: { contains: 'a' }, actual: null })).toBe(false);
  });

  it('any matches false and 0, not only truthy values', () => {
    expect(matchValue({ matcher: { any: true }, actual: false })).toBe(true);
    expect(matchValue({ matcher: { any: true }, actual: 0 })).toBe(true);
  });

  it('type knows booleans, and nothing of a non-JSON value', () => {
    expect(matchValue({ matcher: { type: 'boolean' }, actual: false })).toBe(true);
    expect(matchValue({ matcher: { type: 'string' }, actual: false })).toBe(false);
    expect(matchValue({ matcher: { type: 'number' }, actual: 1.5 })).toBe(true);
    expect(matchValue({ matcher: { type: 'integer' }, actual: '3' })).toBe(false);
    expect(matchValue({ matcher: { type: 'object' }, actual: { a: 1 } })).toBe(true);
    expect(matchValue({ matcher: { type: 'object' }, actual: null })).toBe(false);
    expect(matchValue({ matcher: { type: 'null' }, actual: undefined })).toBe(false);
    expect(matchValue({ matcher: { type: 'array' }, actual: { 0: 1 } })).toBe(false);
    for (const type of ['object', 'string', 'number', 'null', 'array', 'boolean', 'function']) {
      expect(matchValue({ matcher: { type }, actual: () => 1 })).toBe(false);
    }
  });
});

describe('matchValue: domain_in', () => {
  const inExample = (value: unknown, domains: unknown[] = ['example.com']) => matchValue({ matcher: { domain_in: domains }, actual: value });

  it('accepts a domain written with a leading @ or dot, in any case, with a trailing dot', () => {
    expect(inExample('bob@example.com', ['@example.com'])).toBe(true);
    expect(inExample('bob@mail.example.com', ['.example.com'])).toBe(true);
    expect(inExample('bob@example.com', ['EXAMPLE.com.'])).toBe(true);
    expect(inExample('bob@example.com', [' example.com '])).toBe(true);
    expect(inExample('bob@EXAMPLE.COM.')).toBe(true);
  });

  it('skips a domain entry that is no string or is empty, and needs a list', () => {
    expect(inExample('bob@example.com', [42, 'example.com'])).toBe(true);
    expect(inExample('bob@example.com', [42])).toBe(false);
    expect(inExample('bob@example.com', [''])).toBe(false);
    expect(inExample('bob@example.com', ['@'])).toBe(false);
    expect(matchValue({ matcher: { domain_in: 'example.com' }, actual: 'bob@example.com' })).toBe(false);
  });

  it('reads the host after the @ of one address, trimmed; an @ in the local part only quoted', () => {
    expect(inExample('  "a@b"@example.com  ')).toBe(true);
    expect(inExample('bob@evil.io@example.com')).toBe(false);
    expect(inExample('bob@example.com@evil.io')).toBe(false);
    expect(inExample('mailto:bob@example.com')).toBe(true);
  });

  it('needs something before the @, and a valid host after it', () => {
    expect(inExample('@example.com')).toBe(false);
    expect(inExample('bob@exa>mple.com')).toBe(false);
    expect(inExample('bob@bad_x.example.com')).toBe(false);
    expect(inExample('bob@exa_mple.com')).toBe(false);
    expect(inExample('bob@example..com')).toBe(false);
    expect(inExample('bob@')).toBe(false);
  });

  it('reads a URL\'s host, and fails a URL that does not parse', () => {
    expect(inExample('HTTPS://Example.com:8443/path')).toBe(true);
    expect(inExample('  https://api.example.com/  ')).toBe(true);
    expect(inExample('ftp://files.example.com')).toBe(true);
    expect(inExample('https://bob@example.com/')).toBe(true);
    expect(inExample('http://')).toBe(false);
    expect(inExample('https://[::1]/')).toBe(false);
    expect(inExample('1http://example.com')).toBe(false);
  });

  it('takes a bare host as it is, a sub-domain included, but not a look-alike', () => {
    expect(inExample('api.example.com')).toBe(true);
    expect(inExample('api-example.com')).toBe(false);
    expect(inExample('example.com/path')).toBe(false);
    expect(inExample('')).toBe(false);
  });
});

describe('matchArgs: where a mismatch is reported', () => {
  it('names an extra key inside a literal object, and any array of another length as a whole', () => {
    const result = matchArgs({ expected: { customer: { id: 'c-9' }, items: [1, 2] }, actual: { customer: { id: 'c-9', vip: true }, items: [1, 2, 3] } });
    expect(result).toEqual({
      pass: false,
      mismatches: [
        { path: 'customer.vip', expected: undefined, found: true },
        { path: 'items', expected: [1, 2], found: [1, 2, 3] },
      ],
    });
  });

  it('does not descend into an operator object, nor into a literal object against a non-object', () => {
    expect(matchArgs({ expected: { a: { in: [{ x: 1 }] } }, actual: { a: { x: 2 } } }).mismatches).toEqual([{ path: 'a', expected: { in: [{ x: 1 }] }, found: { x: 2 } }]);
    expect(matchArgs({ expected: { a: { x: 1 } }, actual: { a: [1] } }).mismatches).toEqual([{ path: 'a', expected: { x: 1 }, found: [1] }]);
    expect(matchArgs({ expected: { a: [1] }, actual: { a: 'x' } }).mismatches).toEqual([{ path: 'a', expected: [1], found: 'x' }]);
  });

  it('ignores keys whose expected value is undefined, and with exact an undefined actual key', () => {
    expect(matchArgs({ expected: { a: 1, b: undefined }, actual: { a: 1 } })).toEqual({ pass: true, mismatches: [] });
    expect(matchArgs({ expected: { a: 1 }, actual: { a: 1, b: undefined }, exact: true })).toEqual({ pass: true, mismatches: [] });
  });

  it('fails null or an array as arguments', () => {
    expect(matchArgs({ expected: {}, actual: null }).pass).toBe(false);
    expect(matchArgs({ expected: {}, actual: [] }).pass).toBe(false);
  });
});
