import { describe, expect, it } from 'vitest';
import { matchArgs, matchValue } from '../../../src/common/match.js';
import { deepEqual } from '../../../src/config/json-value.js';

describe('deepEqual', () => {
  it('ignores key order and compares arrays in order', () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
  });
});

describe('matchValue: literals', () => {
  it('compares primitives and objects deeply', () => {
    expect(matchValue({ matcher: '1234', actual: '1234' })).toBe(true);
    expect(matchValue({ matcher: '1234', actual: 1234 })).toBe(false);
    expect(matchValue({ matcher: { id: 'c-9', tier: 'gold' }, actual: { tier: 'gold', id: 'c-9' } })).toBe(true);
    expect(matchValue({ matcher: { id: 'c-9' }, actual: { id: 'c-9', extra: true } })).toBe(false);
    expect(matchValue({ matcher: [1, 2], actual: [1, 2] })).toBe(true);
  });

  it('lets nested values of a literal object be operators', () => {
    expect(matchValue({ matcher: { amount: { lte: 20 }, currency: 'EUR' }, actual: { currency: 'EUR', amount: 15 } })).toBe(true);
    expect(matchValue({ matcher: { amount: { lte: 20 }, currency: 'EUR' }, actual: { currency: 'EUR', amount: 25 } })).toBe(false);
  });

  it('treats an object with a non-operator key as a literal', () => {
    expect(matchValue({ matcher: { lte: 20, note: 'x' }, actual: { lte: 20, note: 'x' } })).toBe(true);
    expect(matchValue({ matcher: { lte: 20, note: 'x' }, actual: 10 })).toBe(false);
  });
});

describe('matchValue: operators', () => {
  it.each([
    [{ eq: { a: [1] } }, { a: [1] }, true],
    [{ eq: 1 }, 2, false],
    [{ ne: 'x' }, 'y', true],
    [{ ne: 'x' }, 'x', false],
    // An absent value matches no operator, ne included, as a policy condition on a missing value never holds (expect, forbid and when agree with the policy).
    [{ ne: 'x' }, undefined, false],
    [{ ne: 'x', any: true }, undefined, false],
    [{ lt: 20 }, 19.5, true],
    [{ lt: 20 }, 20, false],
    [{ lte: 20 }, 20, true],
    [{ gt: 0 }, 0, false],
    [{ gte: 0 }, 0, true],
    [{ lte: 20 }, '10', false],
    [{ gt: 1, lt: 5 }, 3, true],
    [{ gt: 1, lt: 5 }, 7, false],
    [{ in: ['a', 'b'] }, 'b', true],
    [{ in: [{ k: 1 }] }, { k: 1 }, true],
    [{ in: ['a'] }, 'c', false],
    [{ regex: '^ord-\\d+$' }, 'ord-42', true],
    [{ regex: '^ord-\\d+$' }, 42, false],
    [{ regex: '(' }, '(', false],
    [{ contains: 'fund' }, 'refund issued', true],
    [{ contains: 'x' }, 'abc', false],
    [{ contains: { id: 2 } }, [{ id: 1 }, { id: 2 }], true],
    [{ contains: 3 }, [1, 2], false],
    [{ contains: 'a' }, { a: 1 }, false],
    [{ any: true }, null, true],
    [{ any: true }, undefined, false],
    [{ type: 'integer' }, 3, true],
    [{ type: 'integer' }, 3.5, false],
    [{ type: 'number' }, 3, true],
    [{ type: 'object' }, [], false],
    [{ type: 'array' }, [], true],
    [{ type: 'null' }, null, true],
    [{ type: 'string' }, 's', true],
  ])('%j matches %j: %s', (matcher, actual, expected) => {
    expect(matchValue({ matcher, actual })).toBe(expected);
  });

  it.each([
    ['bob@example.com', true],
    ['Bob <bob@mail.Example.com>', true],
    ['bob@example.com.evil.io', false],
    ['bob@notexample.com', false],
    ['https://api.example.com/v1?x=1', true],
    ['https://example.com.evil.io/', false],
    ['https://user@evil.io/example.com', false],
    ['example.com', true],
    ['not a host', false],
    // Not one address of the domain: a list, a second @, text around it (an agent evading allow_only).
    ['a@evil.io,b@example.com', false],
    ['a@evil.io; b@example.com', false],
    ['<a@evil.io> b@example.com', false],
    ['Bob <a@evil.io>, <b@example.com>', false],
    ['a@evil.io\n@example.com', false],
    ['a@evil.io?@example.com', false],
    ['a@evil.io@example.com', false],
    ['a@evil.io (b@example.com)', false],
    // A URL whose host parsers read differently (WHATWG: example.com; Python's urllib: evil.io) is in no domain.
    ['https://example.com\\@evil.io/x', false],
    ['https://example.com:443\\@evil.io', false],
    ['https://a@evil.io@example.com/', false],
    ['https://exa\tmple.com/', false],
    ['https://user@example.com/x\\y', true],
    ['https://example.com/a@b', true],
  ])('domain_in [example.com] on %s: %s', (actual, expected) => {
    expect(matchValue({ matcher: { domain_in: ['example.com'] }, actual })).toBe(expected);
  });

  it('domain_in rejects non-strings', () => {
    expect(matchValue({ matcher: { domain_in: ['example.com'] }, actual: 42 })).toBe(false);
  });
});

