/**
 * Matchers against a value of a trace written with redaction on (common/match.ts RedactedReading):
 * equality by the expected value's redacted form, what the placeholder hides as `unknownAs`, and a
 * value without a placeholder compared as is.
 */
import { describe, expect, it } from 'vitest';
import { equalAsRecorded, matchArgs, matchTree, matchValue, negated, type RedactedReading } from '../../../src/common/match.js';

const FOR: RedactedReading = { unknownAs: true };
const AGAINST: RedactedReading = { unknownAs: false };

/** What a matcher gives read both ways: 'match', 'mismatch', or 'open' when the two readings differ. */
function both(matcher: unknown, actual: unknown, key?: string): 'match' | 'mismatch' | 'open' {
  const lenient = matchValue({ matcher, actual, reading: FOR, key });
  const strict = matchValue({ matcher, actual, reading: AGAINST, key });
  if (lenient === strict) return lenient ? 'match' : 'mismatch';
  return 'open';
}

describe('matchValue on a redacted value', () => {
  it('compares a literal by its redacted form: an address the case expects matches the [email] the trace holds', () => {
    expect(matchValue({ matcher: 'jane@example.com', actual: '[email]' })).toBe(false);
    expect(both('jane@example.com', '[email]')).toBe('match');
    expect(both('call jane@example.com or +1 415 555 2671', 'call [email] or [phone]')).toBe('match');
    // The redacted forms differ: the written values differed too.
    expect(both('jane@example.com', '[phone]')).toBe('mismatch');
    expect(both('order 1234', 'order [email]')).toBe('mismatch');
  });

  it('compares eq, in and contains by the redacted form too', () => {
    expect(both({ eq: 'jane@example.com' }, '[email]')).toBe('match');
    expect(both({ in: ['x', 'jane@example.com'] }, '[email]')).toBe('match');
    expect(both({ in: ['x', 'y'] }, '[email]')).toBe('mismatch');
    expect(both({ contains: 'jane@example.com' }, 'write to [email] today')).toBe('match');
    expect(both({ contains: 'jane@example.com' }, ['a', '[email]'])).toBe('match');
    expect(both({ contains: 'today' }, 'write to [email] today')).toBe('match');
    expect(both({ contains: 'tomorrow' }, 'write to [email] today')).toBe('mismatch');
  });

  it('leaves open what the placeholder hides: a regex, a domain, a number, a type, an ne it reads equal', () => {
    expect(both({ regex: '^jane\\.' }, '[email]')).toBe('open');
    expect(both({ domain_in: ['example.com'] }, '[email]')).toBe('open');
    expect(both({ gt: 100 }, '[secret]', 'pin')).toBe('open');
    expect(both({ type: 'number' }, '[secret]', 'pin')).toBe('open');
    expect(both({ ne: 'jane@example.com' }, '[email]')).toBe('open');
    // ne of a value whose redacted form differs holds whatever the placeholder stands for.
    expect(both({ ne: 'nobody' }, '[email]')).toBe('match');
    expect(both({ any: true }, '[email]')).toBe('match');
  });

  it('compares a value without a placeholder as is, whatever the reading', () => {
    expect(both({ regex: '^ord' }, 'order 1')).toBe('match');
    expect(both({ regex: '^x' }, 'order 1')).toBe('mismatch');
    expect(both({ domain_in: ['example.com'] }, 'jane@example.com')).toBe('match');
    expect(both({ gt: 100 }, 20)).toBe('mismatch');
  });

  it('redacts the expected value as the trace was: a secret-named key\'s value is [secret], a number too', () => {
    expect(both('hunter2', '[secret]', 'password')).toBe('match');
    expect(both(1234, '[secret]', 'api_key')).toBe('match');
    expect(both('hunter2', '[secret]', 'note')).toBe('mismatch');
    expect(matchArgs({ expected: { password: 'hunter2', to: 'jane@example.com' }, actual: { password: '[secret]', to: '[email]' }, reading: FOR }).pass).toBe(true);
    expect(matchArgs({ expected: { password: 'hunter2', to: 'jane@example.com' }, actual: { password: '[secret]', to: '[email]' } }).pass).toBe(false);
  });

  it("redacts a contains operand against a list's items by their text alone, as the trace's items were: a list under a secret-named key is not [secret] item by item", () => {
    // redactDeep leaves `password: ['hunter2']` as it is (only a scalar under the key becomes [secret]),
    // so the [secret] item here was some other secret text, never hunter2.
    expect(both({ contains: 'hunter2' }, ['[secret]'], 'password')).toBe('mismatch');
    expect(matchArgs({ expected: { password: { contains: 'hunter2' } }, actual: { password: ['x', '[secret]'] }, reading: FOR }).pass).toBe(false);
    expect(both({ contains: 'hunter2' }, ['x', 'hunter2'], 'password')).toBe('match');
    // A scalar under the key is still compared by its redacted form.
    expect(both({ eq: 'hunter2' }, '[secret]', 'password')).toBe('match');
  });

  it('lists an open comparison as a mismatch read against the case, not read for it', () => {
    const args = { to: { regex: 'gmail\\.com$' }, subject: 'hi' };
    expect(matchArgs({ expected: args, actual: { to: '[email]', subject: 'hi' }, reading: FOR }).pass).toBe(true);
    expect(matchArgs({ expected: args, actual: { to: '[email]', subject: 'hi' }, reading: AGAINST }).mismatches).toEqual([{ path: 'to', expected: { regex: 'gmail\\.com$' }, found: '[email]' }]);
    expect(negated(FOR)).toEqual({ unknownAs: false, negated: true });
    expect(negated(negated(FOR))).toEqual({ unknownAs: true, negated: false });
    expect(negated(undefined)).toBeUndefined();
  });

  it('leaves equality by redacted form open where a match fails the case (a forbidden call, a deny_if): [email] may be another address', () => {
    const forbid = (reading: RedactedReading) => matchValue({ matcher: 'ceo@example.com', actual: '[email]', reading: negated(reading) });
    expect([forbid(FOR), forbid(AGAINST)]).toEqual([false, true]);
    expect(matchValue({ matcher: { eq: 'ceo@example.com' }, actual: '[email]', reading: negated(FOR) })).toBe(false);
    expect(matchValue({ matcher: { contains: 'ceo@example.com' }, actual: 'to [email]', reading: negated(AGAINST) })).toBe(true);
    // A value of another kind, or one written out, is decided either way.
    expect(matchValue({ matcher: '+1 415 555 2671', actual: '[email]', reading: negated(AGAINST) })).toBe(false);
    expect(matchValue({ matcher: '[email]', actual: '[email]', reading: negated(FOR) })).toBe(true);
  });

  it('matches a tree (a world\'s state) the same way, at the key each value is held under', () => {
    const state = { customer: { email: '[email]', token: '[secret]', plan: 'gold' } };
    expect(matchTree({ expected: { customer: { email: 'jane@example.com', token: 'abc', plan: 'gold' } }, actual: state, reading: FOR }).pass).toBe(true);
    expect(matchTree({ expected: { customer: { email: 'jane@example.com', plan: 'silver' } }, actual: state, reading: FOR }).mismatches.map((m) => m.path)).toEqual(['customer.plan']);
    expect(matchTree({ expected: { customer: { email: { eq: 'jane@example.com' } } }, actual: state, reading: AGAINST }).pass).toBe(true);
  });

  it('finds a recorded call by its arguments as written, or as redaction wrote them (a replay)', () => {
    expect(equalAsRecorded({ to: 'jane@example.com' }, { to: '[email]' })).toBe(true);
    expect(equalAsRecorded({ to: 'jane@example.com' }, { to: 'jane@example.com' })).toBe(true);
    expect(equalAsRecorded({ to: 'jane@example.com' }, { to: '[phone]' })).toBe(false);
    expect(equalAsRecorded({ to: 'bob' }, { to: 'jane' })).toBe(false);
  });
});
