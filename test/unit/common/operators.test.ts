import { describe, expect, it } from 'vitest';
import { judgeValue, matchValue } from '../../../src/common/match.js';
import { held, OPERATORS } from '../../../src/common/operators.js';
import { regexTimedOut } from '../../../src/config/user-regex.js';

const undecided = (why: string) => ({ kind: 'undecided', why });

describe('operators answer holds, fails or undecided', () => {
  it('a numeric operator (gt): a number compared, a value of another type undecided, an absent one failing', () => {
    expect(OPERATORS.gt(100, 5000)).toEqual({ kind: 'holds' });
    expect(OPERATORS.gt(100, 50)).toEqual({ kind: 'fails' });
    expect(OPERATORS.gt(100, '5000')).toEqual(undecided('a string that gt cannot read (it reads a number)'));
    expect(OPERATORS.gt(100, Number.NaN)).toEqual(undecided('NaN that gt cannot read (it reads a number)'));
    expect(OPERATORS.gt(100, undefined)).toEqual({ kind: 'fails' });
  });

  it('a string operator (regex): a pattern tested, a list undecided, a test past its time limit undecided', () => {
    expect(OPERATORS.regex('^a', 'abc')).toEqual({ kind: 'holds' });
    expect(OPERATORS.regex('^b', 'abc')).toEqual({ kind: 'fails' });
    expect(OPERATORS.regex('^a', ['abc'])).toEqual(undecided('a list that regex cannot read (it reads a string)'));
    expect(OPERATORS.regex('^(a+)+$', `${'a'.repeat(40)}!`)).toEqual(undecided(regexTimedOut('^(a+)+$')));
  });

  it('a string-or-list operator (contains) and a host operator (domain_in)', () => {
    expect(OPERATORS.contains('b', ['a', 'b'])).toEqual({ kind: 'holds' });
    expect(OPERATORS.contains('c', 'abc')).toEqual({ kind: 'holds' });
    expect(OPERATORS.contains('c', { c: 1 })).toEqual(undecided('an object that contains cannot read (it reads a string or a list)'));
    expect(OPERATORS.domain_in(['example.com'], 'bob@example.com')).toEqual({ kind: 'holds' });
    expect(OPERATORS.domain_in(['example.com'], 'bob@other.com')).toEqual({ kind: 'fails' });
    expect(OPERATORS.domain_in(['example.com'], ['bob@example.com'])).toEqual(undecided('a list that domain_in cannot read (it reads one email address, URL or host name)'));
  });

  it('an operator that reads any value (eq, in, type, any) never answers undecided', () => {
    expect(OPERATORS.eq({ a: 1 }, { a: 1 })).toEqual({ kind: 'holds' });
    expect(OPERATORS.in([1, 2], '1')).toEqual({ kind: 'fails' });
    expect(OPERATORS.type('number', '5')).toEqual({ kind: 'fails' });
    expect(OPERATORS.any(true, undefined)).toEqual({ kind: 'fails' });
  });
});

describe('judgeValue: the first part that does not hold answers for the whole', () => {
  it('an undecided operator before a failing one is the answer, a failing one before it is', () => {
    expect(judgeValue({ matcher: { gt: 1, eq: 3 }, actual: '2' })).toEqual(undecided('a string that gt cannot read (it reads a number)'));
    expect(judgeValue({ matcher: { eq: 3, gt: 1 }, actual: '2' })).toEqual({ kind: 'fails' });
    expect(judgeValue({ matcher: [{ lt: 9 }, { gt: 1 }], actual: [5, 'x'] })).toEqual(undecided('a string that gt cannot read (it reads a number)'));
    expect(judgeValue({ matcher: { n: { gt: 1 } }, actual: { n: 2 } })).toEqual({ kind: 'holds' });
  });

  it('the boolean readers (matchValue, held) read undecided as no match', () => {
    expect(held(undecided('x') as never)).toBe(false);
    expect(matchValue({ matcher: { gt: 1 }, actual: '5000' })).toBe(false);
    expect(matchValue({ matcher: { gt: 1 }, actual: 5000 })).toBe(true);
  });
});