describe('matchArgs', () => {
  it('matches a subset of the actual arguments', () => {
    expect(matchArgs({ expected: { order_id: '1234' }, actual: { order_id: '1234', verbose: true } })).toEqual({ pass: true, mismatches: [] });
  });

  it('with exact, reports keys the expectation does not name', () => {
    expect(matchArgs({ expected: { order_id: '1234' }, actual: { order_id: '1234', verbose: true }, exact: true })).toEqual({
      pass: false,
      mismatches: [{ path: 'verbose', expected: undefined, found: true }],
    });
  });

  it('does not match a named argument the call lacks with ne: the named arguments must be there', () => {
    expect(matchArgs({ expected: { currency: { ne: 'EUR' } }, actual: {} })).toEqual({ pass: false, mismatches: [{ path: 'currency', expected: { ne: 'EUR' }, found: undefined }] });
    expect(matchArgs({ expected: { currency: { ne: 'EUR' } }, actual: { currency: 'USD' } }).pass).toBe(true);
  });

  it('reports a missing key and a wrong value at their paths', () => {
    const result = matchArgs({ expected: { amount: { lte: 20 }, reason: { any: true } }, actual: { amount: 40 } });
    expect(result.pass).toBe(false);
    expect(result.mismatches).toEqual([
      { path: 'amount', expected: { lte: 20 }, found: 40 },
      { path: 'reason', expected: { any: true }, found: undefined },
    ]);
  });

  it('descends into literal objects and arrays to name the deepest path', () => {
    const result = matchArgs({ expected: { customer: { id: 'c-9', tier: 'gold' }, items: [1, { sku: 'A' }] }, actual: { customer: { id: 'c-8', tier: 'gold' }, items: [1, { sku: 'B' }] } });
    expect(result.mismatches.map((m) => m.path)).toEqual(['customer.id', 'items[1].sku']);
  });

  it('fails when the arguments are not an object', () => {
    expect(matchArgs({ expected: { a: 1 }, actual: 'a=1' })).toEqual({ pass: false, mismatches: [{ path: '', expected: { a: 1 }, found: 'a=1' }] });
  });

  it('matches anything with an empty expectation, unless exact', () => {
    expect(matchArgs({ expected: {}, actual: { a: 1 } }).pass).toBe(true);
    expect(matchArgs({ expected: {}, actual: { a: 1 }, exact: true }).pass).toBe(false);
  });
});

describe('matching a `__proto__` key', () => {
  const parsed = (json: string) => JSON.parse(json) as Record<string, unknown>;

  it('reads only an own key: absent is absent, not the prototype', () => {
    expect(matchArgs({ expected: parsed('{"__proto__":{"any":true}}'), actual: {} }).pass).toBe(false);
    expect(matchArgs({ expected: parsed('{"__proto__":{"any":true}}'), actual: parsed('{"__proto__":1}') }).pass).toBe(true);
    expect(matchValue({ matcher: parsed('{"__proto__":{"a":1}}'), actual: parsed('{"__proto__":{"a":1}}') })).toBe(true);
    expect(deepEqual(parsed('{"__proto__":{}}'), {})).toBe(false);
  });

  it('with exact, names an own `__proto__` the expectation lacks', () => {
    expect(matchArgs({ expected: { a: 1 }, actual: parsed('{"a":1,"__proto__":2}'), exact: true }).mismatches).toEqual([{ path: '__proto__', expected: undefined, found: 2 }]);
  });
});
