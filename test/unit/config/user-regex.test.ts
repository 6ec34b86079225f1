import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { SyncWorker } from '../../../src/config/sync-worker.js';
import { quantifierCounts, testUserRegex, USER_REGEX_MS } from '../../../src/config/user-regex.js';

describe('testUserRegex', () => {
  it('ends a catastrophically backtracking pattern on an agent\'s text after USER_REGEX_MS, as timed out (it held the whole run for ever)', () => {
    expect(testUserRegex('^(a+)+$', 'aaaa')).toBe('match');
    // The limit is read from what this thread waited with, not from a clock (a wall-clock bound
    // flakes under load): 'timed out' is its wait running out (2^40 steps never end), a wait of
    // USER_REGEX_MS on the worker's answer. A test that never ends runs into vitest's test timeout.
    const ask = vi.spyOn(SyncWorker.prototype, 'ask');
    const wait = vi.spyOn(Atomics, 'wait');
    try {
      expect(testUserRegex('^(a+)+$', `${'a'.repeat(40)}!`)).toBe('timed out');
      expect(ask.mock.calls).toEqual([[{ pattern: '^(a+)+$', text: `${'a'.repeat(40)}!` }, USER_REGEX_MS]]);
      const answerWaits = wait.mock.calls.flatMap((call, i) => (call[1] === 0 ? [[call[3], wait.mock.results[i]!.value]] : []));
      expect(answerWaits).toEqual([[USER_REGEX_MS, 'timed-out']]);
    } finally {
      ask.mockRestore();
      wait.mockRestore();
    }
    // The next test gets a worker of its own, the ended one's answer never read.
    expect(testUserRegex('^(a+)+$', 'aaab')).toBe('no match');
    expect(testUserRegex('^(a|b)+$', 'aaab')).toBe('match');
  });

  it('tests a pattern of several quantifiers on a long text in the worker: `.*refund.*issued.*confirmed` on a 42 KB output held the run for ever, deaf to SIGTERM', () => {
    // n^(q+1) steps: 42,000^4 here. The worker is asked (its answer stubbed: the real test never ends).
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      // First a text a test here still ends on (7,000^2 steps), so that the old routing fails this test instead of hanging it.
      expect(testUserRegex('.*confirmed', 'refund '.repeat(1000))).toBe('timed out');
      expect(testUserRegex('.*refund.*issued.*confirmed', 'refund issued '.repeat(3000))).toBe('timed out');
      expect(ask.mock.calls.map(([message]) => (message as { pattern: string }).pattern)).toEqual(['.*confirmed', '.*refund.*issued.*confirmed']);
      // Short texts, and patterns without quantifiers, are still tested here.
      expect(testUserRegex('.*refund.*issued', 'a refund issued')).toBe('match');
      expect(testUserRegex('refund of \\$34\\.99', `${'x'.repeat(100_000)} refund of $34.99`)).toBe('match');
      expect(ask).toHaveBeenCalledTimes(2);
    } finally {
      ask.mockRestore();
    }
  });

  it('counts the quantifiers that repeat, and the optional ones, not escaped ones nor those in a character class', () => {
    expect(quantifierCounts('.*a.*b')).toEqual({ repeating: 2, optional: 0 });
    expect(quantifierCounts('a+b{2,}c{1,3}d{2}e?')).toEqual({ repeating: 3, optional: 1 });
    expect(quantifierCounts('\\*\\+[*+{?]\\{1,}\\?')).toEqual({ repeating: 0, optional: 0 });
    expect(quantifierCounts('[\\]*]+x')).toEqual({ repeating: 1, optional: 0 });
    expect(quantifierCounts('plain text')).toEqual({ repeating: 0, optional: 0 });
    // Each | doubles too, as an optional quantifier does; not one in a class nor an escaped one.
    expect(quantifierCounts('(?:a|aa)(?:b|[|]|\\|)')).toEqual({ repeating: 0, optional: 3 });
    // A group's (? and a lazy quantifier's ? are no quantifiers.
    expect(quantifierCounts('(?:https?://)?(?<host>[a-z]+)\\.com/?.*?x{2}?')).toEqual({ repeating: 2, optional: 3 });
  });

  it('tests a pattern of many optional quantifiers in the worker: `\\s?` twenty times and an `x` took 1.2 s here on 60 spaces (31 s with 24), with no `*`, `+` nor repeated group', () => {
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      // 60 characters: a test here still ends (~1 s), so that the old routing fails this test instead of hanging it.
      expect(testUserRegex(`${'\\s?'.repeat(20)}x`, ' '.repeat(60))).toBe('timed out');
      expect(ask.mock.calls.map(([message]) => (message as { pattern: string }).pattern)).toEqual([`${'\\s?'.repeat(20)}x`]);
      // A few, on a long text, are tested here: 2^3 ways at each place.
      expect(testUserRegex('https?://(?:www\\.)?example\\.com/?', `${'x'.repeat(100_000)} https://example.com`)).toBe('match');
      expect(ask).toHaveBeenCalledTimes(1);
    } finally {
      ask.mockRestore();
    }
  });

  it('tests patterns that backtrack without end in the worker, and keeps those whose quantifiers cannot take what follows them here on long texts', () => {
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      const long = 'order 12 x '.repeat(200);
      // Catastrophic: a repeated group, quantifiers that share what they take, optional ones in a row.
      expect(testUserRegex('(a+)+$', 'aaaa')).toBe('timed out');
      expect(testUserRegex('(a|aa)*b', 'aaaa')).toBe('timed out');
      expect(testUserRegex('.*a.*b.*c', long)).toBe('timed out');
      expect(testUserRegex('order \\d+.*x.*shipped', long)).toBe('timed out');
      expect(testUserRegex(`${'\\s?'.repeat(20)}x`, ' '.repeat(30))).toBe('timed out');
      // Alternatives with no quantifier: 26 of these took 18 s on 60 a's here (20, 0.3 s, so that the old routing fails this test instead of hanging it).
      expect(testUserRegex(`${'(?:a|aa)'.repeat(20)}x`, 'a'.repeat(60))).toBe('timed out');
      expect(testUserRegex(`${'(?:a|aa|)'.repeat(20)}x`, 'a'.repeat(60))).toBe('timed out');
      expect(ask).toHaveBeenCalledTimes(7);
      // Harmless on 2,200 characters (the quantifier count alone sent the first past 215): \d+ cannot take the space after it, [^,]* the comma.
      expect(testUserRegex('order \\d+ .*shipped', `${long.slice(0, 1400)} order 7 shipped`)).toBe('match');
      expect(testUserRegex('[^,]*,', long.slice(0, 1800))).toBe('no match');
      expect(testUserRegex('^\\s*\\d+\\s*$', `${' '.repeat(50_000)}42${' '.repeat(50_000)}`)).toBe('match');
      expect(testUserRegex('order \\d+ x', long)).toBe('match');
      // Fixed words in a group, or at the top: at most one can match at a place.
      expect(testUserRegex('(?:refund|return) of \\$\\d+ .*issued', `${long.slice(0, 1000)} refund of $20 issued`)).toBe('match');
      expect(testUserRegex('refund|return|exchange|replacement|credit|voucher', `${'x'.repeat(100_000)} voucher`)).toBe('match');
      expect(ask).toHaveBeenCalledTimes(7);
    } finally {
      ask.mockRestore();
    }
  });

  it('tests a pattern with a back-reference in the worker on a text of 3,000 characters, as one that repeats twice', () => {
    // A back-reference compares up to the whole text each time it is tried, as a quantifier takes it:
    // `(.*)\1\1\1\1\1\1\1x` took 2 s on 3,162 a's on the run's thread (one quantifier counted: 3,162 allowed).
    expect(quantifierCounts('(.*)\\1x')).toEqual({ repeating: 2, optional: 0 });
    // Not an escaped backslash before a digit.
    expect(quantifierCounts('(?<n>a)\\k<n>\\\\1')).toEqual({ repeating: 1, optional: 0 });
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      expect(testUserRegex('(.*)\\1\\1x', 'a'.repeat(3000))).toBe('timed out');
      expect(testUserRegex('(?<word>.*)\\k<word>x', 'a'.repeat(3000))).toBe('timed out');
      expect(ask).toHaveBeenCalledTimes(2);
      // Short texts stay here.
      expect(testUserRegex('(.*)\\1', 'abab')).toBe('match');
      expect(ask).toHaveBeenCalledTimes(2);
    } finally {
      ask.mockRestore();
    }
  });

  it('answers no match, not timed out, when the worker\'s test throws (out of backtracking stack on a text of a few MB)', () => {
    // 6 M characters: V8 throws 'Maximum call stack size exceeded' in tens of ms, as it does on this thread.
    const text = 'ab'.repeat(3_000_000);
    expect(() => new RegExp('^((a)|(b))*c', 'u').test(text)).toThrow(RangeError);
    expect(testUserRegex('^((a)|(b))*c', text)).toBe('no match');
    expect(testUserRegex('^((a)|(b))*$', 'abab')).toBe('match');
  });

  it('reads a pattern as the u flag does: code points, \\u{…}, \\p{…}, a pair in the text', () => {
    expect(testUserRegex('^.$', '😀')).toBe('match');
    expect(testUserRegex('^[^a]$', '😀')).toBe('match');
    expect(testUserRegex('^\\u{1F600}$', '😀')).toBe('match');
    expect(testUserRegex('^\\p{Lu}+$', 'ÉCOLE')).toBe('match');
    expect(testUserRegex('^..$', 'é!')).toBe('match');
  });

  it('throws on a pattern the u flag refuses, as validate does', () => {
    expect(() => testUserRegex('a\\-b', 'a-b')).toThrow(SyntaxError);
    expect(() => testUserRegex('a{', 'a{')).toThrow(SyntaxError);
  });

  it('matches as the u-flag RegExp does on ASCII patterns and any text', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\w', '\\s', '\\d', '[^a]', '[a-c]', '\\b', '\\.', '(?:ab)', '(a|b)');
    const quantified = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{2}', '*?', '{1,3}')).map(([a, q]) => a + q);
    const pattern = fc.tuple(fc.boolean(), fc.array(quantified, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([start, body, end]) => `${start ? '^' : ''}${body.join('')}${end ? '$' : ''}`);
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ' ', '1', '.', '😀', 'é', '\n'), { maxLength: 8 }).map((chars) => chars.join(''));
    const outcome = (test: () => boolean | string) => {
      try {
        return test();
      } catch (error) {
        return (error as Error).name;
      }
    };
    fc.assert(fc.property(pattern, text, (p, t) => outcome(() => testUserRegex(p, t)) === outcome(() => (new RegExp(p, 'u').test(t) ? 'match' : 'no match'))), { numRuns: 500 });
  });
});
